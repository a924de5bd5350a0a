"""Figures of 12345热线 and 互联网+督查 tickets (domain.md §2.5), per platform: received (by 接收 time),
replied and replied on time as of the end of the 数据截至 day. A ticket returned for redo (退回重办) and
not yet answered again counts as not replied."""

from datetime import datetime, time

from django.db.models import Q
from django.utils import timezone

from fazhi.metrics import phrases
from fazhi.metrics.phrases import NOT_SEP, Phrase
from fazhi.metrics.registry import Count, Ratio, register

from .choices import Platform, TicketStatus

TICKET = "tickets"


def end_of(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max), timezone.get_current_timezone())


def _replied(p) -> Q:
    return Q(
        status__in=[TicketStatus.REPLIED, TicketStatus.CLOSED],
        replied_at__isnull=False,
        replied_at__lte=end_of(p.as_of),
    )


def _platform_metrics(code: str, name: str):
    prefix = f"tickets.{code}"
    on_platform = Q(platform=code)
    return [
        Count(
            id=f"{prefix}.received",
            label=f"办理{name}工单",
            definition=f"接收时间在统计期内、未作废、来源为{name}的工单件数。",
            unit="件",
            ledger=TICKET,
            where=on_platform,
        ),
        Count(
            id=f"{prefix}.replied",
            label=f"答复{name}工单",
            definition=f"统计期内接收的{name}工单中，截至数据截至日已答复（或已办结）的件数；退回重办未再答复的不计。",
            unit="件",
            ledger=TICKET,
            where=lambda p: on_platform & _replied(p),
        ),
        Count(
            id=f"{prefix}.on_time",
            label=f"按时答复{name}工单",
            definition=f"已答复{name}工单中，答复时间不晚于平台办理时限的件数。",
            unit="件",
            ledger=TICKET,
            where=lambda p: on_platform & _replied(p) & Q(on_time=True),
        ),
        Ratio(
            id=f"{prefix}.on_time_rate",
            label=f"{name}工单按时答复率",
            definition=f"按时答复{name}工单 ÷ 答复{name}工单。",
            numerator=f"{prefix}.on_time",
            denominator=f"{prefix}.replied",
        ),
    ]


register(
    Count(
        id="tickets.received",
        label="办理上级平台工单",
        definition="接收时间在统计期内、未作废的工单件数（12345热线、互联网+督查及其他平台合计）。",
        unit="件",
        ledger=TICKET,
    ),
    *_platform_metrics(Platform.HOTLINE.value, "12345热线"),
    *_platform_metrics(Platform.SUPERVISION.value, "互联网+督查"),
)

# How reports word these figures (fazhi.metrics.phrases): the drafter writes `say`, the check reads both.
phrases.register(
    Phrase("tickets.received", say="办理12345热线、互联网+督查等平台工单"),
    Phrase("tickets.received", lead=rf"(?:平台|上级){NOT_SEP}{{0,6}}工单$", units=("件", "单")),
    Phrase("tickets.12345.received", say="12345热线工单", part_of="tickets.received"),
    Phrase("tickets.12345.received", lead=rf"12345{NOT_SEP}{{0,6}}工单$", units=("件", "单")),
    Phrase("tickets.12345.on_time_rate", say="按时答复率", follows="tickets.12345.received"),
    Phrase("tickets.12345.on_time_rate", lead=r"(?:按时|按期)?(?:答复|办结|回复)率$", context=r"12345|热线"),
    Phrase("tickets.supervision.received", say="互联网+督查工单", part_of="tickets.received"),
    Phrase("tickets.supervision.received", lead=rf"互联网\+督查{NOT_SEP}{{0,4}}工单$", units=("件", "单")),
    Phrase("tickets.supervision.on_time_rate", say="按时答复率", follows="tickets.supervision.received"),
)
