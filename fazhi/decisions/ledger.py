"""Declarations of the decision ledgers (依法决策); the shared machinery in fazhi.core does the rest."""

from dataclasses import dataclass

from fazhi.core.ledgers import ChildSpec, LedgerSpec, Transition, register
from fazhi.core.policy import CLERK, Policy
from fazhi.deadlines.display import clock_views
from fazhi.deadlines.engine import clocks_after_write
from fazhi.orgs.roles import Role

from . import services
from .choices import DecisionStatus, ReviewStatus, RiskStatus
from .models import LegalityReview, MajorDecision, MajorDecisionStep, RiskAssessment, RiskReview

CLERK_AND_ADVISOR = CLERK | {Role.LEGAL_ADVISOR}


@dataclass(frozen=True)
class ReviewPolicy(Policy):
    """The clerk registers reviews; the legal advisor (or the clerk) writes the opinion."""

    opine: frozenset = CLERK_AND_ADVISOR

    def roles(self, action: str) -> frozenset:
        if action == "opine":
            return self.opine
        return super().roles(action)


register(
    LedgerSpec(
        key="legality-reviews",
        district_level=True,
        natural_key=("submitted_on", "title"),
        report_words=r"合法性审查|合法性审核|法制审核|审查.{0,6}(?:合同|文件)",
        expected_yearly="合法性审查",
        model=LegalityReview,
        label="合法性审查",
        short="审查",
        group="decisions",
        date_field="submitted_on",
        fields=["title", "review_type", "submitting_office", "submitted_on"],
        workflow_fields=[
            "due_on",
            "status",
            "reviewer",
            "opinion",
            "conclusion",
            "reviewed_on",
            "outcome_on",
        ],
        list_columns=["number", "submitted_on", "title", "review_type", "due_on", "conclusion", "status"],
        search_fields=["number", "title", "submitting_office", "reviewer", "opinion"],
        filter_fields=["status", "review_type", "conclusion"],
        status_field="status",
        uses_group=False,
        policy=ReviewPolicy(),
        derive=services.review_refresh,
        after_write=(clocks_after_write,),
        clocks=clock_views,
        transitions=[
            Transition(
                name="start",
                label="开始审查",
                from_=(ReviewStatus.PENDING,),
                to=ReviewStatus.REVIEWING,
                fields=("reviewer",),
                action="opine",
            ),
            Transition(
                name="opine",
                label="出具意见",
                from_=(ReviewStatus.PENDING, ReviewStatus.REVIEWING),
                to=ReviewStatus.OPINED,
                check=services.opinion_checks,
                fields=("reviewer", "opinion", "conclusion", "reviewed_on"),
                required=("reviewer", "opinion", "conclusion", "reviewed_on"),
                action="opine",
            ),
            Transition(
                name="issue",
                label="标记已印发",
                from_=(ReviewStatus.OPINED,),
                to=ReviewStatus.ISSUED,
                guard=services.after_opinion("已印发"),
                check=services.not_disagreed("已印发"),
                fields=("outcome_on",),
                required=("outcome_on",),
            ),
            Transition(
                name="sign",
                label="标记已签订",
                from_=(ReviewStatus.OPINED,),
                to=ReviewStatus.SIGNED,
                guard=services.after_opinion("已签订"),
                check=services.not_disagreed("已签订"),
                fields=("outcome_on",),
                required=("outcome_on",),
            ),
            Transition(
                name="decide",
                label="标记已决定",
                from_=(ReviewStatus.OPINED,),
                to=ReviewStatus.DECIDED,
                guard=services.after_opinion("已决定"),
                check=services.not_disagreed("已决定"),
                fields=("outcome_on",),
                required=("outcome_on",),
            ),
        ],
        description="送审后7个工作日内出具审查意见；审查结论为“不同意”的事项不得印发、签订或决定。",
    )
)

register(
    LedgerSpec(
        key="major-decisions",
        district_level=True,
        natural_key=("proposed_on", "title"),
        report_words=r"重大行政决策|重大决策",
        model=MajorDecision,
        label="重大行政决策",
        short="决策",
        group="decisions",
        date_field="proposed_on",
        fields=["title", "proposed_on", "sponsor_office", "summary", "comment_days_min"],
        workflow_fields=["status", "decided_on", "decision"],
        list_columns=["number", "proposed_on", "title", "sponsor_office", "status", "decided_on"],
        search_fields=["number", "title", "sponsor_office", "summary"],
        filter_fields=["status"],
        status_field="status",
        uses_group=False,
        children=[
            ChildSpec(
                model=MajorDecisionStep,
                fk_name="decision",
                fields=["step", "required", "started_on", "done_on", "evidence"],
                label="法定程序",
                extra=5,
            )
        ],
        transitions=[
            Transition(
                name="decide",
                label="记录决定",
                from_=(DecisionStatus.DRAFTING,),
                to=DecisionStatus.DECIDED,
                check=services.decision_checks,
                fields=("decided_on", "decision"),
                required=("decided_on", "decision"),
            ),
        ],
        description="公众参与、专家论证、风险评估、合法性审查、集体讨论决定五项法定程序，必经程序均有日期和佐证材料后方可记录决定。",
    )
)

register(
    LedgerSpec(
        key="risk-assessments",
        district_level=True,
        natural_key=("assessed_on", "matter"),
        report_words=r"风险评估|稳评",
        model=RiskAssessment,
        label="风险评估",
        short="风评",
        group="decisions",
        date_field="assessed_on",
        fields=["matter", "domain", "level", "assessed_on", "assessor", "measures"],
        workflow_fields=["status", "status_on", "status_note"],
        list_columns=["number", "assessed_on", "matter", "domain", "level", "status"],
        search_fields=["number", "matter", "assessor", "measures"],
        filter_fields=["status", "domain", "level"],
        status_field="status",
        uses_group=False,
        children=[
            ChildSpec(
                model=RiskReview,
                fk_name="assessment",
                fields=["reviewed_on", "note"],
                label="跟踪回访",
            )
        ],
        transitions=[
            Transition(
                name="control",
                label="评定可控",
                from_=(RiskStatus.ASSESSING, RiskStatus.REPORTED),
                to=RiskStatus.CONTROLLED,
                check=services.controlled_checks,
                fields=("status_on", "status_note"),
                required=("status_on",),
            ),
            Transition(
                name="report",
                label="上报",
                from_=(RiskStatus.ASSESSING, RiskStatus.CONTROLLED),
                to=RiskStatus.REPORTED,
                fields=("status_on", "status_note"),
                required=("status_on", "status_note"),
            ),
            Transition(
                name="resolve",
                label="已化解",
                from_=(RiskStatus.ASSESSING, RiskStatus.CONTROLLED, RiskStatus.REPORTED),
                to=RiskStatus.RESOLVED,
                check=services.resolved_checks,
                fields=("status_on", "status_note"),
                required=("status_on",),
            ),
        ],
    )
)
