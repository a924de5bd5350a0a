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
    # Heading and template of its section on the result page; one line per finding for the CLI.
    title: str
    template: str
    describe: Callable[[object], str]
    empty: str


RULES: dict[str, Rule] = {}


def register_check(
    key: str,
    label: str,
    *,
    count: Callable[[dict], int] | None = None,
    title: str = "",
    template: str = "reportcheck/rules/_findings.html",
    describe: Callable[[object], str] | None = None,
    empty: str = "未发现问题",
):
    """Register `fn(context) -> findings` under the CheckResult attribute `key`; findings are shown
    with `template` (line, text and problem by default) under `title`."""

    def decorate(fn):
        counter = count or (lambda result: len(result.get(key) or []))
        describer = describe or describe_finding
        RULES[key] = Rule(key, label, fn, counter, title or label, template, describer, empty)
        return fn

    return decorate


def describe_finding(f) -> str:
    return f"第{f.line}行“{f.text}”：{f.problem}"


def sections(result: dict) -> list[dict]:
    """The result page's section per rule."""
    return [
        {"title": rule.title, "template": rule.template, "findings": result.get(rule.key) or []}
        for rule in RULES.values()
    ]


def run_rules(context: Context, result, tick: Callable[[], None] | None = None) -> None:
    """Run every rule; `tick()` is told after each (a canceled check stops there)."""
    for rule in RULES.values():
        getattr(result, rule.key).extend(rule.run(context))
        if tick:
            tick()


# Importing the modules registers their rules, in the order of the summary's columns.
from fazhi.reportcheck.rules import rates, enumerations, approximations  # noqa: E402, F401, I001
