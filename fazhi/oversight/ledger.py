"""Declarations of the oversight ledgers (domain.md §2.8); the shared machinery does the rest."""

from fazhi.core.categories import register_list
from fazhi.core.ledgers import ChildSpec, LedgerSpec, Transition, register
from fazhi.deadlines.display import clock_views
from fazhi.deadlines.engine import clocks_after_write

from . import services
from .choices import DISCLOSURE_KINDS, RectificationStatus
from .models import Disclosure, Hearing, LitigationCase, Rectification, WarningEducation

register_list("disclosure_kind", "政务公开类别", DISCLOSURE_KINDS)

register(
    LedgerSpec(
        key="rectifications",
        district_level=True,
        natural_key=("received_on", "content"),
        report_words=r"整改",
        model=Rectification,
        label="整改事项",
        short="整改",
        group="oversight",
        date_field="received_on",
        fields=["source", "received_on", "content", "due_on", "measures"],
        workflow_fields=["status", "done_on", "on_time"],
        list_columns=["number", "received_on", "source", "content", "due_on", "status", "done_on", "on_time"],
        search_fields=["number", "content", "measures"],
        filter_fields=["status", "source"],
        status_field="status",
        transitions=[
            Transition(
                name="complete",
                label="完成整改",
                from_=(RectificationStatus.OPEN,),
                to=RectificationStatus.DONE,
                check=services.completion_checks,
                fields=("done_on", "measures"),
                required=("done_on",),
            )
        ],
        uses_village=False,
        uses_group=False,
        derive=services.rectification_refresh,
        after_write=(clocks_after_write,),
        clocks=clock_views,
        description="整改中且已过整改期限的为逾期；完成日期不晚于整改期限的为按期完成。",
    )
)

register(
    LedgerSpec(
        key="litigation-cases",
        district_level=True,
        natural_key=("case_number",),
        report_words=r"行政诉讼|行政复议|应诉|出庭",
        model=LitigationCase,
        label="行政诉讼/行政复议案件",
        short="行诉",
        group="oversight",
        date_field="received_on",
        fields=["case_number", "received_on", "kind", "body", "cause", "outcome", "decided_on", "notes"],
        list_columns=["number", "received_on", "kind", "case_number", "body", "cause", "outcome"],
        search_fields=["number", "case_number", "body", "cause"],
        filter_fields=["kind", "outcome"],
        children=[
            ChildSpec(
                model=Hearing,
                fk_name="case",
                fields=["held_on", "agency_appeared", "head_appeared", "head_name"],
                label="开庭记录",
            )
        ],
        uses_village=False,
        uses_group=False,
        description="负责人出庭应诉率 = 行政诉讼开庭中行政机关负责人出庭的次数 / 行政诉讼开庭次数；行政复议不计。",
    )
)

register(
    LedgerSpec(
        key="warning-education",
        district_level=True,
        natural_key=("held_on", "topic"),
        report_words=r"警示教育",
        expected_yearly="警示教育",
        model=WarningEducation,
        label="警示教育",
        short="警示",
        group="oversight",
        date_field="held_on",
        fields=["held_on", "form", "topic", "participants"],
        list_columns=["number", "held_on", "form", "topic", "participants"],
        search_fields=["number", "topic"],
        filter_fields=["form"],
        uses_village=False,
        uses_group=False,
    )
)

register(
    LedgerSpec(
        key="disclosures",
        district_level=True,
        natural_key=("published_on", "title"),
        report_words=r"公开",
        expected_yearly="政务公开",
        model=Disclosure,
        label="政务公开",
        short="公开",
        group="oversight",
        date_field="published_on",
        fields=["published_on", "channel", "title", "kind"],
        list_columns=["number", "published_on", "channel", "kind", "title"],
        search_fields=["number", "title"],
        filter_fields=["channel", "kind"],
        uses_village=False,
        uses_group=False,
    )
)
