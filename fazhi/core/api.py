"""One API router per ledger, generated from its declaration. Input goes through the same forms as
the pages (same validation, same Chinese messages) and output through the same masking."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import ConfigDict, create_model

from fazhi.audit.models import AuditAction
from fazhi.audit.services import audit_record, numbers_text

from .display import mask
from .filters import filtered_queryset, filterset_for
from .forms import child_formset_class, record_form_class, transition_form_class
from .policy import can, revealer
from .services import ConcurrentEditError, apply_transition, record_create, record_update, record_void

MAX_PAGE_SIZE = 200


def _py_type(field) -> Any:
    if isinstance(field, models.ForeignKey):
        return int | None
    if isinstance(field, models.DateTimeField):
        return datetime | None
    if isinstance(field, models.DateField):
        return date | None
    if isinstance(field, models.BooleanField):
        return bool | None
    if isinstance(field, models.IntegerField | models.AutoField):
        return int | None
    if isinstance(field, models.DecimalField):
        return Decimal | None
    return str | None


def _input_fields(spec) -> list[str]:
    return (
        ["township"]
        + (["village"] if spec.uses_village else [])
        + (["group"] if spec.uses_group else [])
        + spec.fields
    )


def _child_out(child):
    fields = {"id": (int, ...)}
    for f in child.fields:
        fields[f] = (_py_type(child.model._meta.get_field(f)), None)
    return create_model(f"{child.model.__name__}Out", **fields)


def _child_in(child):
    fields = {"id": (int | None, None)}
    for f in child.fields:
        fields[f] = (_py_type(child.model._meta.get_field(f)), None)
    return create_model(f"{child.model.__name__}In", __config__=ConfigDict(extra="forbid"), **fields)


def build_schemas(spec):
    model = spec.model
    out = {
        "id": (int, ...),
        "number": (str, ...),
        "township": (int, ...),
        "township_name": (str, ...),
        "village": (int | None, None),
        "village_name": (str | None, None),
        "group": (int | None, None),
        "version": (int, ...),
        "voided": (bool, ...),
        "void_reason": (str, ""),
        "created_at": (datetime, ...),
        "updated_at": (datetime, ...),
    }
    for name in [*spec.fields, *spec.workflow_fields]:
        out[name] = (_py_type(model._meta.get_field(name)), None)
    if spec.status_field:
        out["status_display"] = (str, "")
    for child in spec.children:
        out[child.related_name] = (list[_child_out(child)], [])
    record_out = create_model(f"{model.__name__}Out", **out)

    inp = {}
    for name in _input_fields(spec):
        field = model._meta.get_field(name)
        required = not field.blank and not field.null and not field.has_default()
        inp[name] = (_py_type(field), ... if required else None)
    for child in spec.children:
        inp[child.related_name] = (list[_child_in(child)] | None, None)
    record_in = create_model(f"{model.__name__}In", __config__=ConfigDict(extra="forbid"), **inp)
    update_in = create_model(f"{model.__name__}Update", __base__=record_in, version=(int, ...))
    page = create_model(
        f"{model.__name__}Page",
        count=(int, ...),
        page=(int, ...),
        page_size=(int, ...),
        results=(list[record_out], ...),
    )
    filter_fields = {name: (str | None, None) for name in filterset_for(spec).base_filters}
    filter_fields["page"] = (int, 1)
    filter_fields["page_size"] = (int, 50)
    filter_fields["reveal"] = (bool, False)
    filters = create_model(f"{model.__name__}Filters", **filter_fields)
    return record_out, record_in, update_in, page, filters


def serialize(spec, record, *, reveal: bool = False) -> dict:
    data = {
        "id": record.pk,
        "number": record.number,
        "township": record.township_id,
        "township_name": record.township.name,
        "village": record.village_id,
        "village_name": record.village.name if record.village_id else None,
        "group": record.group_id,
        "version": record.version,
        "voided": record.voided,
        "void_reason": record.void_reason,
        "created_at": record.created_at,
        "updated_at": record.updated_at,
    }
    for name in [*spec.fields, *spec.workflow_fields]:
        field = record._meta.get_field(name)
        value = getattr(record, field.attname)
        if name in spec.personal and not reveal:
            value = mask(spec.personal[name], value)
        data[name] = value
    if spec.status_field:
        data["status_display"] = getattr(record, f"get_{spec.status_field}_display")()
    for child in spec.children:
        rows = []
        for row in getattr(record, child.related_name).all():
            item = {"id": row.pk}
            for f in child.fields:
                value = getattr(row, row._meta.get_field(f).attname)
                if f in child.personal and not reveal:
                    value = mask(child.personal[f], value)
                item[f] = value
            rows.append(item)
        data[child.related_name] = rows
    return data


def _form_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def _errors(exc_or_dict) -> dict:
    if isinstance(exc_or_dict, ValidationError):
        return (
            exc_or_dict.message_dict
            if hasattr(exc_or_dict, "error_dict")
            else {"__all__": exc_or_dict.messages}
        )
    return {k: [str(m) for m in v] for k, v in exc_or_dict.items()}


class ApiValidationError(Exception):
    """Input refused, with Chinese messages per field."""

    def __init__(self, errors: dict):
        self.errors = errors
        super().__init__("输入有误")


def _clean_children(spec, record, payload: dict, user=None) -> dict | None:
    """Validate child rows with the same forms as the page; None when the payload leaves them alone."""
    out, errors = {}, {}
    provided = False
    for child in spec.children:
        rows = payload.get(child.related_name)
        if rows is None:
            continue
        provided = True
        existing = {r.pk: r for r in getattr(record, child.related_name).all()} if record else {}
        form_cls = child_formset_class(spec, child).form  # the page's own row form
        clean_rows = []
        for i, row in enumerate(rows):
            row = dict(row)
            pk = row.pop("id", None)
            if pk is not None and pk not in existing:
                errors[f"{child.related_name}[{i}].id"] = ["该条目不属于此记录"]
                continue
            form = form_cls({k: _form_value(v) for k, v in row.items()}, instance=existing.get(pk), user=user)
            if form.is_valid():
                clean = {f: form.cleaned_data.get(f) for f in child.fields}
                if pk:
                    clean["id"] = pk
                clean_rows.append(clean)
            else:
                for field, msgs in form.errors.items():
                    errors[f"{child.related_name}[{i}].{field}"] = list(msgs)
        if len(clean_rows) < child.min_num and not errors:
            errors[child.related_name] = [f"请至少填写{child.min_num}名{child.label}"]
        out[child.key] = clean_rows
    if errors:
        raise ApiValidationError(errors)
    return out if provided else None


def _clean_record(spec, request, payload: dict, record=None) -> dict:
    form_cls = record_form_class(spec)
    payload = dict(payload)
    for name in _input_fields(spec):
        if payload.get(name) is None:
            # Left out: keep the record's value on update, the model default on create.
            field = spec.model._meta.get_field(name)
            if record is not None:
                payload[name] = getattr(record, field.attname)
            elif field.has_default():
                payload[name] = field.get_default()
    data = {k: _form_value(v) for k, v in payload.items() if k in _input_fields(spec)}
    form = form_cls(
        data, instance=record, user=request.user, spec=spec, action="change" if record else "create"
    )
    if not form.is_valid():
        raise ApiValidationError(_errors(form.errors))
    return {k: v for k, v in form.cleaned_data.items() if k != "version"}


def build_router(spec) -> Router:
    record_out, record_in, update_in, page_schema, filters_schema = build_schemas(spec)
    router = Router(tags=[spec.label])
    key = spec.key

    def _get(request, pk: int, action: str = "view"):
        record = get_object_or_404(spec.model.objects.restrict(request.user, "view"), pk=pk)
        if action != "view" and not can(request.user, spec, action, record):
            raise HttpError(403, "您没有权限执行此操作")
        return record

    def _check_reveal(request, reveal: bool, record=None):
        if not reveal:
            return False
        if not can(request.user, spec, "reveal", record):
            raise HttpError(403, "您的角色不能查看完整个人信息")
        return True

    def _prefetch(qs):
        qs = qs.select_related("township", "village")
        names = [c.related_name for c in spec.children]
        return qs.prefetch_related(*names) if names else qs

    @router.get("/", response=page_schema, operation_id=f"{key}_list", summary=f"{spec.label}列表")
    def list_records(request, filters: Query[filters_schema]):
        if not can(request.user, spec, "view"):
            raise HttpError(404, "没有这个台账")
        reveal = _check_reveal(request, filters.reveal)
        size = max(1, min(filters.page_size, MAX_PAGE_SIZE))
        _, qs = filtered_queryset(spec, request, request.GET)
        total = qs.count()
        # A page past the end is the last page, as on the list page (and never an offset SQL cannot hold).
        page = min(max(1, filters.page), max(1, -(-total // size)))
        rows = list(_prefetch(qs)[(page - 1) * size : page * size])
        # Decided per record: a second role that only lets the user see a record does not reveal it.
        may_reveal = revealer(request.user, spec) if reveal else (lambda record: False)
        shown = [r for r in rows if may_reveal(r)]
        if shown:
            audit_record(
                user=request.user,
                action=AuditAction.REVEAL,
                detail=f"API列表 {spec.label} 完整信息{len(shown)}条：{numbers_text([r.number for r in shown])}",
                request=request,
            )
        return {
            "count": total,
            "page": page,
            "page_size": size,
            "results": [serialize(spec, r, reveal=may_reveal(r)) for r in rows],
        }

    @router.get("/{int:pk}/", response=record_out, operation_id=f"{key}_detail", summary=f"{spec.label}详情")
    def get_record(request, pk: int, reveal: bool = False):
        record = _get(request, pk)
        if _check_reveal(request, reveal, record):
            audit_record(
                user=request.user,
                action=AuditAction.REVEAL,
                obj=record,
                detail="API查看完整信息",
                request=request,
            )
        return serialize(spec, record, reveal=reveal)

    @router.post("/", response={201: record_out}, operation_id=f"{key}_create", summary=f"登记{spec.label}")
    def create_record(request, payload: record_in):
        if not can(request.user, spec, "view"):
            raise HttpError(404, "没有这个台账")
        if not can(request.user, spec, "create"):
            raise HttpError(403, "您没有在此台账登记的权限")
        body = payload.model_dump()
        data = _clean_record(spec, request, body)
        children = _clean_children(spec, None, body, request.user)
        record = record_create(spec=spec, user=request.user, data=data, children=children, request=request)
        return 201, serialize(spec, record)

    @router.put("/{int:pk}/", response=record_out, operation_id=f"{key}_update", summary=f"修改{spec.label}")
    def update_record(request, pk: int, payload: update_in):
        record = _get(request, pk, "change")
        body = payload.model_dump()
        data = _clean_record(spec, request, body, record)
        children = _clean_children(spec, record, body, request.user)
        record = record_update(
            spec=spec,
            record=record,
            user=request.user,
            data=data,
            children=children,
            expected_version=body["version"],
            request=request,
        )
        return serialize(spec, record)

    class VoidIn(Schema):
        reason: str
        version: int | None = None

    VoidIn.__name__ = f"{spec.model.__name__}VoidIn"

    @router.post(
        "/{int:pk}/void/", response=record_out, operation_id=f"{key}_void", summary=f"作废{spec.label}"
    )
    def void_record(request, pk: int, payload: VoidIn):
        record = _get(request, pk, "void")
        if payload.version is None:
            # Without the version read, a void could land on a record changed meanwhile.
            raise HttpError(409, "请提供记录的版本号（version），先读取记录再作废")
        record = record_void(
            spec=spec,
            record=record,
            user=request.user,
            reason=payload.reason,
            expected_version=payload.version,
            request=request,
        )
        return serialize(spec, record)

    for transition in spec.transitions:
        _add_transition(router, spec, transition, record_out, _get)
    return router


def _add_transition(router, spec, transition, record_out, _get):
    fields = {"version": (int, ...)}
    for f in transition.fields:
        fields[f] = (_py_type(spec.model._meta.get_field(f)), None)
    body_schema = create_model(
        f"{spec.model.__name__}{transition.name.title()}In", __config__=ConfigDict(extra="forbid"), **fields
    )

    @router.post(
        f"/{{int:pk}}/actions/{transition.name}/",
        response=record_out,
        operation_id=f"{spec.key}_{transition.name}",
        summary=f"{spec.label}：{transition.label}",
    )
    def do_transition(request, pk: int, payload: body_schema):
        record = _get(request, pk, transition.action)
        body = payload.model_dump()
        version = body.pop("version")
        # The page's own form of the step (its required fields included).
        form_cls = transition_form_class(spec, transition)
        kwargs = {"instance": type(record).objects.get(pk=record.pk)} if transition.fields else {}
        form = form_cls({**{k: _form_value(v) for k, v in body.items()}, "version": version}, **kwargs)
        if not form.is_valid():
            raise ApiValidationError(_errors(form.errors))
        data = {f: form.cleaned_data.get(f) for f in transition.fields}
        record = apply_transition(
            spec=spec,
            name=transition.name,
            record=record,
            user=request.user,
            data=data,
            expected_version=version,
            request=request,
        )
        return serialize(spec, record)


def install_error_handlers(api):
    @api.exception_handler(ApiValidationError)
    def _validation(request, exc):
        return api.create_response(request, {"detail": "输入有误", "errors": exc.errors}, status=422)

    @api.exception_handler(ValidationError)
    def _model_validation(request, exc):
        return api.create_response(request, {"detail": "输入有误", "errors": _errors(exc)}, status=422)

    @api.exception_handler(ConcurrentEditError)
    def _conflict(request, exc):
        return api.create_response(request, {"detail": str(exc)}, status=409)

    @api.exception_handler(PermissionDenied)
    def _forbidden(request, exc):
        return api.create_response(request, {"detail": str(exc) or "您没有权限执行此操作"}, status=403)

    @api.exception_handler(Http404)
    def _not_found(request, exc):
        return api.create_response(request, {"detail": "记录不存在或不在您的权限范围内"}, status=404)
