"""The clock of a legality review: the review time (default 7 working days) from submission."""

from fazhi.deadlines.engine import ClockDef, ClockSource, register_source

from .choices import ReviewStatus
from .models import LegalityReview
from .services import REVIEW_RULE, review_refresh


def review_clocks(review: LegalityReview) -> list[ClockDef]:
    if not review.submitted_on:
        return []
    in_review = review.status in (ReviewStatus.PENDING, ReviewStatus.REVIEWING)
    return [
        ClockDef(
            "review",
            "审查期限",
            REVIEW_RULE,
            review.submitted_on,
            done=review.reviewed_on,
            closed=not in_review,
        )
    ]


register_source(
    ClockSource(
        ledger="legality-reviews",
        model=LegalityReview,
        clocks=review_clocks,
        refresh=review_refresh,
        mirror_fields=("due_on",),
        title=lambda r: r.title,
    )
)
