"""Figures of 第一责任人履职 (domain.md §2.9): duty records by kind, by date. Part 二 of the report
cites 中心组学法 from the study ledger (metric "study.central_group"), not from here."""

from fazhi.metrics import phrases
from fazhi.metrics.phrases import Phrase
from fazhi.metrics.registry import Count, breakdown, register

from .choices import DutyKind

register(
    Count(
        id="duties.total",
        label="党政主要负责人履职",
        definition="日期在统计期内、未作废的第一责任人履职记录次数（各种履职方式合计）。",
        unit="次",
        ledger="duty-records",
    ),
    *breakdown(
        "duties",
        ledger="duty-records",
        field="kind",
        choices=DutyKind,
        label="{label}",
        definition="日期在统计期内、未作废、履职方式为“{label}”的第一责任人履职记录次数。",
        unit="次",
    ),
)

# How reports word these figures (fazhi.metrics.phrases): the drafter writes `say`, the check reads both.
phrases.register(
    Phrase("duties.meeting", say="召开专题会议研究部署法治建设工作"),
    Phrase("duties.report", say="听取法治建设工作汇报"),
    Phrase("duties.supervision", say="督办法治建设重点工作"),
    Phrase("duties.lecture", say="讲授法治党课"),
    Phrase("duties.account", say="述法", units=("次",)),
)
