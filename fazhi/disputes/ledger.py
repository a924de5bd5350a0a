"""Declarations of the dispute ledgers; the shared machinery in fazhi.core does the rest."""

from fazhi.core.categories import register_list
from fazhi.core.ledgers import ChildSpec, LedgerSpec, Transition, register
from fazhi.core.policy import CLERK, Policy
from fazhi.deadlines.display import clock_views
from fazhi.deadlines.engine import clocks_after_write
from fazhi.orgs.roles import Role

from . import services
from .choices import DISPUTE_TYPES, DisputeStatus, MediationStatus
from .models import Dispute, DisputeParty, Mediation, MediationSession, Screening

CLERK_AND_CADRE = CLERK | {Role.VILLAGE_CADRE}
village_policy = Policy(create=CLERK_AND_CADRE, change=CLERK_AND_CADRE, void=CLERK, reveal=CLERK_AND_CADRE)

register_list("dispute_type", "纠纷类型", DISPUTE_TYPES)

register(
    LedgerSpec(
        key="screenings",
        natural_key=("screened_on", "level", "village", "group"),
        report_words=r"排查",
        expected_yearly="矛盾纠纷排查",
        model=Screening,
        label="矛盾纠纷排查",
        short="排查",
        group="disputes",
        date_field="screened_on",
        fields=["screened_on", "level", "organiser", "participants", "notes"],
        list_columns=["number", "screened_on", "level", "village", "organiser", "participants"],
        search_fields=["number", "organiser", "notes"],
        filter_fields=["level"],
        policy=village_policy,
        validate=services.village_cadre_level_rule,
    )
)

OPEN = (DisputeStatus.REGISTERED, DisputeStatus.HANDLING)
CLOSED = (DisputeStatus.UNRESOLVED, DisputeStatus.TRANSFERRED)

register(
    LedgerSpec(
        key="disputes",
        natural_key=("received_on", "summary", "village"),
        report_words=r"纠纷",
        model=Dispute,
        label="矛盾纠纷",
        short="纠纷",
        group="disputes",
        date_field="received_on",
        fields=["received_on", "source", "level", "dispute_type", "summary", "handler", "screening"],
        workflow_fields=["status", "closed_on", "transfer_to", "result_note"],
        list_columns=["number", "received_on", "village", "dispute_type", "level", "parties", "status"],
        search_fields=["number", "summary", "handler", "parties__name"],
        filter_fields=["status", "level", "source", "dispute_type"],
        status_field="status",
        personal={},
        children=[
            ChildSpec(
                model=DisputeParty,
                fk_name="dispute",
                fields=["role", "name", "id_number", "phone", "address"],
                label="当事人",
                personal=DisputeParty.PERSONAL,
                min_num=1,
            )
        ],
        transitions=[
            Transition(
                name="start",
                label="开始调处",
                from_=(DisputeStatus.REGISTERED,),
                to=DisputeStatus.HANDLING,
                fields=("handler",),
            ),
            Transition(
                name="resolve",
                label="化解办结",
                from_=OPEN,
                to=DisputeStatus.RESOLVED,
                check=services.closing_checks,
                fields=("closed_on", "result_note"),
                required=("closed_on",),
            ),
            Transition(
                name="fail",
                label="未化解办结",
                from_=OPEN,
                to=DisputeStatus.UNRESOLVED,
                check=services.closing_checks,
                fields=("closed_on", "result_note"),
                required=("closed_on",),
            ),
            Transition(
                name="transfer",
                label="转办",
                from_=OPEN,
                to=DisputeStatus.TRANSFERRED,
                check=services.closing_checks,
                fields=("closed_on", "transfer_to", "result_note"),
                required=("closed_on", "transfer_to"),
            ),
            Transition(
                name="reopen",
                label="重新调处",
                from_=CLOSED,
                to=DisputeStatus.HANDLING,
                check=services.reopen_checks,
                fields=("result_note",),
            ),
        ],
        policy=village_policy,
        validate=services.village_cadre_level_rule,
        description="受理日期决定纠纷计入哪一期；化解、未化解、转办为办结。",
    )
)

register(
    LedgerSpec(
        key="mediations",
        natural_key=("dispute",),
        report_words=r"调解",
        model=Mediation,
        label="人民调解",
        short="调解",
        group="disputes",
        date_field="started_on",
        fields=[
            "dispute",
            "started_on",
            "mediators",
            "committee",
            "judicial_confirmation",
            "judicial_applied_on",
            "performance",
        ],
        workflow_fields=["status", "ended_on", "agreement_form", "agreement_content", "effective_on"],
        list_columns=["number", "started_on", "village", "dispute", "mediators", "status", "effective_on"],
        search_fields=["number", "mediators", "agreement_content", "dispute__number"],
        filter_fields=["status", "agreement_form", "judicial_confirmation"],
        status_field="status",
        after_write=(clocks_after_write,),
        clocks=clock_views,
        children=[
            ChildSpec(
                model=MediationSession,
                fk_name="mediation",
                fields=["held_on", "place", "notes"],
                label="调解记录",
            )
        ],
        transitions=[
            Transition(
                name="succeed",
                label="调解成功",
                from_=(MediationStatus.ONGOING,),
                to=MediationStatus.SUCCESS,
                check=services.success_checks,
                fields=("agreement_form", "agreement_content", "effective_on"),
                required=("agreement_form", "agreement_content", "effective_on"),
            ),
            Transition(
                name="fail",
                label="调解不成",
                from_=(MediationStatus.ONGOING,),
                to=MediationStatus.FAILED,
                fields=("ended_on",),
                required=("ended_on",),
            ),
        ],
        policy=village_policy,
        description="一起纠纷经人民调解的，单独登记调解卷宗；调解成功率 = 调解成功 / 调解。",
    )
)
