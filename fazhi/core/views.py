"""The pages every ledger shares: list, detail with history, create, edit, void, workflow steps,
revealing personal data (logged) and attachments. All of them go through the scoped queryset."""

from itertools import chain

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from fazhi.audit.models import AuditAction
from fazhi.audit.services import audit_record

from . import ledgers
from .attachments import attachment_add, attachments_of
from .display import display_value, field_label, history_entries, mask
from .filters import filtered_queryset
from .forms import AttachmentForm, VoidForm, child_formset_class, record_form_class, transition_form_class
from .models import Attachment
from .policy import can, ensure_can
from .services import ConcurrentEditError, apply_transition, record_create, record_update, record_void

PAGE_SIZE = 25


def _spec(ledger: str):
    spec = ledgers.get(ledger)
    if spec is None:
        raise Http404("没有这个台账")
    return spec


def get_record(request, spec, pk: int, action: str = "view"):
    """The record if the user may see it (404 otherwise), and may do `action` with it (403 otherwise)."""
    record = get_object_or_404(spec.model.objects.restrict(request.user, "view"), pk=pk)
    if action != "view":
        ensure_can(request.user, spec, action, record)
    return record


def _list_related(spec):
    names = ["township", "village"]
    for col in spec.list_columns:
        try:
            field = spec.model._meta.get_field(col)
        except FieldDoesNotExist:
            continue
        if field.is_relation and field.many_to_one:
            names.append(col)
    return list(dict.fromkeys(names))


def ledger_list(request, ledger):
    spec = _spec(ledger)
    if not can(request.user, spec, "view"):
        raise Http404("没有这个台账")
    filterset, qs = filtered_queryset(spec, request, request.GET)
    qs = qs.select_related(*_list_related(spec))
    prefetch = [c.related_name for c in spec.children if c.related_name in spec.list_columns]
    if prefetch:
        qs = qs.prefetch_related(*prefetch)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    columns = [(c, field_label(spec.model, c)) for c in spec.list_columns]
    # Each cell keeps its column label: on a phone the table becomes cards of "label: value" lines.
    rows = [(r, [(label, display_value(r, c)) for c, label in columns]) for r in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "spec": spec,
        "filterset": filterset,
        "page": page,
        "columns": columns,
        "rows": rows,
        "query": query.urlencode(),
        "can_create": can(request.user, spec, "create"),
    }
    template = (
        "core/partials/list_table.html"
        if request.htmx and request.htmx.target == "ledger-table"
        else "core/list.html"
    )
    return render(request, template, context)


def _detail_fields(record, spec):
    names = ["number", "township", "village", "group", *spec.fields, *spec.workflow_fields]
    if not spec.uses_village:
        names.remove("village")
    if not spec.uses_group:
        names.remove("group")
    return [(field_label(spec.model, n), display_value(record, n)) for n in dict.fromkeys(names)]


def _children_rows(record, spec, reveal=False):
    out = []
    for child in spec.children:
        rows = getattr(record, child.related_name).all()
        out.append(
            {
                "spec": child,
                "headers": [field_label(child.model, f) for f in child.fields],
                "rows": [
                    [
                        (
                            field_label(child.model, f),
                            display_value(r, f, personal=child.personal, reveal=reveal),
                        )
                        for f in child.fields
                    ]
                    for r in rows
                ],
                "has_personal": bool(child.personal),
            }
        )
    return out


def _related_records(user, record, limit: int = 50):
    """Records of other ledgers that point at this one (e.g. petitions opened at a reception), scoped."""
    out = []
    for rel in type(record)._meta.related_objects:
        other = rel.related_model
        spec = getattr(other, "ledger_spec", None)
        if spec is None or spec.model is not other or not rel.field.concrete:
            continue
        qs = other.objects.restrict(user, "view").filter(**{rel.field.name: record}).order_by("-pk")
        rows = list(qs.only("pk", "number", "voided")[: limit + 1])
        if rows:
            out.append(
                {
                    "spec": spec,
                    "label": rel.field.verbose_name,
                    "rows": rows[:limit],
                    "more": len(rows) > limit,
                }
            )
    return out


