"""The whole check of one report: the text checks, then — where the township is on the platform —
figures against the records and coverage, and copies of other filed reports."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.db.models import Q

from fazhi.reportcheck.checks import CheckResult, check_text
from fazhi.reportcheck.copying import Source, find_copies
from fazhi.reportcheck.coverage import check_ledgers, check_problems
from fazhi.reportcheck.deadlines import judge as judge_deadlines
from fazhi.reportcheck.drafts import template_wording
from fazhi.reportcheck.figures import compare_figures
from fazhi.reportcheck.loader import ReportText, report_from_string

# Steps told to `progress`: each text rule, the structure, the records, and the copies by batch of
# COPY_BATCH paragraphs; a canceled check stops between two of them.
COPY_BATCH = 200

_TOWNSHIP_IN_ORGAN = re.compile(
    r"^(?:中共|中国共产党)?([\u4e00-\u9fff]{1,10}?(?:镇|乡|街道))(?:党委|委员会|人民政府|政府|办事处|党工委|工作委员会)"
)


def resolve_township(value: str, district=None):
    """A township on the platform by 区划代码, full name or short name; None if there is none."""
    from fazhi.orgs.models import Organisation

    value = value.strip()
    if not value:
        return None
    qs = Organisation.objects.townships()
    if district is not None:
        qs = qs.filter(district=district)
    return (
        qs.filter(code=value).first()
        or qs.filter(name=value).first()
        or qs.filter(short_name=value).first()
        or qs.filter(Q(name__startswith=value)).order_by("pk").first()
    )


def township_name_in(result: CheckResult) -> str:
    """The township the report's issuing or signing organs name ("中共青山镇委员会" → 青山镇)."""
    for key in ("issuing_organs", "signature_organs"):
        for text in result.header[key].texts:
            m = _TOWNSHIP_IN_ORGAN.match(re.sub(r"\s", "", text))
            if m:
                return m.group(1)
    return ""


@dataclass
class Peer:
    """Another report of the same batch (not yet filed) that copies are looked for in."""

    label: str
    township_name: str
    year: int | None
    texts: list[str]


def _same_township(a: str, b: str) -> bool:
    return bool(a) and bool(b) and a == b


def _may_copy_from(own_name: str, year: int, other_name: str, other_year: int | None) -> bool:
    """Another township's report of the same year, or the same township's of the year before."""
    if other_year == year:
        return not _same_township(own_name, other_name)
    return other_year == year - 1 and _same_township(own_name, other_name)


def copy_sources(
    *, township_name: str, year: int, exclude_pk=None, peers: Iterable[Peer] = ()
) -> list[Source]:
    from fazhi.reportcheck.models import ReportFile

    sources = []
    filed = ReportFile.objects.filed().filter(year__in=[year, year - 1]).select_related("township")
    if exclude_pk is not None:
        filed = filed.exclude(pk=exclude_pk)
    for other in filed:
        if _may_copy_from(township_name, year, other.township_label, other.year):
            texts = [p.norm for p in report_from_string(other.text).paragraphs]
            sources.append(Source(f"{other.township_label}{other.year}年报告（{other.filename}）", texts))
    for peer in peers:
        if _may_copy_from(township_name, year, peer.township_name, peer.year):
            sources.append(Source(peer.label, peer.texts))
    return sources


def analyse(
    report: ReportText,
    *,
    township=None,
    township_name: str = "",
    year: int | None = None,
    base=None,
    frozen: Mapping[str, Mapping] | None = None,
    peers: Iterable[Peer] = (),
    exclude_pk=None,
    compare_filed: bool = True,
    published_on=None,
    published_url: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> CheckResult:
    """Check a report; `township` (an Organisation) enables the comparison with its records.

    `year` overrides the year read from the text (a filed report's year); `base` narrows the records
    read to a user's scope; `frozen` is what an approved version froze, by metric id;
    `compare_filed=False` looks for copies only among `peers` (the command line without a database);
    `published_on`/`published_url` are what a reviewer entered by hand (they replace the text's);
    `progress(done, total)` is told as each of the steps ends (the pages show it; it may raise to
    stop the check).
    """
    from fazhi.reportcheck.rules import RULES

    total = len(RULES) + 3 + -(-len(report.paragraphs) // COPY_BATCH)
    done = 0

    def step(last: bool = False) -> None:
        nonlocal done
        done = total if last else min(done + 1, total - 1)
        if progress:
            progress(done, total)

    if progress:
        progress(0, total)
    result = check_text(report, tick=step)
    step()
    year = year or result.year
    if year != result.year or published_on is not None or published_url:
        judge_deadlines(result, year, published_on=published_on, url=published_url)
    body = [p for p in report.paragraphs if not result.parts or p.line >= min(x.line for x in result.parts)]
    if township is not None and year:
        compare_figures(result, report.paragraphs, township=township, year=year, base=base, frozen=frozen)
        if result.parts:
            check_ledgers(result, body, township=township, year=year, base=base)
            check_problems(result, report.paragraphs, township=township, year=year, base=base)
    step()
    if year:
        name = township.name if township is not None else (township_name or township_name_in(result))
        if compare_filed:
            sources = copy_sources(township_name=name, year=year, exclude_pk=exclude_pk, peers=peers)
        else:
            sources = [
                Source(p.label, p.texts) for p in peers if _may_copy_from(name, year, p.township_name, p.year)
            ]
        if sources:
            result.copied = find_copies(
                body, sources, boilerplate=template_wording(), tick=step, batch=COPY_BATCH
            )
    step(last=True)
    return result
