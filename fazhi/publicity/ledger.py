"""Declarations of the 普法 ledgers (domain.md §2.1); the shared machinery in fazhi.core does the rest."""

from fazhi.core.categories import register_list
from fazhi.core.ledgers import ChildSpec, LedgerSpec, Transition, register

from . import services
from .choices import QIJIN, ReviewStatus
from .forms import StudySessionForm
from .models import (
    LawExam,
    LegalVolunteer,
    ModelVillage,
    PublicityActivity,
    PublicityFund,
    StudyAttendee,
    StudyPlan,
    StudyPlanItem,
    StudySession,
)

register_list("qijin", "法律七进", QIJIN, township_may_add=True)

register(
    LedgerSpec(
        key="publicity-activities",
        district_level=True,
        natural_key=("held_on", "title", "village"),
        report_words=r"普法|法治宣传|宣传活动",
        expected_yearly="普法活动",
        model=PublicityActivity,
        label="普法活动",
        short="普法",
        group="publicity",
        date_field="held_on",
        fields=[
            "held_on",
            "title",
            "qijin",
            "form",
            "audience_unit",
            "audience_count",
            "books",
            "materials",
            "households",
            "consultations",
            "organiser",
            "notes",
        ],
        list_columns=["number", "held_on", "title", "qijin", "form", "village", "audience_count", "books"],
        search_fields=["number", "title", "audience_unit", "organiser", "notes"],
        filter_fields=["qijin", "form"],
        uses_group=False,
        description="按“法律七进”类别统计活动场次；书籍（册）与资料（份）分别登记，报告中可合称书籍资料。",
    )
)

register(
    LedgerSpec(
        key="study-sessions",
        district_level=True,
        natural_key=("held_on", "topic"),
        report_words=r"学法|法治讲座|法律知识培训|学习.{0,8}法律|法律.{0,6}(?:知识|学习|培训)",
        expected_yearly="学法活动",
        model=StudySession,
        label="学法活动",
        short="学法",
        group="publicity",
        date_field="held_on",
        fields=["held_on", "kind", "topic", "speaker", "participants", "enrolled", "plan_item"],
        list_columns=["number", "held_on", "kind", "topic", "participants", "enrolled", "plan_item"],
        search_fields=["number", "topic", "speaker", "attendees__name"],
        filter_fields=["kind"],
        uses_village=False,
        uses_group=False,
        form_class=StudySessionForm,
        after_write=(services.sessions_after_write,),
        children=[
            ChildSpec(
                model=StudyAttendee,
                fk_name="session",
                fields=["name", "post"],
                label="参学人员",
                personal={"name": "name"},
            )
        ],
        description="参学人次按场次累计；“人”数（如法宣在线参学人数）不由人次相加，以登记的人数或参学名单为准。"
        "党委理论学习中心组学法在此登记一次，第一责任人部分引用。",
    )
)

register(
    LedgerSpec(
        key="law-exams",
        district_level=True,
        natural_key=("exam_on", "name"),
        report_words=r"考试|应考|参考率",
        model=LawExam,
        label="学法考试",
        short="考试",
        group="publicity",
        date_field="exam_on",
        fields=["name", "exam_on", "organiser", "required_count", "sat_count", "passed_count"],
        list_columns=["number", "exam_on", "name", "required_count", "sat_count", "passed_count"],
        search_fields=["number", "name", "organiser"],
        uses_village=False,
        uses_group=False,
        description="参考率 = 参考人数 / 应考人数；通过率 = 通过人数 / 参考人数。",
    )
)

register(
    LedgerSpec(
        key="study-plans",
        district_level=True,
        natural_key=("year", "title"),
        report_words=r"学法计划|学法清单|学习计划",
        model=StudyPlan,
        label="年度学法计划",
        short="学法计划",
        group="publicity",
        date_field="issued_on",
        fields=["year", "title", "issued_on"],
        workflow_fields=["progress"],
        list_columns=["number", "year", "title", "issued_on", "progress"],
        search_fields=["number", "title", "items__topic"],
        filter_fields=["year"],
        uses_village=False,
        uses_group=False,
        after_write=(services.plans_after_write,),
        children=[
            ChildSpec(
                model=StudyPlanItem,
                fk_name="plan",
                fields=["month", "topic"],
                label="计划条目",
                extra=3,
            )
        ],
        description="学法活动登记时可勾选对应的计划条目；完成情况按未作废的学法活动自动更新。",
    )
)

register(
    LedgerSpec(
        key="legal-volunteers",
        natural_key=("village", "name"),
        report_words=r"法律明白人|法治宣传员|普法骨干|政法委员",
        model=LegalVolunteer,
        label="法律明白人",
        short="明白人",
        group="publicity",
        date_field="trained_on",
        fields=["name", "role", "trained_on", "phone"],
        list_columns=["number", "village", "name", "role", "trained_on", "phone"],
        search_fields=["number", "name"],
        filter_fields=["role"],
        personal={"name": "name", "phone": "phone"},
        uses_group=False,
        description="法律明白人、政法委员、义务法治宣传员等普法骨干名册。",
    )
)

register(
    LedgerSpec(
        key="publicity-funds",
        district_level=True,
        natural_key=("allocated_on", "purpose"),
        report_words=r"经费",
        model=PublicityFund,
        label="普法经费",
        short="经费",
        group="publicity",
        date_field="allocated_on",
        fields=["year", "allocated_on", "amount", "purpose"],
        list_columns=["number", "year", "allocated_on", "amount", "purpose"],
        search_fields=["number", "purpose"],
        filter_fields=["year"],
        uses_village=False,
        uses_group=False,
        description="金额以万元计；按经费年度汇总。",
    )
)

register(
    LedgerSpec(
        key="model-villages",
        natural_key=("village", "level", "awarded_on"),
        report_words=r"示范村",
        model=ModelVillage,
        label="民主法治示范村",
        short="示范村",
        group="publicity",
        date_field="awarded_on",
        fields=["level", "awarded_on", "document"],
        workflow_fields=["year_awarded", "review_status", "reviewed_on", "review_note"],
        list_columns=["number", "village", "level", "year_awarded", "review_status", "reviewed_on"],
        search_fields=["number", "document", "review_note"],
        filter_fields=["level", "review_status"],
        status_field="review_status",
        uses_group=False,
        transitions=[
            Transition(
                name="review",
                label="开始复核",
                from_=(ReviewStatus.VALID,),
                to=ReviewStatus.UNDER_REVIEW,
                fields=("review_note",),
            ),
            Transition(
                name="confirm",
                label="复核通过",
                from_=(ReviewStatus.UNDER_REVIEW,),
                to=ReviewStatus.VALID,
                check=services.review_checks,
                fields=("reviewed_on", "review_note"),
                required=("reviewed_on",),
            ),
            Transition(
                name="revoke",
                label="撤销称号",
                from_=(ReviewStatus.VALID, ReviewStatus.UNDER_REVIEW),
                to=ReviewStatus.REVOKED,
                check=services.review_checks,
                fields=("reviewed_on", "review_note"),
                required=("reviewed_on", "review_note"),
            ),
        ],
        description="命名年度取自命名日期；复核状态只能通过“开始复核”“复核通过”“撤销称号”改变。",
    )
)
