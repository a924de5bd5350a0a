"""The figure of 到期提醒: open legal clocks already past their due date, counted today.

Clocks are not a ledger: a caller's scope (`base`) reaches them through the records they belong to,
so a reader counts only clocks of records it may open.
"""

from django.db.models import Q

from fazhi.metrics.registry import Custom, org_condition, register

from . import engine
from .models import Clock


def overdue_clocks(base=None):
    """Open obligations (not the other side's windows) past their due date today, within `base`."""
    qs = Clock.objects.filter(is_open=True, window=False, due_on__lt=engine.today())
    if base is None:
        return qs
    readable = Q(pk__in=[])
    for source in engine.all_sources():
        readable |= Q(ledger=source.ledger, object_id__in=base(source.model).values("pk"))
    return qs.filter(readable)


def _count(org, period, base):
    n = overdue_clocks(base).filter(org_condition(org)).count()
    return n, None, None


def _records(org, period, base):
    return overdue_clocks(base).filter(org_condition(org))


register(
    Custom(
        id="deadlines.overdue_now",
        label="当前逾期未办结事项",
        definition="今天仍在办理、已超过法定（或载明）期限的事项数；对方期限（如复查申请期）不计。与统计期无关。",
        unit="件",
        keep_zero=True,
        compute_fn=_count,
        records_fn=_records,
    ),
)
