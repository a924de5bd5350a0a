"""One filterset per ledger, built from its declaration and shared by the list page, API and exports."""

import django_filters
from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Exists, OuterRef, Q

from fazhi.orgs.models import Organisation, OrgKind
from fazhi.orgs.scoping import business_scope

from .crypto import blind_index
from .fields import blind_indexes
from .forms import DateInput
from .models import Category, LedgerRecord

VOIDED_CHOICES = [("active", "未作废"), ("voided", "已作废"), ("all", "全部")]


def _townships(request):
    if request is None:
        return Organisation.objects.none()
    scope = business_scope(request.user)
    return Organisation.objects.filter(
        Q(pk__in=scope.townships | scope.own)
        | Q(pk__in=Organisation.objects.filter(pk__in=scope.villages).values("township_id"))
    )


def _villages(request):
    if request is None:
        return Organisation.objects.none()
    scope = business_scope(request.user)
    return Organisation.objects.filter(kind=OrgKind.VILLAGE).filter(
        Q(township_id__in=scope.townships) | Q(pk__in=scope.villages)
    )


class LedgerFilterSet(django_filters.FilterSet):
    """Keyword, place, period and void filters common to every ledger."""

    q = django_filters.CharFilter(method="filter_keyword", label="关键词")
    township = django_filters.ModelChoiceFilter(queryset=_townships, label="乡镇")
    village = django_filters.ModelChoiceFilter(queryset=_villages, label="村/社区")
    voided = django_filters.ChoiceFilter(
        choices=VOIDED_CHOICES, method="filter_voided", label="作废", empty_label=None
    )

    spec = None  # set by build_filterset

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        if not data.get("voided"):
            data["voided"] = "active"
        super().__init__(data, *args, **kwargs)

    @property
    def form(self):
        """The filter form as the list page shows it: date pickers, Bootstrap classes, and no place
        filter that offers a single choice (a clerk's one township, a cadre's one village)."""
        if not hasattr(self, "_form"):
            form = super().form
            for name in ("township", "village"):
                field = form.fields.get(name)
                if field is not None and field.queryset.count() <= 1:
                    del form.fields[name]
            for field in form.fields.values():
                if isinstance(field.widget, forms.DateInput):
                    field.widget = DateInput()
                css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                field.widget.attrs["class"] = f"{css} {css}-sm"
        return self._form

    def filter_voided(self, queryset, name, value):
        if value == "voided":
            return queryset.filter(voided=True)
        if value == "all":
            return queryset
        return queryset.filter(voided=False)

    def filter_keyword(self, queryset, name, value):
        """Keyword search. Personal fields are stored encrypted: a name, 身份证号 or phone of the record or
        of its parties matches only as a whole value, through its blind index, and an address not at all
        (docs/security.md); the other search fields match a part of their value."""
        value = value.strip()
        if not value:
            return queryset
        model = self.spec.model
        q = _blind_q(model, value)
        children = {c.related_name: c for c in self.spec.children}
        child_lookups: dict[str, list[str]] = {}  # keyed by related name: a ChildSpec is not hashable
        for field in self.spec.search_fields:
            head, _, rest = field.partition("__")
            if head in children and rest:
                child_lookups.setdefault(head, []).append(rest)
            elif not _encrypted(model, head):
                q |= Q(**{f"{field}__icontains": value})
        for child in self.spec.children:
            cond = _blind_q(child.model, value)
            for lookup in child_lookups.get(child.related_name, []):
                if not _encrypted(child.model, lookup.partition("__")[0]):
                    cond |= Q(**{f"{lookup}__icontains": value})
            if cond:
                q |= Exists(child.model.objects.filter(cond, **{child.fk_name: OuterRef("pk")}))
        return queryset.filter(q) if q else queryset.none()


def _encrypted(model, name: str) -> bool:
    try:
        return getattr(model._meta.get_field(name), "encrypted", False)
    except FieldDoesNotExist:
        return False


def _blind_q(model, value: str) -> Q:
    """The model's rows whose blind indexes equal the value's (as a name, 身份证号 or phone)."""
    q = Q()
    for f in blind_indexes(model):
        digest = blind_index(value, f.kind)
        if digest:
            q |= Q(**{f.name: digest})
    return q


def _category_filter(spec, name):
    list_key = spec.model._meta.get_field(name).remote_field.limit_choices_to["list_key"]
    label = spec.model._meta.get_field(name).verbose_name

    def queryset(request):
        if request is None:
            return Category.objects.none()
        own = business_scope(request.user).own
        return Category.objects.filter(list_key=list_key).filter(
            Q(district_id__in=_townships(request).values("district_id")) | Q(district_id__in=own)
        )

    return django_filters.ModelChoiceFilter(queryset=queryset, label=label)


def _ordering_fields(spec) -> list[tuple[str, str]]:
    fields = [spec.date_field, "number", "updated_at"] + [
        c for c in spec.list_columns if c not in (spec.date_field, "number") and _is_sortable(spec.model, c)
    ]
    return [(f, f) for f in dict.fromkeys(fields)]


def _is_sortable(model, name: str) -> bool:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return field.concrete and not field.is_relation and not getattr(field, "encrypted", False)


def build_filterset(spec) -> type[LedgerFilterSet]:
    # A date-and-time field is compared by its local date (USE_TZ: the database applies Asia/Shanghai).
    date_path = spec.date_field
    if isinstance(spec.model._meta.get_field(spec.date_field), models.DateTimeField):
        date_path = f"{spec.date_field}__date"
    attrs = {
        "spec": spec,
        "date_from": django_filters.DateFilter(field_name=date_path, lookup_expr="gte", label="起始日期"),
        "date_to": django_filters.DateFilter(field_name=date_path, lookup_expr="lte", label="截止日期"),
        "ordering": django_filters.OrderingFilter(fields=_ordering_fields(spec), label="排序"),
    }
    plain = []
    for name in spec.filter_fields:
        field = spec.model._meta.get_field(name)
        if field.is_relation and field.related_model is Category:
            attrs[name] = _category_filter(spec, name)
        else:
            plain.append(name)
    meta = type("Meta", (), {"model": spec.model, "fields": plain})
    attrs["Meta"] = meta
    return type(f"{spec.model.__name__}FilterSet", (LedgerFilterSet,), attrs)


_cache: dict[str, type] = {}


def filterset_for(spec) -> type[LedgerFilterSet]:
    if spec.key not in _cache:
        _cache[spec.key] = build_filterset(spec)
    return _cache[spec.key]


def filtered_queryset(spec, request, data, action: str = "view"):
    """The user's scoped records of a ledger, filtered and ordered as `data` asks."""
    base = spec.model.objects.restrict(request.user, action)
    fs = filterset_for(spec)(data, queryset=base, request=request)
    qs = fs.qs if fs.is_valid() else base.none()
    if not (data or {}).get("ordering"):
        qs = qs.order_by(f"-{spec.date_field}", "-pk")
    return fs, qs


__all__ = ["LedgerRecord", "filterset_for", "filtered_queryset"]
