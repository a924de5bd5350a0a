"""Writes to ledger records. Every change goes through here so that history, audit, numbering,
permission and version checks cannot be skipped."""

import copy
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.audit.models import AuditAction
from fazhi.audit.services import audit_record

from .display import mask
from .numbering import next_number
from .policy import ensure_can


class ConcurrentEditError(Exception):
    """Someone else saved the record since this edit started."""

    def __init__(self, record):
        who = record.updated_by.display_name if record.updated_by_id else "他人"
        when = timezone.localtime(record.updated_at).strftime("%Y-%m-%d %H:%M")
        super().__init__(f"该记录已被{who}于{when}修改，您的修改未保存。请刷新页面，在最新内容上重新修改。")


def _record_year(spec, record) -> int:
    value = getattr(record, spec.date_field, None)
    if isinstance(value, datetime):
        return timezone.localtime(value).year
    if isinstance(value, date):
        return value.year
    return timezone.localdate().year


def record_prepare(*, spec, user, record) -> None:
    """What every write (page, API, transition, import) applies before saving: derive, then validate."""
    if spec.derive is not None:
        spec.derive(record)
    if user is not None and spec.validate is not None:
        spec.validate(user, record)


def records_after_write(*, spec, user, records, before=()) -> None:
    """The ledger's after_write hooks, once for a batch of saved records (clock rows, plan marks)."""
    records = list(records)
    if not records:
        return
    for hook in spec.after_write:
        hook(records, user, before=before)


MASKED_INPUT = "含有“*”：脱敏显示的内容不能作为数据保存，请填写完整信息，或保持原样不修改"


def _unmask(personal: dict, obj, data: dict) -> dict:
    """A personal field sent back in its masked form (a GET put back unchanged) keeps the stored value;
    any other value with "*" would overwrite real data with a placeholder and is refused."""
    for name, kind in personal.items():
        value = data.get(name)
        if not isinstance(value, str) or "*" not in value:
            continue
        stored = getattr(obj, name, None) if obj is not None and obj.pk else None
        if stored and value == mask(kind, stored):
            data[name] = stored
        else:
            raise ValidationError({name: MASKED_INPUT})
    return data


def _save_children(spec, record, children: dict | None, user) -> None:
    """Replace the record's child rows with `children` (key -> list of field dicts with optional id)."""
    if children is None:
        return
    for child in spec.children:
        if child.key not in children:
            continue
        rows = children[child.key]
        existing = {obj.pk: obj for obj in getattr(record, child.related_name).all()}
        kept = set()
        for row in rows:
            row = dict(row)
            pk = row.pop("id", None)
            obj = existing.get(pk) if pk else None
            _unmask(child.personal, obj, row)
            if obj is None:
                obj = child.model(**{child.fk_name: record})
            changed = obj.pk is None
            for name in child.fields:
                # A new row's required relation cannot be read before it is set: just set it.
                if name in row and (obj.pk is None or getattr(obj, name) != row[name]):
                    setattr(obj, name, row[name])
                    changed = True
            if changed:
                obj.full_clean(exclude=[child.fk_name])
                obj._history_user = user
                obj.save()
            kept.add(obj.pk)
        for pk, obj in existing.items():
            if pk not in kept:
                obj._history_user = user
                obj.delete()  # the removal is kept in the child's history


@transaction.atomic
def record_create(*, spec, user, data: dict, children: dict | None = None, request=None):
    """Create a ledger record from cleaned data (model instances for relations)."""
    record = spec.model(**_unmask(spec.personal, None, dict(data)))
    ensure_can(user, spec, "create", township_id=record.township_id, village_id=record.village_id)
    record.created_by = record.updated_by = user
    record.number = next_number(
        township=record.township, short=spec.short, ledger=spec.key, year=_record_year(spec, record)
    )
    record_prepare(spec=spec, user=user, record=record)
    record.full_clean(exclude=["number"])
    record._history_user = user
    record.save()
    _save_children(spec, record, children, user)
    records_after_write(spec=spec, user=user, records=[record])
    audit_record(user=user, action=AuditAction.CREATE, obj=record, request=request)
    return record