def ledger_detail(request, ledger, pk):
    spec = _spec(ledger)
    record = get_record(request, spec, pk)
    transitions = (
        [
            t
            for t in spec.transitions
            if getattr(record, spec.status_field) in t.from_ and can(request.user, spec, t.action, record)
        ]
        if spec.status_field and not record.voided
        else []
    )
    context = {
        "spec": spec,
        "record": record,
        "fields": _detail_fields(record, spec),
        "children": _children_rows(record, spec),
        "history": history_entries(record, spec),
        "attachments": attachments_of(record),
        "transitions": transitions,
        "can_change": can(request.user, spec, "change", record) and not record.voided,
        "can_void": can(request.user, spec, "void", record) and not record.voided,
        "can_reveal": can(request.user, spec, "reveal", record),
        "attachment_form": AttachmentForm(),
        "related": _related_records(request.user, record),
        "clocks": spec.clocks(record) if spec.clocks else [],
    }
    return render(request, "core/detail.html", context)


@require_POST
def ledger_reveal(request, ledger, pk):
    """Show a record's personal data in full: a deliberate, logged action of a role that needs it."""
    spec = _spec(ledger)
    record = get_record(request, spec, pk, "reveal")
    audit_record(
        user=request.user, action=AuditAction.REVEAL, obj=record, detail="查看当事人完整信息", request=request
    )
    return render(
        request,
        "core/partials/children.html",
        {"children": _children_rows(record, spec, reveal=True), "revealed": True},
    )


def _formsets(spec, request, instance):
    sets = []
    for child in spec.children:
        cls = child_formset_class(spec, child)
        fs = cls(
            request.POST or None, instance=instance, prefix=child.key, form_kwargs={"user": request.user}
        )
        sets.append((child, fs))
    return sets


def _children_data(formsets) -> dict:
    out = {}
    for child, fs in formsets:
        rows = []
        for form in fs.forms:
            if not form.has_changed() and form.instance.pk is None:
                continue
            if form.cleaned_data.get("DELETE"):
                continue
            row = {f: form.cleaned_data.get(f) for f in child.fields}
            if form.instance.pk:
                row["id"] = form.instance.pk
            rows.append(row)
        out[child.key] = rows
    return out


def _form_page(request, spec, record=None):
    action = "change" if record else "create"
    form_cls = record_form_class(spec)
    form = form_cls(request.POST or None, instance=record, user=request.user, spec=spec, action=action)
    formsets = _formsets(spec, request, record or spec.model())
    valid = request.method == "POST" and form.is_valid() and all(fs.is_valid() for _, fs in formsets)
    if valid and record is not None and form.cleaned_data.get("version") is None:
        # An edit that does not say which version it started from could overwrite a newer one.
        form.add_error(None, "页面缺少版本信息，您的修改未保存。请刷新页面后重新修改。")
        valid = False
    if valid:
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            if record is None:
                saved = record_create(
                    spec=spec,
                    user=request.user,
                    data=data,
                    children=_children_data(formsets),
                    request=request,
                )
                messages.success(request, f"已登记 {saved.number}")
            else:
                saved = record_update(
                    spec=spec,
                    record=record,
                    user=request.user,
                    data=data,
                    children=_children_data(formsets),
                    expected_version=form.cleaned_data["version"],
                    request=request,
                )
                messages.success(request, f"已保存 {saved.number}")
            return redirect("ledger-detail", ledger=spec.key, pk=saved.pk)
        except ConcurrentEditError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            _attach_errors(form, exc)
    if record is not None and request.method != "POST":
        _prefill_personal(request, spec, record, form, formsets)
    return render(
        request, "core/form.html", {"spec": spec, "form": form, "formsets": formsets, "record": record}
    )


