"""Coverage: the ledger areas of domain.md §2 a report never mentions, and the problems the records
show (overdue rectifications, villages without an advisor, late petitions and tickets) that its part
三 (存在的不足和原因) does not mention. Findings are Chinese sentences in CheckResult.uncovered."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from fazhi.reportcheck.checks import CheckResult
from fazhi.reportcheck.loader import Paragraph

# Areas of domain.md §2 and the words by which a report speaks of them (after normalisation).
AREAS: tuple[tuple[str, str, str], ...] = (
    ("publicity", "普法和学法（§2.1）", r"普法|学法|法治宣传|法律明白人|宪法宣传|法治讲座"),
    ("decisions", "依法决策（§2.2）", r"合法性审查|重大行政决策|依法决策|风险评估|规范性文件"),
    ("enforcement", "行政执法（§2.3）", r"执法|行政处罚|三项制度"),
    ("petitions", "信访（§2.4）", r"信访|接访|下访"),
    ("tickets", "12345热线和互联网+督查工单（§2.5）", r"12345|热线|工单|互联网\+督查"),
    ("disputes", "矛盾纠纷排查化解（§2.6）", r"纠纷|调解"),
    ("legalservice", "公共法律服务（§2.7）", r"法律顾问|法律咨询|公共法律服务|法律援助"),
    ("oversight", "监督（§2.8）", r"整改|行政诉讼|行政复议|应诉|政务公开|信息公开|警示教育|监督"),
    ("duties", "第一责任人履职（§2.9）", r"第一责任人|履职|述法|履行.{0,10}职责"),
)

# The words by which part 三 speaks of each kind of problem.
PROBLEM_WORDS = {
    "rectifications": r"整改",
    "advisors": r"法律顾问|一村一",
    "petitions": r"信访",
    "tickets": r"12345|热线|工单",
}


def _text(paragraphs: Iterable[Paragraph]) -> str:
    return "\n".join(p.norm for p in paragraphs)


def check_areas(result: CheckResult, paragraphs: list[Paragraph]) -> list[str]:
    """The areas of §2 the whole report never mentions (text only, no records needed)."""
    text = _text(paragraphs)
    found = [area_message(label) for _, label, words in AREAS if not re.search(words, text)]
    result.uncovered.extend(found)
    return found


def area_message(label: str) -> str:
    return f"报告未提及{label}方面的工作"


def part_paragraphs(result: CheckResult, paragraphs: list[Paragraph], key: str) -> list[Paragraph]:
    """The paragraphs of one recognised part (from its heading to the next part)."""
    ordered = sorted(result.parts, key=lambda p: p.line)
    for i, part in enumerate(ordered):
        if part.key == key:
            end = ordered[i + 1].line if i + 1 < len(ordered) else 10**9
            return [p for p in paragraphs if part.line <= p.line < end]
    return []


def check_ledgers(
    result: CheckResult, paragraphs: list[Paragraph], *, township, year: int, base=None
) -> list[str]:
    """Ledgers whose records hold entries for the year that the report never mentions.

    With the records at hand, an area the report never mentions is a finding only when its ledgers
    hold records for the year: a township with no 12345 tickets has nothing to report on them.
    """
    from fazhi.core import ledgers

    text = _text(paragraphs)
    area_words = {key: words for key, _, words in AREAS}
    area_records: dict[str, int] = {}
    found = []
    for spec in ledgers.all_ledgers():
        qs = base(spec.model) if base is not None else spec.model.objects.all()
        count = qs.filter(voided=False, township=township, **{f"{spec.date_field}__year": year}).count()
        area_records[spec.group] = area_records.get(spec.group, 0) + count
        words = spec.report_words or None  # declared by the ledger
        if not count or words is None or re.search(words, text):
            continue
        if spec.group in area_words and not re.search(area_words[spec.group], text):
            continue  # the whole area is reported as not mentioned
        found.append(f"报告未提及“{spec.label}”，台账中{year}年有{count}条记录")
    empty_areas = {area_message(label) for key, label, _ in AREAS if not area_records.get(key)}
    result.uncovered[:] = [u for u in result.uncovered if u not in empty_areas]
    result.uncovered.extend(found)
    return found


def data_problems(township, year: int, *, base=None) -> list[tuple[str, str]]:
    """(kind, Chinese description) of problems the records show as of 31 December of the year."""
    from fazhi.legalservice.selectors import advisor_coverage
    from fazhi.oversight.models import Rectification

    as_of = dt.date(year, 12, 31)
    problems = []

    def scoped(model):
        return base(model) if base is not None else model.objects.all()

    overdue = scoped(Rectification).filter(township=township).overdue(as_of)
    numbers = list(overdue.order_by("due_on").values_list("number", flat=True)[:5])
    if numbers:
        total = overdue.count()
        problems.append(
            ("rectifications", f"截至{year}年12月31日有{total}件整改事项逾期未完成（{'、'.join(numbers)}）")
        )
    covered, villages = advisor_coverage(township, as_of)
    missing = villages - covered
    if missing:
        from fazhi.orgs.models import Organisation

        names = list(
            Organisation.objects.filter(pk__in=missing).order_by("name").values_list("name", flat=True)
        )
        problems.append(
            (
                "advisors",
                f"截至{year}年12月31日有{len(names)}个村（社区）没有在聘法律顾问（{'、'.join(names)}）",
            )
        )
    problems.extend(_late_petitions(scoped, township, year, as_of))
    problems.extend(_late_tickets(scoped, township, year, as_of))
    return problems


def _late_petitions(scoped, township, year, as_of):
    try:
        from fazhi.petitions.models import Petition
    except ImportError:  # pragma: no cover - the ledger is optional to this check
        return []
    from django.db.models import Q

    open_states = ("accepted", "handling", "extended")
    qs = (
        scoped(Petition)
        .filter(township=township, voided=False, received_on__year=year)
        .filter(Q(reply_on_time=False) | Q(status__in=open_states, reply_due__lt=as_of))
    )
    count = qs.count()
    return [("petitions", f"{year}年受理的信访事项中有{count}件未按期答复")] if count else []


def _late_tickets(scoped, township, year, as_of):
    try:
        from fazhi.tickets.models import Ticket
    except ImportError:  # pragma: no cover
        return []
    from django.db.models import Q
    from django.utils import timezone

    end = timezone.make_aware(dt.datetime.combine(as_of, dt.time.max))
    qs = (
        scoped(Ticket)
        .filter(township=township, voided=False, received_at__year=year)
        .filter(Q(on_time=False) | Q(replied_at__isnull=True, due_at__lt=end))
    )
    count = qs.count()
    return [("tickets", f"{year}年接收的热线/督查工单中有{count}件未按时答复")] if count else []


def check_problems(
    result: CheckResult, paragraphs: list[Paragraph], *, township, year: int, base=None
) -> list[str]:
    """Problems the records show that part 三 (存在的不足和原因) does not mention."""
    part_three = _text(part_paragraphs(result, paragraphs, "shortcomings"))
    found = [
        f"第三部分（存在的不足和原因）未提及：{text}"
        for kind, text in data_problems(township, year, base=base)
        if not re.search(PROBLEM_WORDS[kind], part_three)
    ]
    result.uncovered.extend(found)
    return found
