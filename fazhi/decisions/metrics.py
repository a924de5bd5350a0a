"""Figures of 依法决策 (domain.md §2.2): legality reviews by type, major decisions, risk assessments by
level. Reviews count in the period they were submitted; an opinion counts if given by 数据截至."""

from django.db.models import Q

from fazhi.metrics import phrases
from fazhi.metrics.phrases import ITEMS, NOT_SEP, Phrase
from fazhi.metrics.registry import Count, breakdown, register

from .choices import DecisionStatus, ReviewType, RiskLevel

REVIEW = "legality-reviews"
RISK = "risk-assessments"

register(
    Count(
        id="reviews.total",
        label="开展合法性审查",
        definition="送审日期在统计期内、未作废的合法性审查件数（各类型合计）。",
        unit="件",
        ledger=REVIEW,
    ),
    *breakdown(
        "reviews",
        ledger=REVIEW,
        field="review_type",
        choices=ReviewType,
        label="审查{label}",
        definition="送审日期在统计期内、未作废、审查类型为“{label}”的合法性审查件数。",
        unit="件",
    ),
    Count(
        id="reviews.opined",
        label="出具合法性审查意见",
        definition="统计期内送审的合法性审查中，截至数据截至日已出具审查意见的件数。",
        unit="件",
        ledger=REVIEW,
        where=lambda p: Q(reviewed_on__isnull=False, reviewed_on__lte=p.as_of),
    ),
    Count(
        id="decisions.major",
        label="重大行政决策事项",
        definition="启动日期在统计期内、未作废的重大行政决策件数。",
        unit="件",
        ledger="major-decisions",
    ),
    Count(
        id="decisions.major_decided",
        label="重大行政决策已作出决定",
        definition="统计期内启动的重大行政决策中，截至数据截至日已履行法定程序并作出决定的件数。",
        unit="件",
        ledger="major-decisions",
        where=lambda p: Q(status=DecisionStatus.DECIDED, decided_on__lte=p.as_of),
    ),
    Count(
        id="risk.total",
        label="开展风险评估",
        definition="评估日期在统计期内、未作废的风险评估件数（各等级合计）。",
        unit="件",
        ledger=RISK,
    ),
    *breakdown(
        "risk",
        ledger=RISK,
        field="level",
        choices=RiskLevel,
        label="{label}风险等级评估事项",
        definition="评估日期在统计期内、未作废、风险等级为“{label}”的风险评估件数。",
        unit="件",
    ),
)

# How reports word these figures (fazhi.metrics.phrases): the drafter writes `say`, the check reads both.
phrases.register(
    Phrase(
        "reviews.total", say="开展合法性审查", lead=rf"合法性审查{NOT_SEP}{{0,6}}$", units=("件", "份", "次")
    ),
    *(Phrase(f"reviews.{code}", say=label, part_of="reviews.total") for code, label in ReviewType.choices),
    Phrase("reviews.normative", lead=r"审查规范性文件$", units=("件", "份")),
    Phrase("reviews.contract", lead=r"审查(?:政府)?合同$", units=("件", "份")),
    Phrase("decisions.major_decided", say="作出重大行政决策"),
    Phrase("decisions.major", lead=r"重大行政决策(?:事项)?$", units=ITEMS),
    Phrase(
        "risk.total",
        say="开展风险评估",
        lead=rf"(?:开展|完成){NOT_SEP}{{0,8}}风险评估$",
        units=("件", "次", "项"),
    ),
    Phrase("risk.high", say="评估为高风险", part_of="risk.total"),
)
