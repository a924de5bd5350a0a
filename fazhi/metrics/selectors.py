"""Reads for the figures pages: the organisations a user may see figures of, and the period asked for."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.http import urlencode

from fazhi.orgs.models import Organisation, OrgKind
from fazhi.orgs.roles import Role
from fazhi.orgs.scoping import business_scope, user_scope

from .registry import Period


def figure_organisations(user) -> list[Organisation]:
    """Districts the user reviews, townships of its business scope and their villages, its own villages."""
    scope = business_scope(user)
    districts = list(
        Organisation.objects.filter(
            kind=OrgKind.DISTRICT,
            pk__in=user.role_assignments.filter(role=Role.DISTRICT_REVIEWER).values("organisation_id"),
        )
    )
    townships = list(Organisation.objects.filter(kind=OrgKind.TOWNSHIP, pk__in=scope.townships))
    # A district reviewer compares townships; villages are for those who work in the township.
    local = user_scope(user, [Role.TOWNSHIP_LEADER, Role.TOWNSHIP_CLERK, Role.LEGAL_ADVISOR])
    villages = list(
        Organisation.objects.filter(kind=OrgKind.VILLAGE).filter(
            Q(pk__in=scope.villages) | Q(township_id__in=local.townships)
        )
    )
    return [*districts, *townships, *villages]


def figure_organisation(user, org_id) -> Organisation:
    """The organisation asked for, or the user's first; 404 when outside the user's figures."""
    allowed = figure_organisations(user)
    if not allowed:
        raise Http404("没有可查看统计数据的组织")
    if org_id in (None, ""):
        return allowed[0]
    for org in allowed:
        if str(org.pk) == str(org_id):
            return org
    raise Http404("无权查看该组织的统计数据")


def _date(value: str, label: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError(f"{label}格式不正确，应为YYYY-MM-DD") from None


def _int(value: str, label: str, low: int, high: int) -> int | None:
    if not value:
        return None
    try:
        number = int(value)
    except ValueError:
        raise ValidationError(f"{label}应为数字") from None
    if not low <= number <= high:
        raise ValidationError(f"{label}应在{low}至{high}之间")
    return number


def period_from(params) -> Period:
    """Period from query parameters: start+end, else year with quarter or month; default last year.

    `as_of` (数据截至) defaults to the period's end. Raises ValidationError with a Chinese message.
    """
    start, end = _date(params.get("start", ""), "开始日期"), _date(params.get("end", ""), "结束日期")
    as_of = _date(params.get("as_of", ""), "数据截至日期")
    if start or end:
        if not (start and end):
            raise ValidationError("请同时填写开始日期和结束日期")
        if end < start:
            raise ValidationError("结束日期不能早于开始日期")
        period = Period.between(start, end, as_of)
    else:
        year = _int(params.get("year", ""), "年度", 2000, 2100) or timezone.localdate().year - 1
        quarter = _int(params.get("quarter", ""), "季度", 1, 4)
        month = _int(params.get("month", ""), "月份", 1, 12)
        if quarter and month:
            raise ValidationError("季度和月份只能选一项")
        if quarter:
            period = Period.quarter(year, quarter, as_of)
        elif month:
            period = Period.month(year, month, as_of)
        else:
            period = Period.year(year, as_of)
    if period.as_of < period.start:
        raise ValidationError("数据截至日期不能早于统计期开始日期")
    return period


def records_query(org, period: Period, *, own: bool = False) -> str:
    """The query string that opens the records behind a figure of `org` over `period`
    (metrics/_value.html links every figure with it); `own`: a district's own records only (区本级)."""
    params = {
        "org": org.pk,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "as_of": period.as_of.isoformat(),
    }
    if own:
        params["own"] = "1"
    return urlencode(params)


def own_only(org, params) -> bool:
    """Whether a district's figure is asked for its own records only (区本级), not its townships'."""
    return org.kind == OrgKind.DISTRICT and params.get("own") == "1"
