"""Declaration of the ticket ledger (12345热线, 互联网+督查); the shared machinery does the rest."""

from fazhi.core.categories import register_list
from fazhi.core.ledgers import LedgerSpec, Transition, register
from fazhi.deadlines.display import clock_views
from fazhi.deadlines.engine import clocks_after_write

from . import services
from .choices import TICKET_CATEGORIES
from .choices import TicketStatus as S
from .models import Ticket

register_list("ticket_category", "工单类别", TICKET_CATEGORIES)

register(
    LedgerSpec(
        key="tickets",
        natural_key=("platform", "ticket_number"),
        report_words=r"12345|热线|工单",
        model=Ticket,
        label="工单",
        short="工单",
        group="tickets",
        date_field="received_at",
        fields=[
            "platform",
            "ticket_number",
            "received_at",
            "due_at",
            "category",
            "content",
            "handling_office",
        ],
        workflow_fields=[
            "status",
            "reply_text",
            "replied_at",
            "on_time",
            "redo_count",
            "return_reason",
            "satisfaction",
            "closed_on",
        ],
        list_columns=[
            "number",
            "platform",
            "ticket_number",
            "received_at",
            "due_at",
            "village",
            "category",
            "status",
            "on_time",
            "redo_count",
        ],
        search_fields=["number", "ticket_number", "content", "handling_office", "reply_text"],
        filter_fields=["platform", "status", "category", "on_time", "satisfaction"],
        status_field="status",
        transitions=[
            Transition(
                name="reply",
                label="答复",
                from_=(S.HANDLING,),
                to=S.REPLIED,
                check=services.judge_on_time,
                fields=("replied_at", "reply_text"),
                required=("replied_at", "reply_text"),
            ),
            Transition(
                name="return",
                label="退回重办",
                from_=(S.REPLIED,),
                to=S.HANDLING,
                check=services.count_redo,
                fields=("return_reason", "due_at", "satisfaction"),
                required=("return_reason",),
            ),
            Transition(
                name="close",
                label="办结",
                from_=(S.REPLIED,),
                to=S.CLOSED,
                fields=("closed_on", "satisfaction"),
                required=("closed_on",),
            ),
        ],
        derive=services.ticket_refresh,
        after_write=(clocks_after_write,),
        clocks=clock_views,
        description="工单编号在同一平台内唯一；按时答复率 = 在办理时限内答复的工单 / 已答复工单。",
    )
)
