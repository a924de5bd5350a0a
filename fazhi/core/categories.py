"""Configurable category lists (纠纷类型, 法律七进, …): declared by ledgers, kept per district."""

from dataclasses import dataclass

from .models import Category


@dataclass(frozen=True)
class CategoryList:
    """A list's key, label, default entries and whether a township may add its own."""

    key: str
    label: str
    defaults: list[tuple[str, str]]
    township_may_add: bool = False


LISTS: dict[str, CategoryList] = {}


def register_list(key: str, label: str, defaults: list[tuple[str, str]], *, township_may_add: bool = False):
    LISTS[key] = CategoryList(key, label, defaults, township_may_add)


def key_choices(list_key: str) -> list[tuple[str, str]]:
    """What an added entry may count as: a default entry of its list, or 其他."""
    lst = LISTS[list_key]
    out = list(lst.defaults)
    if Category.OTHER_KEY not in {code for code, _ in out}:
        out.append((Category.OTHER_KEY, "其他"))
    return out


def key_label(list_key: str, key: str) -> str:
    return dict(key_choices(list_key)).get(key, "") if list_key in LISTS else ""


def district_created(org) -> None:
    """Run for each new organisation (orgs.services.after_organisation_created, from CoreConfig.ready):
    a new district starts with the default lists, whatever page or code creates it, so no figure starts
    uncountable."""
    from fazhi.orgs.models import OrgKind

    if org.kind == OrgKind.DISTRICT:
        ensure_defaults(org)


def ensure_defaults(district) -> int:
    """Create the default entries a district lacks; returns how many were created."""
    existing = set(
        Category.objects.filter(district=district, township__isnull=True).values_list("list_key", "code")
    )
    new = [
        Category(list_key=lst.key, district=district, code=code, key=code, label=label, sort_order=i)
        for lst in LISTS.values()
        for i, (code, label) in enumerate(lst.defaults)
        if (lst.key, code) not in existing
    ]
    Category.objects.bulk_create(new)
    return len(new)


def category_defaults_restore(*, user, district) -> int:
    """恢复默认类别: add the default entries the district lacks and re-enable stopped ones, so that every
    figure counted by a default category can be counted again; entries the district added stay as
    they are. Returns how many entries were added or re-enabled."""
    from django.core.exceptions import PermissionDenied
    from django.db import transaction

    from fazhi.audit.models import AuditAction
    from fazhi.audit.services import audit_record

    if not all(may_edit(user, lst, district, None) for lst in LISTS.values()):
        raise PermissionDenied("您没有权限修改此类别列表")
    defaults = {(lst.key, code) for lst in LISTS.values() for code, _ in lst.defaults}
    with transaction.atomic():
        stopped = [
            c.pk
            for c in Category.objects.filter(district=district, township__isnull=True, active=False)
            if (c.list_key, c.code) in defaults
        ]
        Category.objects.filter(pk__in=stopped).update(active=True)
        changed = ensure_defaults(district) + len(stopped)
        audit_record(user=user, action=AuditAction.ADMIN, obj=district, detail=f"恢复默认类别：{changed}项")
    return changed


def _check_label(label: str, list_key: str, district, township, exclude_pk=None) -> str:
    from django.core.exceptions import ValidationError
    from django.db.models import Q

    label = (label or "").strip()
    if not label:
        raise ValidationError({"label": "请填写类别名称"})
    if len(label) > 40:
        raise ValidationError({"label": "类别名称不能超过40个字"})
    clash = Category.objects.filter(list_key=list_key, district=district, label=label).filter(
        Q(township__isnull=True) | Q(township=township)
    )
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"label": f"“{label}”已在该列表中"})
    return label


def category_add(*, user, list_key: str, district, township=None, label: str, key: str) -> Category:
    """Add an entry: to the district's list (系统管理员) or as a township's own (its clerk, where allowed).
    `key` says which default entry it counts as (so 进校园 is counted as 进学校), or 其他."""
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.db import transaction

    from fazhi.audit.models import AuditAction
    from fazhi.audit.services import audit_record

    lst = LISTS.get(list_key)
    if lst is None:
        raise ValidationError("没有这个类别列表")
    if not may_edit(user, lst, district, township):
        raise PermissionDenied("您没有权限修改此类别列表")
    label = _check_label(label, list_key, district, township)
    if key not in dict(key_choices(list_key)):
        raise ValidationError({"key": "请选择该类别对应的默认类别，或选“其他”"})
    with transaction.atomic():
        order = Category.objects.filter(list_key=list_key, district=district).count()
        category = Category.objects.create(
            list_key=list_key,
            district=district,
            township=township,
            label=label,
            key=key,
            sort_order=order,
            code=f"{'t' if township else 'd'}{order + 1}-{Category.objects.count() + 1}",
        )
        audit_record(
            user=user,
            action=AuditAction.ADMIN,
            obj=category,
            detail=f"新增类别 {lst.label}：{label}（计入“{key_label(list_key, key)}”）",
        )
    return category


def category_update(*, user, category: Category, label: str, active: bool) -> Category:
    """Rename or (de)activate an entry; entries are never deleted, since records point at them."""
    from django.core.exceptions import PermissionDenied

    from fazhi.audit.models import AuditAction
    from fazhi.audit.services import audit_record

    lst = LISTS.get(category.list_key)
    if lst is None or not may_edit(user, lst, category.district, category.township):
        raise PermissionDenied("您没有权限修改此类别列表")
    category.label = _check_label(label, category.list_key, category.district, category.township, category.pk)
    category.active = active
    category.save(update_fields=["label", "active"])
    audit_record(
        user=user,
        action=AuditAction.ADMIN,
        obj=category,
        detail=f"修改类别 {lst.label}：{category.label}（{'启用' if active else '停用'}）",
    )
    return category


def may_edit(user, lst: CategoryList, district, township) -> bool:
    """District lists: 系统管理员 of that district. A township's own entries: its clerk, if the list allows."""
    from fazhi.orgs.roles import Role
    from fazhi.orgs.scoping import user_scope

    if township is None:
        return district.pk in {org for role, org, _ in _assignment_rows(user) if role == Role.SYSADMIN}
    if not lst.township_may_add or township.district_id != district.pk:
        return False
    return user_scope(user, [Role.TOWNSHIP_CLERK]).covers_whole_township(township.pk)


def _assignment_rows(user):
    from fazhi.orgs.scoping import _assignments

    return _assignments(user)
