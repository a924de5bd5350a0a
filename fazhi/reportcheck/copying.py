"""Copying: paragraphs that repeat another township's report of the same year, or the same
township's report of the year before.

Paragraphs are compared in a normalised form — punctuation and spaces dropped, every digit turned
into "#" (a copy with new figures is still a copy), traditional characters already simplified by the
loader. Paragraphs shorter than MIN_CHARS (headings, "特此报告。", the date) are not compared.
A pair is a copy when its similarity (RapidFuzz's normalised Indel similarity, 2·LCS / total length)
reaches SIMILARITY_THRESHOLD (0.8: in our fixtures and in the published reports we read,
independently written paragraphs on the same theme stay below 0.5, while copies with a changed
name, figure or clause stay above 0.85).

Reports drafted on fazhi share the drafter's template wording (its sentences and the phrases written
before figures): two townships' drafts would read as copies of each other though each states its own
figures. The check is given that wording (`boilerplate`, from fazhi.reports when installed) and leaves
it out of both sides before comparing; a paragraph is then compared only if what is left still holds
MIN_CHARS Chinese characters of its own, counted in runs of at least OWN_RUN — a template paragraph
leaves its figures, units, category labels and 一是/二是 as short runs between the cuts, a
hand-written one is untouched, so a copy of hand-written text is still found.

The cost stays near-linear in the number of paragraphs: each paragraph is summarised by the
SKETCH smallest hashes of its 3-character shingles (a bottom-k MinHash sketch); only source
paragraphs sharing sketch hashes are candidates, at most CANDIDATES of them are compared, and
identical paragraphs are compared once.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
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


_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
# A run of Chinese characters between template pieces and figures this long is the writer's own.
OWN_RUN = 6


def comparable(norm: str) -> str:
    return re.sub(r"\d", "#", _DROP.sub("", norm))


class Boilerplate:
    """Template wording to leave out before comparing (comparable form, longest first)."""

    def __init__(self, pieces) -> None:
        forms = sorted({comparable(p) for p in pieces} - {""}, key=lambda p: (-len(p), p))
        self.pattern = re.compile("|".join(map(re.escape, forms))) if forms else None

    def strip(self, text: str) -> str:
        """`text` (comparable) without the template wording; "" when too little of its own is left."""
        if self.pattern is None:
            return text
        cut = self.pattern.sub("|", text)
        if cut == text:
            return text
        # What a template leaves between its pieces and figures is labels, units and 一是/二是 — short
        # runs; only runs of OWN_RUN characters or more are wording of the report's own.
        own = sum(len(run) for run in _HAN_RUN.findall(cut) if len(run) >= OWN_RUN)
        return cut.replace("|", "") if own >= MIN_CHARS else ""


_NONE = Boilerplate(())
_cache: dict[tuple, Boilerplate] = {}


def compiled(pieces: tuple[str, ...]) -> Boilerplate:
    """One compiled Boilerplate per wording (the drafter's is the same for every check)."""
    if pieces not in _cache:
        _cache.clear()
        _cache[pieces] = Boilerplate(pieces)
    return _cache[pieces]


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

    def prepared(self, plate: Boilerplate = _NONE) -> list[str]:
        """Distinct comparable paragraphs long enough to compare, template wording left out."""
        if self._prepared is None:
            own = (plate.strip(comparable(t)) for t in self.texts)
            self._prepared = list(dict.fromkeys(c for c in own if len(c) >= MIN_CHARS))
        return self._prepared


class _Index:
    """Sketch hash → the source paragraphs holding it."""

    def __init__(self, sources: list[Source], plate: Boilerplate) -> None:
        self.entries: list[tuple[str, str]] = []  # (comparable text, source label)
        self.postings: dict[int, list[int]] = {}
        for source in sources:
            for text in source.prepared(plate):
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


def find_copies(
    paragraphs: list[Paragraph],
    sources: list[Source],
    *,
    boilerplate: tuple[str, ...] = (),
    tick: Callable[[], None] | None = None,
    batch: int = 200,
) -> list[dict]:
    """One finding per paragraph that repeats a paragraph of a source (the most similar one).

    `boilerplate` is template wording left out of both sides; `tick()` is told after each `batch`
    paragraphs (a canceled check stops there)."""
    plate = compiled(boilerplate) if boilerplate else _NONE
    index = _Index(sources, plate)
    if not index.entries:
        return []
    found = []
    known: dict[str, tuple[float, str] | None] = {}
    for n, para in enumerate(paragraphs, 1):
        if tick and n % batch == 0:
            tick()
        own = plate.strip(comparable(para.norm))
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
