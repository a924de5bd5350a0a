"""Declarations of the petition ledgers; the shared machinery in fazhi.core does the rest."""

from fazhi.core.categories import register_list
from fazhi.core.ledgers import ChildSpec, LedgerSpec, Transition, register
from fazhi.deadlines.display import clock_views
from fazhi.deadlines.engine import clocks_after_write

from . import services
from .choices import PETITION_CATEGORIES
from .choices import PetitionStatus as S
from .models import LeaderReception, Petition, Petitioner

register_list("petition_category", "信访类别", PETITION_CATEGORIES)

register(
    LedgerSpec(
        key="leader-receptions",
        district_level=True,
        natural_key=("held_on", "leader", "matters", "village"),
        report_words=r"接访|下访|约访|包案",
        model=LeaderReception,
        label="领导接访下访",
        short="接访",
        group="petitions",
        date_field="held_on",
        fields=["held_on", "leader", "kind", "place", "people_count", "matters"],
        list_columns=["number", "held_on", "leader", "kind", "village", "place", "people_count"],
        search_fields=["number", "leader", "place", "matters"],
        filter_fields=["kind"],
        description="领导接访、下访、约访、包案；由此登记的信访事项在信访事项中选择本记录。",
    )
)

IN_HAND = (S.ACCEPTED, S.HANDLING)

register(
    LedgerSpec(
        key="petitions",
        district_level=True,
        natural_key=("received_on", "content", "village"),
        report_words=r"信访",
        model=Petition,
        label="信访事项",
        short="信访",
        group="petitions",
        date_field="received_on",
        fields=[
            "received_on",
            "channel",
            "people_count",
            "category",
            "content",
            "handling_office",
            "previous",
            "reception",
        ],
        workflow_fields=[
            "is_collective",
            "status",
            "acceptance_due",
            "accepted_on",
            "notified_on",
            "notice_on_time",
            "rejection_reason",
            "handler",
            "reply_due",
            "extended_on",
            "extension_days",
            "extension_approver",
            "extension_reason",
            "replied_on",
            "reply_text",
            "reply_on_time",
            "satisfaction",
            "review_request_due",
            "review_requested_on",
            "review_reply_due",
            "review_replied_on",
            "review_opinion",
            "review_on_time",
            "recheck_request_due",
            "recheck_requested_on",
            "recheck_reply_due",
            "recheck_replied_on",
            "recheck_opinion",
            "recheck_on_time",
            "closed_on",
        ],
        list_columns=[
            "number",
            "received_on",
            "channel",
            "village",
            "petitioners",
            "people_count",
            "is_collective",
            "category",
            "status",
            "reply_due",
        ],
        search_fields=["number", "content", "handling_office", "petitioners__name"],
        filter_fields=["status", "channel", "category", "is_collective", "satisfaction"],
        status_field="status",
        children=[
            ChildSpec(
                model=Petitioner,
                fk_name="petition",
                fields=["name", "id_number", "phone", "address"],
                label="信访人",
                personal=Petitioner.PERSONAL,
                min_num=1,
            )
        ],
        transitions=[
            Transition(
                name="accept",
                label="受理",
                from_=(S.REGISTERED,),
                to=S.ACCEPTED,
                check=services.check_accept,
                fields=("accepted_on", "notified_on", "handling_office"),
                required=("accepted_on",),
            ),
            Transition(
                name="reject",
                label="不予受理",
                from_=(S.REGISTERED,),
                to=S.REJECTED,
                fields=("notified_on", "rejection_reason"),
                required=("notified_on", "rejection_reason"),
            ),
            Transition(
                name="start",
                label="开始办理",
                from_=(S.ACCEPTED,),
                to=S.HANDLING,
                fields=("handler", "handling_office"),
            ),
            Transition(
                name="extend",
                label="延期",
                from_=IN_HAND,
                to=S.EXTENDED,
                guard=services.extended_once,
                check=services.check_extend,
                fields=("extended_on", "extension_days", "extension_approver", "extension_reason"),
                required=("extended_on", "extension_days", "extension_approver", "extension_reason"),
            ),
            Transition(
                name="reply",
                label="答复",
                from_=(*IN_HAND, S.EXTENDED),
                to=S.REPLIED,
                check=services.check_reply,
                fields=("replied_on", "reply_text", "satisfaction"),
                required=("replied_on", "reply_text", "satisfaction"),
            ),
            Transition(
                name="request_review",
                label="申请复查",
                from_=(S.REPLIED,),
                to=S.REVIEWING,
                check=services.check_request_review,
                fields=("review_requested_on",),
                required=("review_requested_on",),
            ),
            Transition(
                name="review_reply",
                label="复查答复",
                from_=(S.REVIEWING,),
                to=S.REPLIED,
                check=services.check_review_reply,
                fields=("review_replied_on", "review_opinion"),
                required=("review_replied_on", "review_opinion"),
            ),
            Transition(
                name="request_recheck",
                label="申请复核",
                from_=(S.REPLIED,),
                to=S.RECHECKING,
                check=services.check_request_recheck,
                fields=("recheck_requested_on",),
                required=("recheck_requested_on",),
            ),
            Transition(
                name="recheck_reply",
                label="复核答复",
                from_=(S.RECHECKING,),
                to=S.CLOSED,
                check=services.check_recheck_reply,
                fields=("recheck_replied_on", "recheck_opinion"),
                required=("recheck_replied_on", "recheck_opinion"),
            ),
            Transition(
                name="close",
                label="办结",
                from_=(S.REPLIED, S.REJECTED),
                to=S.CLOSED,
                check=services.check_close,
                fields=("closed_on",),
                required=("closed_on",),
            ),
        ],
        derive=services.petition_refresh,
        after_write=(clocks_after_write,),
        clocks=clock_views,
        description=(
            "收到之日起15日内告知是否受理；受理之日起60日内答复，经领导批准可延期一次、不超过30日；"
            "答复后30日内可申请复查，复查意见后30日内可申请复核。5人以上为集体访。"
        ),
    )
)
