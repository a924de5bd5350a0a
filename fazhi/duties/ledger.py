"""Declaration of the 第一责任人 ledger (domain.md §2.9). 中心组学法 is recorded in 普法, not here."""

from fazhi.core.ledgers import LedgerSpec, register

from .models import DutyRecord

register(
    LedgerSpec(
        key="duty-records",
        district_level=True,
        natural_key=("held_on", "summary"),
        report_words=r"第一责任人|履职|专题会|述法|研究部署",
        expected_yearly="第一责任人履职",
        model=DutyRecord,
        label="履职记录",
        short="履职",
        group="duties",
        date_field="held_on",
        fields=["held_on", "leader", "leader_name", "kind", "summary"],
        list_columns=["number", "held_on", "leader", "leader_name", "kind", "summary"],
        search_fields=["number", "leader_name", "summary"],
        filter_fields=["leader", "kind"],
        uses_village=False,
        uses_group=False,
        description="党政主要负责人履行推进法治建设第一责任人职责的记录；中心组学法在“学法活动”中登记。",
    )
)
