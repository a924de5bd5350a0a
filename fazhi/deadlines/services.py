"""Writes of the deadline engine: calendar overrides, rules, pauses and extensions, recomputation.

Each change is audited; a change of the calendar or of a rule recomputes every open clock and the
due-date fields of the records behind them, and returns how many due dates changed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.audit.models import AuditAction
from fazhi.audit.services import audit_record
from fazhi.core.history import bulk_update_records

from . import engine
from .calendar import format_date
from .models import CalendarOverride, Clock, ClockPause, ClockRule
from .rules import UNIT_LABELS


@dataclass(frozen=True)
class Recomputed:
    """Outcome of a recomputation: clocks looked at, due dates that moved, records updated."""

    clocks: int
    changed: int
    records: int

    @property
    def message(self) -> str:
        if not self.changed:
            return f"已重新计算{self.clocks}项进行中的期限，截止日期均未改变。"
        return f"已重新计算{self.clocks}项进行中的期限，其中{self.changed}项截止日期改变。"


# -- recomputation ----------------------------------------------------------------------------------


def _refresh_record(record, source, *, user) -> bool:
    """Recompute the record's own due-date fields; save them (with history) if they moved."""
    if source.refresh is None:
        return False
    before = {f: getattr(record, f) for f in source.mirror_fields}
    source.refresh(record)
    changed = [f for f in source.mirror_fields if getattr(record, f) != before[f]]
    if changed:
        bulk_update_records([record], type(record), changed, user=user)
    return bool(changed)


def clocks_recompute(*, user, clocks=None) -> Recomputed:
    """Recompute every open clock (or the given ones) under the calendar and rules now in force."""
    engine.invalidate()
    calendar, rules = engine.get_calendar(), engine.get_rules()
    qs = Clock.objects.open() if clocks is None else clocks
    by_model: dict[int, set[int]] = defaultdict(set)
    count = 0
    for ct_id, object_id in qs.values_list("content_type_id", "object_id"):
        by_model[ct_id].add(object_id)
        count += 1
    changed = records = 0
    for ct_id, ids in by_model.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        source = engine.source_for(model)
        if source is None:
            continue
        for record in model.objects.filter(pk__in=ids).order_by("pk"):
            with transaction.atomic():
                records += _refresh_record(record, source, user=user)
                changed += engine.clocks_sync(record, calendar=calendar, rules=rules)
    return Recomputed(clocks=count, changed=changed, records=records)


# -- calendar -------------------------------------------------------------------------------------


@transaction.atomic
def calendar_override_save(
    *, user, date: dt.date, kind: str, name: str = "", note: str = "", request=None
) -> tuple[CalendarOverride, Recomputed]:
    """Add or change the override of one day, then recompute the open clocks."""
    if kind not in dict(CalendarOverride._meta.get_field("kind").choices):
        raise ValidationError({"kind": "请选择“放假”或“调休上班”"})
    override = CalendarOverride.objects.filter(date=date).first() or CalendarOverride(date=date)
    override.kind, override.name, override.note, override.updated_by = kind, name.strip(), note.strip(), user
    override.full_clean()
    override._history_user = user
    override.save()
    audit_record(
        user=user,
        action=AuditAction.ADMIN,
        obj=override,
        detail=f"节假日调整：{format_date(date)} {override.get_kind_display()} {override.name}".strip(),
        request=request,
    )
    return override, clocks_recompute(user=user)


@transaction.atomic
def calendar_override_delete(*, user, override: CalendarOverride, request=None) -> Recomputed:
    detail = f"删除节假日调整：{format_date(override.date)} {override.get_kind_display()}"
    audit_record(user=user, action=AuditAction.ADMIN, obj=override, detail=detail, request=request)
    override._history_user = user
    override.delete()
    return clocks_recompute(user=user)


@transaction.atomic
def clock_rule_update(*, user, rule: ClockRule, data: dict, request=None) -> tuple[ClockRule, Recomputed]:
    """Edit a rule (length, unit, roll forward, source), then recompute the open clocks."""
    for name, value in data.items():
        setattr(rule, name, value)
    if rule.unit not in UNIT_LABELS:
        raise ValidationError({"unit": "请选择自然日或工作日"})
    rule.full_clean()
    rule._history_user = user
    rule.save()
    audit_record(
        user=user, action=AuditAction.ADMIN, obj=rule, detail=f"修改时限规则：{rule.label}", request=request
    )
    return rule, clocks_recompute(user=user)


