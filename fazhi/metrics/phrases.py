"""The phrase table: how a report words each metric. The drafter writes `say` right before a figure it
binds to the metric, and the report check recognises a stated figure as the metric whose phrase leads up
to it (`say` itself, or the looser `lead` pattern of hand-written reports), so the two cannot drift apart.

Each ledger app declares the phrases of its own metrics in its `metrics.py`, next to the metrics.
A phrase with `part_of` is a 其中 breakdown: it matches only after 其中 following its parent's figure in
the same sentence ("全年开展合法性审查19件，其中…重大行政决策1件" is the review breakdown, not the
decisions ledger). A phrase with `follows` matches only after that metric's figure in the same sentence
(a 12345 on-time rate after the 12345 ticket count, not after the 互联网+督查 count).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "COUNT",
    "ITEMS",
    "NOT_SEP",
    "PEOPLE",
    "PEOPLE_TIMES",
    "TIMES",
    "Phrase",
    "all_phrases",
    "register",
    "say",
]

COUNT = ("件次", "件", "起", "宗")
ITEMS = ("件", "项", "个", "起")
TIMES = ("次", "场", "场次", "期")
PEOPLE_TIMES = ("人次",)
PEOPLE = ("人", "名")
# Any character of the same clause (not a clause separator, after the check's normalisation).
NOT_SEP = "[^,;:。]"


@dataclass(frozen=True)
class Phrase:
    """The words before one metric's number: as drafted (`say`) and as reports vary them (`lead`)."""

    metric: str
    say: str = ""
    lead: str = ""  # a regex anchored at the number ($); empty: `say` only
    units: tuple[str, ...] = ()  # empty: the units of the metric's own family
    context: str | None = None  # a regex the sentence must also match
    part_of: str | None = None
    follows: str | None = None


_PHRASES: list[Phrase] = []


def register(*phrases: Phrase) -> None:
    for phrase in phrases:
        if not (phrase.say or phrase.lead):
            raise ValueError(f"phrase of {phrase.metric} needs say or lead")
        if phrase not in _PHRASES:
            _PHRASES.append(phrase)


def all_phrases() -> tuple[Phrase, ...]:
    return tuple(_PHRASES)


def say(metric_id: str) -> str | None:
    """The words the drafter writes right before a figure of `metric_id`; None when none is declared."""
    return next((p.say for p in _PHRASES if p.metric == metric_id and p.say), None)
