"""Copying: paragraphs that repeat another township's report of the same year, or the same
township's report of the year before.

Paragraphs are compared in a normalised form — punctuation and spaces dropped, every digit turned
into "#" (a copy with new figures is still a copy), traditional characters already simplified by the
loader. Paragraphs shorter than MIN_CHARS (headings, "特此报告。", the date) are not compared.
A pair is a copy when difflib's ratio reaches SIMILARITY_THRESHOLD (0.8: in our fixtures and in the
published reports we read, independently written paragraphs on the same theme stay below 0.5, while
copies with a changed name, figure or clause stay above 0.85). A cheap filter on shared 3-character
shingles keeps difflib to the few candidate pairs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from fazhi.reportcheck.loader import Paragraph

SIMILARITY_THRESHOLD = 0.8
MIN_CHARS = 40
_SHINGLE = 3
_SHINGLE_OVERLAP = 0.5
_DROP = re.compile(r"[\s,.;:!?、。，；：！？“”‘’\"'()（）《》〈〉【】\[\]—…·-]")


def comparable(norm: str) -> str:
    return re.sub(r"\d", "#", _DROP.sub("", norm))


def _shingles(text: str) -> set[str]:
    return {text[i : i + _SHINGLE] for i in range(len(text) - _SHINGLE + 1)}


@dataclass
class Source:
    """Another report to compare against: a label for the findings and its paragraphs' texts."""

    label: str
    texts: list[str]
    _prepared: list[tuple[str, set[str]]] = field(default_factory=list, repr=False)

    def prepared(self) -> list[tuple[str, set[str]]]:
        if not self._prepared:
            for text in self.texts:
                c = comparable(text)
                if len(c) >= MIN_CHARS:
                    self._prepared.append((c, _shingles(c)))
        return self._prepared


def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def find_copies(paragraphs: list[Paragraph], sources: list[Source]) -> list[dict]:
    """One finding per paragraph that repeats a paragraph of a source (the most similar one)."""
    found = []
    for para in paragraphs:
        own = comparable(para.norm)
        if len(own) < MIN_CHARS:
            continue
        own_shingles = _shingles(own)
        best: tuple[float, str] | None = None
        for source in sources:
            for text, shingles in source.prepared():
                overlap = len(own_shingles & shingles) / min(len(own_shingles), len(shingles))
                if overlap < _SHINGLE_OVERLAP:
                    continue
                ratio = similarity(own, text)
                if ratio >= SIMILARITY_THRESHOLD and (best is None or ratio > best[0]):
                    best = (ratio, source.label)
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
