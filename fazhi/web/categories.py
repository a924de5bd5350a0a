"""类别设置: district-level lists (系统管理员), townships' own additions where allowed (经办人),
read by everybody in the district, so that the district sees what townships added."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from fazhi.core.categories import (
    LISTS,
    category_add,
    category_defaults_restore,
    category_update,
    key_choices,
    key_label,
    may_edit,
)
from fazhi.core.models import Category
from fazhi.orgs.models import Organisation, OrgKind
from fazhi.orgs.roles import Role
from fazhi.orgs.scoping import _assignments, business_scope


def _districts(user) -> list[Organisation]:
    """Districts whose lists the user may read: those of its townships and villages, or those it administers."""
    scope = business_scope(user)
    ids = set(
        Organisation.objects.filter(pk__in=scope.townships | scope.villages).values_list(
            "district_id", flat=True
        )
    )
    ids |= {org for role, org, _ in _assignments(user) if role == Role.SYSADMIN}
    return list(Organisation.objects.filter(pk__in=ids, kind=OrgKind.DISTRICT).order_by("code"))


def _clerk_townships(user):
    from fazhi.orgs.scoping import user_scope

    return list(Organisation.objects.filter(pk__in=user_scope(user, [Role.TOWNSHIP_CLERK]).townships))


class AddForm(forms.Form):
    label = forms.CharField(
        label="名称",
        max_length=40,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm", "aria-label": "新类别名称"}),
    )


def category_lists(request):
    districts = _districts(request.user)
    if not districts:
        raise Http404("没有可查看的类别列表")
    district = districts[0]
    entries = (
        Category.objects.filter(district=district)
        .select_related("township")
        .order_by("list_key", "township_id", "sort_order", "pk")
    )
    by_list = {key: [] for key in LISTS}
    for entry in entries:
        # An added entry shows what it is counted as; a default entry is itself.
        entry.counted_as = key_label(entry.list_key, entry.key) if entry.key != entry.code else ""
        by_list.setdefault(entry.list_key, []).append(entry)
    clerk_townships = _clerk_townships(request.user)
    lists = []
    for key, lst in LISTS.items():
        lists.append(
            {
                "list": lst,
                "entries": by_list.get(key, []),
                "key_choices": key_choices(key),
                "may_edit_district": may_edit(request.user, lst, district, None),
                "may_add_townships": [t for t in clerk_townships if may_edit(request.user, lst, district, t)],
            }
        )
    may_restore = all(may_edit(request.user, lst, district, None) for lst in LISTS.values())
    return render(
        request,
        "web/categories.html",
        {"district": district, "lists": lists, "form": AddForm(), "may_restore": may_restore},
    )


@require_POST
def category_create(request, list_key):
    districts = _districts(request.user)
    if list_key not in LISTS or not districts:
        raise Http404("没有这个类别列表")
    district = districts[0]
    township = None
    if request.POST.get("township"):
        township = get_object_or_404(
            Organisation, pk=request.POST["township"], kind=OrgKind.TOWNSHIP, district=district
        )
    form = AddForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"label": "请填写类别名称（不超过40个字）"})
        category_add(
            user=request.user,
            list_key=list_key,
            district=district,
            township=township,
            label=form.cleaned_data["label"],
            key=request.POST.get("key", ""),
        )
        messages.success(request, "类别已添加")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    except PermissionDenied as exc:
        raise PermissionDenied(str(exc))
    return redirect("categories")


@require_POST
def category_toggle(request, pk):
    districts = _districts(request.user)
    category = get_object_or_404(Category, pk=pk, district__in=districts)
    label = request.POST.get("label") or category.label
    try:
        category_update(
            user=request.user, category=category, label=label, active=request.POST.get("active") == "1"
        )
        messages.success(request, "类别已保存")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("categories")


@require_POST
def category_defaults(request):
    """恢复默认类别 for the district the user administers."""
    districts = _districts(request.user)
    if not districts:
        raise Http404("没有可查看的类别列表")
    changed = category_defaults_restore(user=request.user, district=districts[0])
    messages.success(
        request, f"已恢复默认类别（新增或重新启用{changed}项）" if changed else "默认类别齐全，无需恢复"
    )
    return redirect("categories")