def _lock(record):
    """Re-read the record under a row lock (SQLite: the IMMEDIATE transaction already serialises)."""
    # of=("self",): PostgreSQL cannot lock the nullable side of the outer join to updated_by.
    return type(record).objects.select_for_update(of=("self",)).select_related("updated_by").get(pk=record.pk)


def _check_version(current, expected_version: int | None) -> None:
    if expected_version is not None and int(expected_version) != current.version:
        raise ConcurrentEditError(current)


@transaction.atomic
def record_update(
    *, spec, record, user, data: dict, children: dict | None = None, expected_version, request=None
):
    """Apply edited fields; refused when the record changed since `expected_version` was read."""
    current = _lock(record)
    _check_version(current, expected_version)
    ensure_can(user, spec, "change", current)
    if current.voided:
        raise ValidationError("已作废的记录不能修改")
    before = copy.copy(current)
    for name, value in _unmask(spec.personal, current, dict(data)).items():
        setattr(current, name, value)
    ensure_can(user, spec, "change", township_id=current.township_id, village_id=current.village_id)
    current.updated_by = user
    current.version += 1
    record_prepare(spec=spec, user=user, record=current)
    current.full_clean(exclude=["number"])
    current._history_user = user
    current.save()
    _save_children(spec, current, children, user)
    records_after_write(spec=spec, user=user, records=[current], before=[before])
    audit_record(user=user, action=AuditAction.UPDATE, obj=current, request=request)
    return current


@transaction.atomic
def record_void(*, spec, record, user, reason: str, expected_version: int | None = None, request=None):
    """Void instead of delete: the record stays, with its history, out of lists and figures."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写作废原因"})
    current = _lock(record)
    _check_version(current, expected_version)
    ensure_can(user, spec, "void", current)
    if current.voided:
        raise ValidationError("该记录已作废")
    current.voided = True
    current.void_reason = reason[:200]
    current.voided_at = timezone.now()
    current.voided_by = current.updated_by = user
    current.version += 1
    current._history_user = user
    current._change_reason = f"作废：{reason[:90]}"
    current.save()
    records_after_write(spec=spec, user=user, records=[current])
    audit_record(user=user, action=AuditAction.VOID, obj=current, detail=reason, request=request)
    return current


@transaction.atomic
def apply_transition(
    *, spec, record, user, name: str, data: dict, expected_version: int | None, request=None
):
    """Run the step `name` as spec.transitions declares it: from one of its `from_` statuses to `to`,
    after its guard and check (the page, the API and an import's update of the status all come here)."""
    transition = spec.transition(name)
    if transition is None:
        raise ValueError(f"{spec.key} has no transition {name!r}")
    current = _lock(record)
    _check_version(current, expected_version)
    ensure_can(user, spec, transition.action, current)
    if current.voided:
        raise ValidationError("已作废的记录不能办理")
    if transition.guard is not None:
        transition.guard(current)
    status = getattr(current, spec.status_field)
    if status not in transition.from_:
        label = current._meta.get_field(spec.status_field).choices
        shown = dict(label).get(status, status)
        raise ValidationError(f"当前状态为“{shown}”，不能执行“{transition.label}”")
    missing = [f for f in transition.required if data.get(f) in (None, "")]
    if missing:
        raise ValidationError({f: f"请填写{current._meta.get_field(f).verbose_name}" for f in missing})
    for field_name, value in data.items():
        setattr(current, field_name, value)
    if transition.check is not None:
        transition.check(current, data)
    setattr(current, spec.status_field, transition.to)
    # Only derive: a step changes its own fields, which `check` judges; validate is about edited ones.
    if spec.derive is not None:
        spec.derive(current)
    current.updated_by = user
    current.version += 1
    # A step's unchanged foreign keys were checked when they were set (and the database keeps them):
    # validating them again costs one query each, for every step of every record.
    unchanged = [f.name for f in current._meta.concrete_fields if f.is_relation and f.name not in data]
    current.full_clean(exclude=["number", *unchanged])
    current._history_user = user
    current._change_reason = transition.label
    current.save()
    records_after_write(spec=spec, user=user, records=[current])
    audit_record(
        user=user, action=AuditAction.TRANSITION, obj=current, detail=transition.label, request=request
    )
    return current