# -- pause, resume, extend ------------------------------------------------------------------------


def _locked(clock: Clock) -> Clock:
    return Clock.objects.select_for_update().get(pk=clock.pk)


def _after_clock_change(clock: Clock, *, user, detail: str, request) -> Clock:
    record = clock.record
    source = engine.source_for(record)
    _refresh_record(record, source, user=user)
    engine.clocks_sync(record)
    audit_record(user=user, action=AuditAction.TRANSITION, obj=record, detail=detail, request=request)
    return Clock.objects.get(pk=clock.pk)


@transaction.atomic
def clock_pause(*, clock: Clock, user, from_on: dt.date, reason: str, request=None) -> Clock:
    """Stop the clock from `from_on` (that day does not count) until it is resumed."""
    clock = _locked(clock)
    reason = (reason or "").strip()
    if not clock.is_open:
        raise ValidationError("该期限已结束，不能暂停")
    if not reason:
        raise ValidationError({"reason": "请填写暂停理由"})
    if from_on <= clock.start_on:
        raise ValidationError({"from_on": f"暂停日期应晚于起算日{format_date(clock.start_on)}"})
    if clock.pauses.filter(to_on__isnull=True).exists():
        raise ValidationError("该期限已在暂停中，请先恢复计算")
    last = clock.pauses.order_by("-to_on").first()
    if last is not None and from_on <= last.to_on:
        raise ValidationError({"from_on": f"暂停日期应晚于上次暂停的结束日{format_date(last.to_on)}"})
    pause = ClockPause(clock=clock, from_on=from_on, reason=reason[:200], created_by=user)
    pause._history_user = user
    pause.save()
    return _after_clock_change(
        clock,
        user=user,
        detail=f"{clock.label}暂停计算（自{format_date(from_on)}起）：{reason}",
        request=request,
    )


@transaction.atomic
def clock_resume(*, clock: Clock, user, resumed_on: dt.date, request=None) -> Clock:
    """Resume counting on `resumed_on`: the days from the pause to the day before do not count."""
    clock = _locked(clock)
    pause = clock.pauses.filter(to_on__isnull=True).first()
    if pause is None:
        raise ValidationError("该期限未暂停")
    if resumed_on <= pause.from_on:
        raise ValidationError({"resumed_on": f"恢复日期应晚于暂停日期{format_date(pause.from_on)}"})
    pause.to_on = resumed_on - dt.timedelta(days=1)
    pause._history_user = user
    pause.save()
    return _after_clock_change(
        clock, user=user, detail=f"{clock.label}恢复计算（{format_date(resumed_on)}）", request=request
    )


@transaction.atomic
def clock_extend(
    *, clock: Clock, user, days: int, approver: str, reason: str, approved_on: dt.date, request=None
) -> Clock:
    """延长: once, approved by a named leader with a reason, before the time limit ran out."""
    clock = _locked(clock)
    approver, reason = (approver or "").strip(), (reason or "").strip()
    rule = engine.get_rule(clock.rule_key)
    if clock.extension_on_record:
        raise ValidationError("该期限的延期在办理步骤“延期”中办理")
    if not clock.is_open:
        raise ValidationError("该期限已结束，不能延长")
    if clock.extension_days:
        raise ValidationError(f"该期限已延长{clock.extension_days}{UNIT_LABELS[rule.unit]}，只能延长一次")
    errors = {}
    if not days or days < 1:
        errors["days"] = "延长天数至少为1"
    elif rule.max_extension is not None and days > rule.max_extension:
        errors["days"] = f"{rule.label}最多延长{rule.max_extension}{UNIT_LABELS[rule.unit]}"
    if not approver:
        errors["approver"] = "请填写批准人"
    if not reason:
        errors["reason"] = "请填写延长理由"
    if approved_on < clock.start_on:
        errors["approved_on"] = "批准日期不能早于起算日"
    elif clock.due_on is not None and approved_on > clock.due_on:
        errors["approved_on"] = f"延长应在期限（{format_date(clock.due_on)}）届满前批准"
    if errors:
        raise ValidationError(errors)
    clock.extension_days, clock.extension_approver, clock.extension_reason = days, approver, reason
    clock.extended_on = approved_on
    clock._history_user = user
    clock.save()
    return _after_clock_change(
        clock,
        user=user,
        detail=f"{clock.label}延长{days}{UNIT_LABELS[rule.unit]}，批准人{approver}：{reason}",
        request=request,
    )
