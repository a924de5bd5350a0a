"""The report check's rules: each module registers one with @register_check, and the check, the
summary table and its .xlsx iterate RULES — adding a rule touches its own module and nothing else.

A rule reads the report's body (paragraphs after the title and the numbered headings) and returns
its findings, which go into the CheckResult attribute named by its key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fazhi.reportcheck.loader import Paragraph


@dataclass(frozen=True)
class Context:
    """What a rule reads: the body's paragraphs and its numbered headings (checks.Heading)."""

    paragraphs: list[Paragraph]
    headings: list


@dataclass(frozen=True)
class Rule:
    key: str
    label: str
    run: Callable[[Context], list]
    # Problems in a stored result (JSON), for the summary table.
    count: Callable[[dict], int]


RULES: dict[str, Rule] = {}


def register_check(key: str, label: str, *, count: Callable[[dict], int] | None = None):
    """Register `fn(context) -> findings` under the CheckResult attribute `key`."""

    def decorate(fn):
        RULES[key] = Rule(key, label, fn, count or (lambda result: len(result.get(key) or [])))
        return fn

    return decorate


def run_rules(context: Context, result) -> None:
    for rule in RULES.values():
        getattr(result, rule.key).extend(rule.run(context))


# Importing the modules registers their rules, in the order of the summary's columns.
from fazhi.reportcheck.rules import rates, enumerations, approximations  # noqa: E402, F401, I001
