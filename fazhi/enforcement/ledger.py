"""Declarations of the enforcement ledgers (行政执法); the shared machinery in fazhi.core does the rest."""

from fazhi.core.categories import register_list
from fazhi.core.ledgers import ChildSpec, LedgerSpec, Transition, register
from fazhi.deadlines.display import clock_views
from fazhi.deadlines.engine import clocks_after_write

from . import services
from .choices import ACTION_KINDS, AV_REQUIRED_ACTIONS, CaseStatus
from .forms import CaseForm
from .models import CaseOfficer, EnforcementCase, Officer

register_list("enforcement_action", "执法行为", ACTION_KINDS, township_may_add=True)
register_list("av_required_actions", "须全程音像记录的执法行为", AV_REQUIRED_ACTIONS)

register(
    LedgerSpec(
        key="enforcement-officers",
        district_level=True,
        natural_key=("cert_number",),
        report_words=r"执法人员|执法证",
        model=Officer,
        label="执法人员",
        short="执法证",
        group="enforcement",
        date_field="issued_on",
        fields=["name", "cert_number", "issuing_body", "issued_on", "valid_until", "unit"],
        list_columns=["number", "name", "cert_number", "issuing_body", "valid_until"],
        search_fields=["number", "name", "cert_number", "unit"],
        ordering=["valid_until"],
        uses_village=False,
        uses_group=False,
        description="执法证过期的人员不能被指派办案；每起案件至少两名持证执法人员。",
    )
)

register(
    LedgerSpec(
        key="enforcement-cases",
        district_level=True,
        natural_key=("case_number",),
        report_words=r"执法|行政处罚|行政检查|行政许可",
        expected_yearly="行政执法",
        model=EnforcementCase,
        label="执法案件",
        short="执法",
        group="enforcement",
        date_field="filed_on",
        fields=[
            "case_number",
            "kind",
            "action_kind",
            "party_type",
            "party_name",
            "party_id_number",
            "party_credit_code",
            "party_phone",
            "party_address",
            "cause",
            "filed_on",
            "is_major",
            "legal_review",
        ],
        workflow_fields=[
            "status",
            "investigated_on",
            "decided_on",
            "decision",
            "publish_due_on",
            "published_on",
            "published_on_time",
            "closed_on",
        ],
        list_columns=["number", "case_number", "filed_on", "kind", "action_kind", "party_name", "status"],
        search_fields=["number", "case_number", "cause", "decision"],
        filter_fields=["status", "kind", "action_kind", "is_major"],
        status_field="status",
        uses_group=False,
        form_class=CaseForm,
        personal={
            "party_name": "name",
            "party_id_number": "id_number",
            "party_phone": "phone",
            "party_address": "address",
        },
        children=[
            ChildSpec(
                model=CaseOfficer,
                fk_name="case",
                fields=["officer", "role"],
                label="执法人员",
                extra=0,
                min_num=2,
            )
        ],
        transitions=[
            Transition(
                name="investigate",
                label="调查终结",
                from_=(CaseStatus.FILED,),
                to=CaseStatus.INVESTIGATED,
                check=services.investigate_checks,
                fields=("investigated_on",),
                required=("investigated_on",),
            ),
            Transition(
                name="decide",
                label="作出决定",
                from_=(CaseStatus.INVESTIGATED,),
                to=CaseStatus.DECIDED,
                check=services.decide_checks,
                fields=("decided_on", "decision"),
                required=("decided_on", "decision"),
            ),
            Transition(
                name="publish",
                label="公示",
                from_=(CaseStatus.DECIDED,),
                to=CaseStatus.PUBLISHED,
                check=services.publish_checks,
                fields=("published_on",),
                required=("published_on",),
            ),
            Transition(
                name="close",
                label="结案",
                from_=(CaseStatus.PUBLISHED,),
                to=CaseStatus.CLOSED,
                check=services.close_checks,
                fields=("closed_on",),
                required=("closed_on",),
            ),
        ],
        derive=services.case_refresh,
        after_write=(clocks_after_write,),
        clocks=clock_views,
        description=(
            "行政许可、行政处罚决定自作出之日起7个工作日内公示，其他20个工作日内；"
            "重大执法决定须经法制审核通过后方可作出；须音像记录的执法行为结案前须上传音像记录。"
        ),
    )
)
