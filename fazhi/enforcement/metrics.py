"""Figures of 行政执法 (domain.md §2.3): cases by kind (by 立案 date) and on-time 公示 of decisions
(by 决定 date, judged as of 数据截至)."""

from django.db.models import Q

from fazhi.metrics import phrases
from fazhi.metrics.phrases import COUNT, NOT_SEP, Phrase
from fazhi.metrics.registry import Count, Ratio, breakdown, register

from .choices import CaseKind

CASE = "enforcement-cases"


def _publish_due(p):
    """Decisions whose publication was due, or done, by 数据截至."""
    return Q(decided_on__lte=p.as_of) & (Q(publish_due_on__lte=p.as_of) | Q(published_on__lte=p.as_of))


register(
    Count(
        id="enforcement.cases",
        label="办理行政执法案件",
        definition="立案日期在统计期内、未作废的行政执法案件件数（各类别合计）。",
        unit="件",
        ledger=CASE,
    ),
    *breakdown(
        "enforcement.cases",
        ledger=CASE,
        field="kind",
        choices=CaseKind,
        label="办理{label}案件",
        definition="立案日期在统计期内、未作废、案件类别为“{label}”的行政执法案件件数。",
        unit="件",
    ),
    Count(
        id="enforcement.major",
        label="重大执法决定",
        definition="立案日期在统计期内、未作废、属于重大执法决定的案件件数。",
        unit="件",
        ledger=CASE,
        where=Q(is_major=True),
    ),
    Count(
        id="enforcement.publish_due",
        label="应公示执法决定",
        definition=("决定日期在统计期内、未作废的执法案件中，截至数据截至日公示期限已届满或已公示的件数。"),
        unit="件",
        ledger=CASE,
        date_field="decided_on",
        where=_publish_due,
    ),
    Count(
        id="enforcement.published_on_time",
        label="按期公示执法决定",
        definition="应公示执法决定中，截至数据截至日已在公示期限内公示的件数。",
        unit="件",
        ledger=CASE,
        date_field="decided_on",
        where=lambda p: _publish_due(p) & Q(published_on_time=True, published_on__lte=p.as_of),
    ),
    Ratio(
        id="enforcement.publish_on_time_rate",
        label="执法决定按期公示率",
        definition="按期公示执法决定 ÷ 应公示执法决定。",
        numerator="enforcement.published_on_time",
        denominator="enforcement.publish_due",
    ),
)

# How reports word these figures (fazhi.metrics.phrases): the drafter writes `say`, the check reads both.
phrases.register(
    Phrase("enforcement.cases", say="办理行政执法案件"),
    Phrase("enforcement.cases", lead=rf"(?:办理|查处|办结){NOT_SEP}{{0,4}}(?:行政)?执法案件$", units=COUNT),
    *(
        Phrase(f"enforcement.cases.{code}", say=label, part_of="enforcement.cases")
        for code, label in CaseKind.choices
        if code != CaseKind.OTHER
    ),
    Phrase(
        "enforcement.cases.penalty", lead=rf"(?:办理|查处|办结){NOT_SEP}{{0,4}}行政处罚案件$", units=COUNT
    ),
    Phrase("enforcement.major", say="重大执法决定", part_of="enforcement.cases"),
    Phrase(
        "enforcement.publish_on_time_rate", say="执法决定按期公示率", lead=r"(?:按期)?公示率(?:达到?|为)?$"
    ),
)