def _prefill_personal(request, spec, record, form, formsets) -> None:
    """The edit form shows full personal data only to a role that may reveal it here, and logs that;
    to others it shows the masked form, which the save keeps as the stored value."""
    shown = [(form, spec.personal)] if spec.personal else []
    shown += [
        (f, child.personal) for child, fs in formsets if child.personal for f in fs.forms if f.instance.pk
    ]
    if not any(getattr(f.instance, name, None) for f, personal in shown for name in personal):
        return
    if can(request.user, spec, "reveal", record):
        audit_record(
            user=request.user,
            action=AuditAction.REVEAL,
            obj=record,
            detail="修改页面显示完整个人信息",
            request=request,
        )
        return
    for f, personal in shown:
        for name, kind in personal.items():
            if name in f.fields:
                f.initial[name] = mask(kind, getattr(f.instance, name, None))


def _attach_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def ledger_create(request, ledger):
    spec = _spec(ledger)
    if not can(request.user, spec, "view"):
        raise Http404("没有这个台账")
    if not can(request.user, spec, "create"):
        raise PermissionDenied("您没有在此台账登记的权限")
    return _form_page(request, spec)


def ledger_edit(request, ledger, pk):
    spec = _spec(ledger)
    record = get_record(request, spec, pk, "change")
    if record.voided:
        messages.error(request, "已作废的记录不能修改")
        return redirect("ledger-detail", ledger=spec.key, pk=record.pk)
    return _form_page(request, spec, record)


def ledger_void(request, ledger, pk):
    spec = _spec(ledger)
    record = get_record(request, spec, pk, "void")
    form = VoidForm(request.POST or None, initial={"version": record.version})
    if request.method == "POST" and form.is_valid():
        try:
            record_void(
                spec=spec,
                record=record,
                user=request.user,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
                request=request,
            )
            messages.success(request, f"{record.number} 已作废")
            return redirect("ledger-detail", ledger=spec.key, pk=record.pk)
        except ConcurrentEditError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            _attach_errors(form, exc)
    return render(request, "core/void.html", {"spec": spec, "record": record, "form": form})


def ledger_transition(request, ledger, pk, name):
    spec = _spec(ledger)
    transition = spec.transition(name)
    if transition is None:
        raise Http404("没有这个操作")
    record = get_record(request, spec, pk, transition.action)
    form_cls = transition_form_class(spec, transition)
    kwargs = {"instance": record} if transition.fields else {}
    form = form_cls(request.POST or None, initial={"version": record.version}, **kwargs)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data.get(f) for f in transition.fields}
        try:
            # The form's instance holds unsaved values; the service re-reads the record from the database.
            fresh = type(record).objects.get(pk=record.pk)
            apply_transition(
                spec=spec,
                name=transition.name,
                record=fresh,
                user=request.user,
                data=data,
                expected_version=form.cleaned_data["version"],
                request=request,
            )
            messages.success(request, f"{record.number}：{transition.label}")
            return redirect("ledger-detail", ledger=spec.key, pk=record.pk)
        except ConcurrentEditError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            _attach_errors(form, exc)
    return render(
        request,
        "core/transition.html",
        {"spec": spec, "record": record, "form": form, "transition": transition},
    )


@require_POST
def attachment_upload(request, ledger, pk):
    spec = _spec(ledger)
    record = get_record(request, spec, pk, "change")
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            with transaction.atomic():
                attachment_add(
                    record=record,
                    user=request.user,
                    file=form.cleaned_data["file"],
                    kind=form.cleaned_data["kind"],
                    note=form.cleaned_data["note"],
                    request=request,
                )
            messages.success(request, "附件已上传")
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
    else:
        messages.error(request, "；".join(chain.from_iterable(form.errors.values())))
    return redirect(reverse("ledger-detail", kwargs={"ledger": spec.key, "pk": record.pk}) + "#attachments")


def attachment_download(request, ledger, pk, attachment_id):
    spec = _spec(ledger)
    record = get_record(request, spec, pk)
    attachment = get_object_or_404(attachments_of(record), pk=attachment_id)
    # An attachment (a signed record, a copy of an ID card) is personal data in full: its download is logged.
    audit_record(
        user=request.user,
        action=AuditAction.DOWNLOAD,
        obj=record,
        detail=f"下载附件：{attachment.original_name}"[:500],
        request=request,
    )
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)
    response["Cache-Control"] = "no-store"
    return response


__all__ = ["Attachment"]
