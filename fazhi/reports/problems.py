"""Problems the records show for a township-year, as of 31 December: the one list that part 三 of the
draft (存在的不足和原因) is written from and that the report check expects part 三 to mention. For a
district (its own report) the same problems over every township of the district and its own records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from fazhi.metrics.registry import Period, compute, org_condition, records, registry

OVERDUE_RECTIFICATIONS = "rectification.overdue"


@dataclass(frozen=True)
class Problem:
    """One problem: its kind, a Chinese description, and the words by which part 三 mentions it."""

    kind: str
    text: str
    words: str
    count: int = 0
    names: tuple[str, ...] = field(default=())


def data_problems(township, year: int, *, base=None) -> list[Problem]:
    """Villages without an advisor, overdue rectifications, late petitions and late tickets."""
    as_of = dt.date(year, 12, 31)
    problems = []
    if OVERDUE_RECTIFICATIONS in registry:
        period = Period.year(year)
        overdue = compute([OVERDUE_RECTIFICATIONS], township, period, base=base)[OVERDUE_RECTIFICATIONS]
        if overdue.value:
            behind = records(OVERDUE_RECTIFICATIONS, township, period, base=base).order_by("due_on", "number")
            numbers = "、".join(behind.values_list("number", flat=True)[:5])
            text = f"截至{year}年12月31日，{year}年交办的整改事项中有{overdue.value}件逾期未完成（{numbers}）"
            problems.append(Problem("rectifications", text, r"整改", int(overdue.value)))
    names = tuple(v.name for v in villages_without_advisor(township, as_of, base=base))
    if names:
        problems.append(
            Problem(
                "advisors",
                f"截至{year}年12月31日有{len(names)}个村（社区）没有在聘法律顾问（{'、'.join(names)}）",
                r"法律顾问|一村一",
                len(names),
                names,
            )
        )
    problems.extend(_late_petitions(township, year, as_of, base))
    problems.extend(_late_tickets(township, year, as_of, base))
    return problems


def _scoped(model, base):
    return base(model) if base is not None else model.objects.all()


def villages_without_advisor(township, on: dt.date, *, base=None) -> list:
    """Villages of the township (or district) current on `on` that no advisor under contract serves
    that day."""
    from fazhi.legalservice.models import AdvisorVillage, LegalAdvisor
    from fazhi.orgs.models import Organisation, OrgKind

    advisors = (
        _scoped(LegalAdvisor, base)
        .filter(org_condition(township))
        .filter(voided=False, contract_start__lte=on, contract_end__gte=on)
    )
    served = AdvisorVillage.objects.filter(advisor__in=advisors).values("village_id")
    own = Q(district_id=township.pk) if township.kind == OrgKind.DISTRICT else Q(parent_id=township.pk)
    return list(
        Organisation.objects.current(on)
        .filter(own, kind=OrgKind.VILLAGE)
        .exclude(pk__in=served)
        .order_by("sort_order", "code")
    )


def _late_petitions(township, year, as_of, base) -> list[Problem]:
    from fazhi.petitions.models import Petition

    open_states = ("accepted", "handling", "extended")
    count = (
        _scoped(Petition, base)
        .filter(org_condition(township))
        .filter(voided=False, received_on__year=year)
        .filter(Q(reply_on_time=False) | Q(status__in=open_states, reply_due__lt=as_of))
        .count()
    )
    return (
        [Problem("petitions", f"{year}年受理的信访事项中有{count}件未按期答复", r"信访", count)]
        if count
        else []
    )


def _late_tickets(township, year, as_of, base) -> list[Problem]:
    from fazhi.tickets.models import Ticket

    end = timezone.make_aware(dt.datetime.combine(as_of, dt.time.max))
    count = (
        _scoped(Ticket, base)
        .filter(org_condition(township))
        .filter(voided=False, received_at__year=year)
        .filter(Q(on_time=False) | Q(replied_at__isnull=True, due_at__lt=end))
        .count()
    )
    text = f"{year}年接收的热线、督查工单中有{count}件未按时答复"
    return [Problem("tickets", text, r"12345|热线|工单", count)] if count else []
