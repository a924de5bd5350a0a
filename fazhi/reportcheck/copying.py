"""Copying: paragraphs that repeat another township's report of the same year, or the same
township's report of the year before.

Paragraphs are compared in a normalised form — punctuation and spaces dropped, every digit turned
into "#" (a copy with new figures is still a copy), traditional characters already simplified by the
loader. Paragraphs shorter than MIN_CHARS (headings, "特此报告。", the date) are not compared.
A pair is a copy when its similarity (RapidFuzz's normalised Indel similarity, 2·LCS / total length)
reaches SIMILARITY_THRESHOLD (0.8: in our fixtures and in the published reports we read,
independently written paragraphs on the same theme stay below 0.5, while copies with a changed
name, figure or clause stay above 0.85).

The cost stays near-linear in the number of paragraphs: each paragraph is summarised by the
SKETCH smallest hashes of its 3-character shingles (a bottom-k MinHash sketch); only source
paragraphs sharing sketch hashes are candidates, at most CANDIDATES of them are compared, and
identical paragraphs are compared once.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from heapq import nsmallest
from zlib import crc32

from rapidfuzz.distance import Indel

from fazhi.reportcheck.loader import Paragraph

SIMILARITY_THRESHOLD = 0.8
MIN_CHARS = 40
_SHINGLE = 3
SKETCH = 16
CANDIDATES = 4
# A sketch hash shared by more paragraphs than this says nothing about which one is copied.
_POSTING_CAP = 32
_DROP = re.compile(r"[\s,.;:!?、。，；：！？“”‘’\"'()（）《》〈〉【】\[\]—…·-]")


def comparable(norm: str) -> str:
    return re.sub(r"\d", "#", _DROP.sub("", norm))


def sketch(text: str) -> list[int]:
    """The SKETCH smallest shingle hashes (stable across processes, unlike hash())."""
    shingles = {text[i : i + _SHINGLE] for i in range(len(text) - _SHINGLE + 1)}
    return nsmallest(SKETCH, (crc32(s.encode()) for s in shingles))


def similarity(a: str, b: str) -> float:
    return Indel.normalized_similarity(a, b)


@dataclass
class Source:
    """Another report to compare against: a label for the findings and its paragraphs' texts."""

    label: str
    texts: list[str]
    _prepared: list[str] | None = field(default=None, repr=False)

    def prepared(self) -> list[str]:
        """Distinct comparable paragraphs long enough to compare."""
        if self._prepared is None:
            seen = dict.fromkeys(c for c in map(comparable, self.texts) if len(c) >= MIN_CHARS)
            self._prepared = list(seen)
        return self._prepared


class _Index:
    """Sketch hash → the source paragraphs holding it."""

    def __init__(self, sources: list[Source]) -> None:
        self.entries: list[tuple[str, str]] = []  # (comparable text, source label)
        self.postings: dict[int, list[int]] = {}
        for source in sources:
            for text in source.prepared():
                k = len(self.entries)
                self.entries.append((text, source.label))
                for h in sketch(text):
                    posting = self.postings.setdefault(h, [])
                    if len(posting) < _POSTING_CAP:
                        posting.append(k)

    def best(self, own: str) -> tuple[float, str] | None:
        votes = Counter()
        for h in sketch(own):
            votes.update(self.postings.get(h, ()))
        best = None
        for k, _ in votes.most_common(CANDIDATES):
            text, label = self.entries[k]
            ratio = Indel.normalized_similarity(own, text, score_cutoff=SIMILARITY_THRESHOLD)
            if ratio >= SIMILARITY_THRESHOLD and (best is None or ratio > best[0]):
                best = (ratio, label)
        return best


def find_copies(paragraphs: list[Paragraph], sources: list[Source]) -> list[dict]:
    """One finding per paragraph that repeats a paragraph of a source (the most similar one)."""
    index = _Index(sources)
    if not index.entries:
        return []
    found = []
    known: dict[str, tuple[float, str] | None] = {}
    for para in paragraphs:
        own = comparable(para.norm)
        if len(own) < MIN_CHARS:
            continue
        if own not in known:
            known[own] = index.best(own)
        best = known[own]
        if best:
            found.append(
                {
                    "line": para.line,
                    "text": para.quote(0, len(para.norm)),
                    "source": best[1],
                    "similarity": round(best[0], 2),
                }
            )
    return found
