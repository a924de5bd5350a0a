"""Workflow steps of the decision ledgers. Each checks the step is allowed and writes history."""

from django.core.exceptions import ValidationError

from fazhi.deadlines.engine import clock_due

from .choices import Conclusion, DecisionStep, ReviewStatus, RiskLevel
from .models import LegalityReview, MajorDecision, RiskAssessment

# The review time is the clock rule "legality_review" (default 7 working days, set by the administrator).
REVIEW_RULE = "legality_review"


def review_refresh(record: LegalityReview) -> None:
    """The review's due date from its submitted date, with the clock's pauses and extension."""
    due = clock_due(record, "review", REVIEW_RULE, record.submitted_on, done=record.reviewed_on)
    record.due_on = due.due if due else None


# --- 合法性审查 ---------------------------------------------------------------------------------


def opinion_checks(review: LegalityReview, data: dict) -> None:
    """出具意见: the advisor (or the clerk copying a written opinion) records opinion and conclusion."""
    if not (review.opinion or "").strip():
        raise ValidationError({"opinion": "请填写审查意见"})


def after_opinion(label: str):
    """The guard of marking the reviewed item {label}: only once an opinion is given."""

    def guard(review: LegalityReview) -> None:
        if review.status in (ReviewStatus.PENDING, ReviewStatus.REVIEWING):
            raise ValidationError(f"尚未出具合法性审查意见，该事项不能标记为{label}")

    return guard


def not_disagreed(label: str):
    """The check of marking the reviewed item {label}: not after an opinion of 不同意."""

    def check(review: LegalityReview, data: dict) -> None:
        if review.conclusion == Conclusion.DISAGREE:
            raise ValidationError(f"审查结论为“不同意”，该事项不能标记为{label}")

    return check


# --- 重大行政决策 ---------------------------------------------------------------------------------


def missing_steps(decision: MajorDecision) -> list[str]:
    """Labels of the required statutory steps not yet done (no date or no evidence).

    A step without a row counts as required: all five are statutory unless the decision's own row
    says the step is not required.
    """
    rows = {}
    for row in decision.steps.all():
        rows.setdefault(row.step, []).append(row)
    missing = []
    for step in DecisionStep:
        steps = rows.get(step.value)
        if not steps:
            missing.append(step.label)
            continue
        if any(r.required and not (r.done_on and r.evidence.strip()) for r in steps):
            missing.append(step.label)
    return missing


def decision_checks(decision: MajorDecision, data: dict) -> None:
    missing = missing_steps(decision)
    if missing:
        raise ValidationError(
            "以下必经程序尚未完成（须有完成日期和佐证材料），不能记录为已决定：" + "、".join(missing)
        )
    for row in decision.steps.all():
        if not row.required:
            continue
        if row.step == DecisionStep.PUBLIC:
            if not row.started_on:
                raise ValidationError("请填写公众参与的开始日期")
            days = (row.done_on - row.started_on).days + 1
            if days < decision.comment_days_min:
                raise ValidationError(
                    f"公众参与期限为{days}日，少于{decision.comment_days_min}日，不能记录为已决定"
                )
        if row.done_on and row.done_on > decision.decided_on:
            raise ValidationError(f"{row.get_step_display()}的完成日期晚于决定日期")


# --- 风险评估 ---------------------------------------------------------------------------------


def controlled_checks(assessment: RiskAssessment, data: dict) -> None:
    if not (assessment.measures or "").strip():
        raise ValidationError({"measures": "请先填写防控措施，再评定为可控"})


def resolved_checks(assessment: RiskAssessment, data: dict) -> None:
    if assessment.level == RiskLevel.HIGH and not assessment.reviews.exists():
        raise ValidationError("高风险事项须至少有一次跟踪回访记录，才能标记为已化解")
