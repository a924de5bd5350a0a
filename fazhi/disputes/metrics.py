"""Figures of 矛盾纠纷排查化解 (domain.md §2.6). 受理 and 化解 are counted over the disputes received
in the period; 化解 is judged as of the 数据截至 date. Mediation is a different figure from 化解."""

from django.db.models import Q

from fazhi.metrics import phrases
from fazhi.metrics.phrases import COUNT, NOT_SEP, Phrase
from fazhi.metrics.registry import Count, Ratio, register

from .choices import DisputeStatus, MediationStatus

register(
    Count(
        id="disputes.accepted",
        label="受理矛盾纠纷",
        definition="受理日期在统计期内、未作废的矛盾纠纷件数（含乡、村、组三级）。",
        unit="件次",
        ledger="disputes",
    ),
    Count(
        id="disputes.resolved",
        label="成功化解矛盾纠纷",
        definition="统计期内受理的矛盾纠纷中，截至数据截至日已化解办结的件数。",
        unit="件",
        ledger="disputes",
        where=lambda p: Q(status=DisputeStatus.RESOLVED, closed_on__lte=p.as_of),
    ),
    Ratio(
        id="disputes.resolution_rate",
        label="矛盾纠纷化解率",
        definition="成功化解矛盾纠纷 ÷ 受理矛盾纠纷。",
        numerator="disputes.resolved",
        denominator="disputes.accepted",
    ),
    Count(
        id="disputes.screenings",
        label="开展矛盾纠纷排查",
        definition="排查日期在统计期内、未作废的排查批次数。",
        unit="次",
        ledger="screenings",
    ),
    Count(
        id="mediations.total",
        label="人民调解",
        definition="受理调解日期在统计期内、未作废的人民调解件数。",
        unit="件",
        ledger="mediations",
    ),
    Count(
        id="mediations.success",
        label="调解成功",
        definition="统计期内受理的人民调解中，截至数据截至日调解成功（达成书面或口头协议）的件数。",
        unit="件",
        ledger="mediations",
        where=lambda p: Q(status=MediationStatus.SUCCESS, effective_on__lte=p.as_of),
    ),
    Ratio(
        id="mediations.success_rate",
        label="调解成功率",
        definition="调解成功 ÷ 人民调解。",
        numerator="mediations.success",
        denominator="mediations.total",
    ),
)

# How reports word these figures (fazhi.metrics.phrases): the drafter writes `say`, the check reads both.
phrases.register(
    Phrase("disputes.accepted", say="受理矛盾纠纷"),
    Phrase("disputes.accepted", lead=rf"(?:受理|排查|摸排|收到|接到|登记){NOT_SEP}{{0,6}}纠纷$", units=COUNT),
    Phrase(
        "disputes.resolved",
        say="成功化解",
        lead=r"(?:成功)?化解(?:矛盾纠纷|纠纷)?$",
        units=COUNT,
        context=r"纠纷",
    ),
    Phrase("disputes.resolution_rate", say="化解率", lead=r"化解率(?:达到?|为)?$"),
    Phrase(
        "disputes.screenings",
        say="开展矛盾纠纷排查",
        lead=rf"(?:开展|组织){NOT_SEP}{{0,8}}排查$",
        units=("次", "轮", "场"),
    ),
    Phrase(
        "mediations.total",
        say="开展人民调解",
        lead=rf"(?:调委会|调解委员会|人民调解){NOT_SEP}{{0,8}}$",
        units=COUNT,
    ),
    Phrase(
        "mediations.success",
        say="调解成功",
        lead=rf"(?:调解成功|成功调解|达成调解协议){NOT_SEP}{{0,4}}$",
        units=COUNT,
    ),
    Phrase("mediations.success_rate", say="调解成功率", lead=r"调解成功率(?:达到?|为)?$"),
)
