"""Workflow steps of enforcement cases: 立案 → 调查终结 → 决定 → 公示 → 结案, with the 三项制度 checks."""

from datetime import date

from django.core.exceptions import ValidationError

from fazhi.core.attachments import attachments_of
from fazhi.core.models import AttachmentKind, Category
from fazhi.deadlines.engine import clock_due

from .choices import CaseKind
from .models import EnforcementCase

MIN_OFFICERS = 2


def publish_rule(kind: str) -> str:
    """公示 is due 7 working days after the decision for 行政许可/行政处罚, 20 otherwise (clock rules)."""
    if kind in (CaseKind.LICENSING, CaseKind.PENALTY):
        return "publicity_permit_penalty"
    return "publicity_other"


def case_refresh(case: EnforcementCase) -> None:
    """The 公示 due date from the decision date (with the clock's pauses and extension) and whether
    publication was on time, judged against that possibly extended date."""
    due = clock_due(case, "publish", publish_rule(case.kind), case.decided_on, done=case.published_on)
    case.publish_due_on = due.due if due else None
    if case.published_on and case.publish_due_on:
        case.published_on_time = case.published_on <= case.publish_due_on
    elif case.published_on is None:
        case.published_on_time = None


def publish_due_on(kind: str, decided_on: date) -> date:
    """Due date of 公示 for a decision of that kind and day, without pauses or extension."""
    return clock_due(EnforcementCase(), "publish", publish_rule(kind), decided_on).due


def requires_av_record(case: EnforcementCase) -> bool:
    """Whether the case's kind of action is on the district's list of actions needing 音像记录."""
    return (
        Category.objects.for_township("av_required_actions", case.township)
        .filter(code=case.action_kind.code)
        .exists()
    )


def _check_officers(case: EnforcementCase) -> None:
    officers = {row.officer for row in case.officers.select_related("officer")}
    valid = [o for o in officers if o.township_id == case.township_id and o.valid_on(case.filed_on)]
    if len(valid) < MIN_OFFICERS:
        raise ValidationError(
            f"执法案件至少需要{MIN_OFFICERS}名在立案日持有效执法证的执法人员（现有{len(valid)}名）"
        )


def _check_legal_review(case: EnforcementCase) -> None:
    if not case.is_major:
        return
    review = case.legal_review
    if review is None:
        raise ValidationError({"legal_review": "重大执法决定须先经法制审核：请关联合法性审查记录"})
    if review.voided:
        raise ValidationError({"legal_review": "所关联的法制审核记录已作废"})
    if not review.passed:
        raise ValidationError(
            {"legal_review": "法制审核尚未通过（审查结论须为“同意”或“修改后同意”），不能作出重大执法决定"}
        )
    if review.reviewed_on and case.decided_on and review.reviewed_on > case.decided_on:
        raise ValidationError({"decided_on": "决定日期不能早于法制审核出具意见的日期"})


def investigate_checks(case: EnforcementCase, data: dict) -> None:
    _check_officers(case)


def decide_checks(case: EnforcementCase, data: dict) -> None:
    """决定: a major decision needs a passed 法制审核; the 公示 due date is set from the decision date."""
    _check_officers(case)
    _check_legal_review(case)
    case_refresh(case)


def publish_checks(case: EnforcementCase, data: dict) -> None:
    """公示: whether the publication was within the limit."""
    case_refresh(case)


def close_checks(case: EnforcementCase, data: dict) -> None:
    """结案: actions on the audio-video list need an 音像记录 attachment."""
    if requires_av_record(case):
        has_av = attachments_of(case).filter(kind=AttachmentKind.AV_RECORD, voided=False).exists()
        if not has_av:
            raise ValidationError(
                f"“{case.action_kind.label}”须全程音像记录：请先上传类别为“音像记录”的附件，再结案"
            )
