"""Figures of 监督 (domain.md §2.8): warning education; rectification items received, done and overdue
(as of 数据截至); lawsuits and reviews, 开庭 hearings and 负责人出庭应诉率 (行政诉讼 only); disclosures by
channel."""

from django.db.models import Q

from fazhi.metrics import display, phrases
from fazhi.metrics.phrases import COUNT, TIMES, Phrase
from fazhi.metrics.registry import Count, Ratio, breakdown, register

from .choices import CaseKind, DisclosureChannel

RECT = "rectifications"
LIT = "litigation-cases"

_LITIGATION_HEARING = Q(kind=CaseKind.LITIGATION)

register(
    Count(
        id="warning.sessions",
        label="开展警示教育",
        definition="日期在统计期内、未作废的警示教育次数。",
        unit="次",
        ledger="warning-education",
    ),
    Count(
        id="warning.participants",
        label="警示教育参加人次",
        definition="日期在统计期内、未作废的警示教育所登记的参加人次之和。",
        unit="人次",
        style=display.APPROX,
        ledger="warning-education",
        sum_field="participants",
    ),
    Count(
        id="rectification.received",
        label="收到整改事项",
        definition="交办日期在统计期内、未作废的整改事项件数（巡视、巡察、审计、督查、司法建议、检察建议等合计）。",
        unit="件",
        keep_zero=True,
        ledger=RECT,
    ),
    Count(
        id="rectification.done",
        label="完成整改事项",
        definition="统计期内交办的整改事项中，截至数据截至日已完成整改的件数。",
        unit="件",
        keep_zero=True,
        ledger=RECT,
        where=lambda p: Q(done_on__isnull=False, done_on__lte=p.as_of),
    ),
    Count(
        id="rectification.overdue",
        label="逾期未完成整改事项",
        definition="统计期内交办的整改事项中，截至数据截至日已过整改期限仍未完成的件数。",
        unit="件",
        ledger=RECT,
        where=lambda p: Q(due_on__lt=p.as_of) & (Q(done_on__isnull=True) | Q(done_on__gt=p.as_of)),
    ),
    Count(
        id="litigation.cases",
        label="行政诉讼案件",
        definition="收案日期在统计期内、未作废的行政诉讼案件件数。",
        unit="件",
        ledger=LIT,
        where=Q(kind=CaseKind.LITIGATION),
    ),
    Count(
        id="litigation.reviews",
        label="行政复议案件",
        definition="收案日期在统计期内、未作废的行政复议案件件数。",
        unit="件",
        ledger=LIT,
        where=Q(kind=CaseKind.REVIEW),
    ),
    Count(
        id="litigation.hearings",
        label="行政诉讼开庭",
        definition="开庭日期在统计期内的行政诉讼开庭次数（未作废案件的开庭记录；行政复议不计）。",
        unit="次",
        ledger=LIT,
        counts="hearings",
        date_field="hearings__held_on",
        where=_LITIGATION_HEARING,
    ),
    Count(
        id="litigation.hearings_agency",
        label="出庭应诉",
        definition="行政诉讼开庭中，行政机关出庭应诉的次数。",
        unit="次",
        ledger=LIT,
        counts="hearings",
        date_field="hearings__held_on",
        where=_LITIGATION_HEARING & Q(hearings__agency_appeared=True),
    ),
    Count(
        id="litigation.hearings_head",
        label="行政机关负责人出庭应诉",
        definition="行政诉讼开庭中，行政机关负责人出庭应诉的次数。",
        unit="次",
        ledger=LIT,
        counts="hearings",
        date_field="hearings__held_on",
        where=_LITIGATION_HEARING & Q(hearings__head_appeared=True),
    ),
    Ratio(
        id="litigation.head_appearance_rate",
        label="行政机关负责人出庭应诉率",
        definition="行政机关负责人出庭应诉的行政诉讼开庭次数 ÷ 行政诉讼开庭次数；行政复议不出庭，不计入。",
        numerator="litigation.hearings_head",
        denominator="litigation.hearings",
    ),
    Count(
        id="disclosures.total",
        label="主动公开政府信息",
        definition="公开日期在统计期内、未作废的政务公开条目件数（各渠道合计）。",
        unit="件",
        ledger="disclosures",
    ),
    *breakdown(
        "disclosures",
        ledger="disclosures",
        field="channel",
        choices=DisclosureChannel,
        label="通过{label}公开信息",
        definition="公开日期在统计期内、未作废、公开渠道为“{label}”的政务公开条目件数。",
        unit="件",
    ),
)

# How reports word these figures (fazhi.metrics.phrases): the drafter writes `say`, the check reads both.
phrases.register(
    Phrase("warning.sessions", say="组织警示教育", lead=r"警示教育(?:活动)?$", units=TIMES),
    Phrase("warning.participants", say="参加", follows="warning.sessions"),
    Phrase("rectification.received", say="收到巡察、审计、督查等整改事项"),
    Phrase(
        "rectification.received",
        lead=r"(?:收到|交办|反馈|发现|指出)[^,;:。]{0,8}(?:问题|事项|建议)$",
        units=("件", "个", "项", "条"),
        context=r"整改",
    ),
    Phrase(
        "rectification.done",
        say="已完成整改",
        lead=r"(?:完成整改|整改到位|已整改|整改完成)$",
        units=("件", "个", "项", "条"),
    ),
    Phrase("litigation.cases", say="办理行政诉讼案件", lead=r"行政诉讼(?:案件)?$", units=COUNT),
    Phrase("litigation.reviews", say="行政复议案件", lead=r"行政复议(?:案件)?$", units=COUNT),
    Phrase("litigation.hearings", say="行政诉讼案件开庭"),
    Phrase("litigation.hearings_agency", lead=r"出庭应诉$", units=("次",)),
    Phrase("litigation.hearings_head", lead=r"负责人出庭(?:应诉)?$", units=("次",)),
    Phrase(
        "litigation.head_appearance_rate",
        say="行政机关负责人出庭应诉率",
        lead=r"(?:负责人)?出庭(?:应诉)?率(?:达到?|为)?$",
    ),
    Phrase(
        "disclosures.total", say="主动公开政府信息", lead=r"(?:主动)?公开(?:政府)?信息$", units=("条", "件")
    ),
    *(
        Phrase(f"disclosures.{code}", say=label, part_of="disclosures.total")
        for code, label in DisclosureChannel.choices
    ),
)
