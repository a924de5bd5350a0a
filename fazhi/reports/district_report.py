"""The district's own annual report (domain.md §7): who drafts it and its default settings.

A district's report is a `Report` whose organisation is the district itself, so that it has the
township report's versions, 刷新数据, approval with 成文日期/签发人, frozen figures and outputs. Its
district's 区级督查 draft and approve it (a district has no clerk/leader split on the platform); no
township user sees it. It is sent to 市委、市政府 outside the platform, so it is never 报送 here."""

from fazhi.orgs.models import Organisation, OrgKind
from fazhi.orgs.roles import Role

DRAFTERS = (Role.DISTRICT_REVIEWER,)


def is_district(org_id: int | None) -> bool:
    return org_id is not None and Organisation.objects.filter(pk=org_id, kind=OrgKind.DISTRICT).exists()


def drafts_district(user, org_id: int | None) -> bool:
    """Whether the user drafts and approves the own report of the district `org_id` (区级督查 there)."""
    if org_id is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    from fazhi.orgs.scoping import _assignments

    return any(
        role in DRAFTERS and pk == org_id and kind == OrgKind.DISTRICT
        for role, pk, kind in _assignments(user)
    )


def drafted_districts(user) -> list[Organisation]:
    """The districts whose own report the user drafts."""
    from fazhi.orgs.scoping import _assignments

    ids = {pk for role, pk, kind in _assignments(user) if role in DRAFTERS and kind == OrgKind.DISTRICT}
    return list(Organisation.objects.filter(pk__in=ids, kind=OrgKind.DISTRICT).order_by("code"))


def default_district_settings(district: Organisation):
    """Unsaved settings of a district's report: 中共XX区委 and XX区人民政府 as 发文机关, 主送 市委、市政府,
    抄送 市委依法治市办, the leaders' part first (common at district level)."""
    from .models import PartOrder, ReportSettings

    name = district.name
    return ReportSettings(
        township=district,
        party_committee=f"中共{name}委",
        government=f"{name}人民政府",
        doc_number_pattern=f"{name}委〔{{year}}〕1号",
        addressee="市委、市政府：",
        cc="市委依法治市办",
        issuer=f"{name}委办公室",
        part_order=PartOrder.LEADERS_FIRST,
    )


def own_report_state(district: Organisation, year: int) -> str:
    """The district's own report of a year in a word, for the district desk: 未开始, 起草中 (第N版) or
    已审批 (第N版)."""
    from .models import ReportVersion

    latest = (
        ReportVersion.objects.filter(report__township=district, report__year=year)
        .order_by("-number")
        .only("number", "approved_at")
        .first()
    )
    if latest is None:
        return "未开始"
    return f"{'已审批' if latest.approved else '起草中'}（第{latest.number}版）"
