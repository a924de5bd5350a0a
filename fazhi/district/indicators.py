"""Indicator self-assessment (domain.md §7): editions of the indicator system kept as data, each
indicator's evidence as registered metrics of the district, a self-score and notes, and the gaps."""

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from io import BytesIO
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl import Workbook
from openpyxl.styles import Font
from simple_history.utils import bulk_create_with_history

from fazhi.audit.models import AuditAction
from fazhi.audit.services import audit_record
from fazhi.metrics import registry as reg

from .models import Indicator, IndicatorSystem, SelfAssessment

DEFAULT_FILE = Path(__file__).parent / "data" / "indicators-2024.json"


def _decimal(value, where: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError(f"{where}：分值应为数字") from None
    if not Decimal(0) < number <= Decimal(100):
        raise ValidationError(f"{where}：分值应在0至100之间")
    return number


@transaction.atomic
def indicator_system_load(*, data: dict, user=None) -> IndicatorSystem:
    """A new edition from its JSON form ({name, edition, indicators: [{area, code, name, scoring,
    max_score, metrics}]}); refused whole if anything is wrong. Older editions and their scores stay."""
    if not isinstance(data, dict) or not isinstance(data.get("indicators"), list) or not data["indicators"]:
        raise ValidationError("指标体系文件格式不正确：应包含 name、edition 和非空的 indicators 列表")
    name, edition = str(data.get("name", "")).strip(), str(data.get("edition", "")).strip()
    if not name or not edition:
        raise ValidationError("请填写指标体系名称（name）和版本（edition）")
    if IndicatorSystem.objects.filter(edition=edition).exists():
        raise ValidationError(f"版本“{edition}”已载入；修订后请使用新的版本名称")
    errors, rows, codes = [], [], set()
    for i, item in enumerate(data["indicators"], start=1):
        where = f"第{i}项指标"
        if not isinstance(item, dict):
            errors.append(f"{where}格式不正确")
            continue
        code, title = str(item.get("code", "")).strip(), str(item.get("name", "")).strip()
        if not code or not title or not str(item.get("area", "")).strip():
            errors.append(f"{where}：一级指标（area）、序号（code）和指标名称（name）都要填写")
            continue
        if code in codes:
            errors.append(f"{where}：序号“{code}”重复")
        codes.add(code)
        unknown = [m for m in item.get("metrics", []) if m not in reg.registry]
        if unknown:
            errors.append(f"{where}：没有统计口径“{'、'.join(unknown)}”")
        try:
            score = _decimal(item.get("max_score"), where)
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        rows.append((item, code, title, score))
    if errors:
        raise ValidationError(errors)
    system = IndicatorSystem.objects.create(name=name, edition=edition, loaded_by=user)
    # The loaded text is the first entry of each indicator's history, so later edits show what they changed.
    bulk_create_with_history(
        [
            Indicator(
                system=system,
                area=str(item["area"]).strip(),
                code=code,
                name=title,
                scoring=str(item.get("scoring", "")),
                max_score=score,
                metric_ids=list(item.get("metrics", [])),
                sort_order=i,
            )
            for i, (item, code, title, score) in enumerate(rows)
        ],
        Indicator,
        default_user=user,
        default_change_reason="载入",
    )
    if user is not None:
        audit_record(user=user, action=AuditAction.ADMIN, obj=system, detail=f"载入指标体系{edition}")
    return system


def load_default(user=None) -> IndicatorSystem:
    edition = json.loads(DEFAULT_FILE.read_text(encoding="utf-8"))
    found = IndicatorSystem.objects.filter(edition=edition["edition"]).first()
    return found or indicator_system_load(data=edition, user=user)


@transaction.atomic
def self_assessment_save(
    *, district, indicator: Indicator, year: int, user, score, notes: str, evidence: str
):
    if score not in (None, ""):
        score = Decimal(str(score))
        if score < 0 or score > indicator.max_score:
            raise ValidationError(f"{indicator.code}：自评分应在0至{indicator.max_score}之间")
    else:
        score = None
    row, _ = SelfAssessment.objects.update_or_create(
        district=district,
        indicator=indicator,
        year=year,
        defaults={"score": score, "notes": notes.strip(), "evidence": evidence.strip(), "updated_by": user},
    )
    audit_record(user=user, action=AuditAction.UPDATE, obj=row, detail=f"指标自评{indicator.code}")
    return row


@dataclass
class IndicatorRow:
    indicator: Indicator
    evidence: list[reg.MetricValue]
    assessment: SelfAssessment | None

    @property
    def gap(self) -> str:
        """Why the indicator is not yet at full marks, or ""."""
        a = self.assessment
        if a is None or a.score is None:
            return "未自评"
        if a.score < self.indicator.max_score:
            return f"扣{self.indicator.max_score - a.score}分"
        if any(v.omitted and v.is_rate for v in self.evidence):
            return "缺少佐证数据"
        return ""


def current_system() -> IndicatorSystem | None:
    return IndicatorSystem.objects.first()


def assessment_rows(system, district, year: int, *, base=None) -> list[IndicatorRow]:
    indicators = list(system.indicators.all())
    ids = list(dict.fromkeys(m for i in indicators for m in i.metric_ids if _applies(m, year)))
    values = reg.compute(ids, district, reg.Period.year(year), base=base) if ids else {}
    saved = {
        a.indicator_id: a
        for a in SelfAssessment.objects.filter(district=district, year=year, indicator__system=system)
    }
    return [
        IndicatorRow(i, [values[m] for m in i.metric_ids if m in values], saved.get(i.pk)) for i in indicators
    ]


def _applies(metric_id: str, year: int) -> bool:
    try:
        reg.registry.get(metric_id, year)
    except KeyError:
        return False
    return True


def assessment_xlsx(system, district, year: int, rows: list[IndicatorRow]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "指标自评"
    ws.append([f"{district.name}{year}年度{system.name}（{system.edition}）自评表"])
    ws["A1"].font = Font(bold=True)
    ws.append(["一级指标", "序号", "指标", "分值", "自评分", "佐证数据", "自评说明", "其他佐证材料", "差距"])
    for row in rows:
        a = row.assessment
        ws.append(
            [
                row.indicator.area,
                row.indicator.code,
                row.indicator.name,
                float(row.indicator.max_score),
                float(a.score) if a and a.score is not None else None,
                "；".join(f"{v.metric.label}{v.text}" for v in row.evidence),
                a.notes if a else "",
                a.evidence if a else "",
                row.gap,
            ]
        )
    total = sum(float(r.assessment.score) for r in rows if r.assessment and r.assessment.score is not None)
    ws.append(["合计", "", "", float(sum(r.indicator.max_score for r in rows)), total])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


EDITABLE = ("area", "name", "scoring", "max_score", "metric_ids")


@transaction.atomic
def indicator_update(*, indicator: Indicator, user, data: dict, reason: str = "") -> list[str]:
    """A district's 系统管理员 corrects one indicator of an edition (text, full score, evidence metrics).

    The change is kept in the indicator's history with who, when and why; self-scores already given
    stay valid (a full score below one of them is refused). Returns the Chinese labels of the fields
    that changed (none: nothing is written)."""
    area, name = str(data.get("area", "")).strip(), str(data.get("name", "")).strip()
    errors = []
    if not area or not name:
        errors.append("一级指标和指标名称都要填写")
    try:
        score = _decimal(data.get("max_score"), "分值")
    except ValidationError as exc:
        errors.extend(exc.messages)
        score = None
    metric_ids = list(dict.fromkeys(m.strip() for m in data.get("metric_ids", []) if m and m.strip()))
    unknown = [m for m in metric_ids if m not in reg.registry]
    if unknown:
        errors.append(f"没有统计口径“{'、'.join(unknown)}”")
    if score is not None:
        above = indicator.assessments.filter(score__gt=score).order_by("-score").first()
        if above is not None:
            errors.append(f"已有自评分{above.score}分（{above.year}年）高于新的分值{score}分，请先调整自评")
    if errors:
        raise ValidationError(errors)
    new = {
        "area": area,
        "name": name,
        "scoring": str(data.get("scoring", "")).strip(),
        "max_score": score,
        "metric_ids": metric_ids,
    }
    changed = [f for f in EDITABLE if getattr(indicator, f) != new[f]]
    if not changed:
        return []
    if not indicator.history.exists():  # loaded before edits were kept: its loaded text comes first
        Indicator.history.bulk_history_create([indicator], default_change_reason="载入")
    for field_name in changed:
        setattr(indicator, field_name, new[field_name])
    indicator._history_user = user
    indicator._change_reason = reason.strip()[:100]
    indicator.save(update_fields=changed)
    labels = [str(Indicator._meta.get_field(f).verbose_name) for f in changed]
    audit_record(
        user=user,
        action=AuditAction.ADMIN,
        obj=indicator,
        detail=f"修改指标{indicator.code}（{indicator.system.edition}）：{'、'.join(labels)}",
    )
    return labels


@dataclass
class Change:
    """One entry of an indicator's history: who changed what, from what to what, and why."""

    when: object
    who: str
    reason: str
    fields: list[tuple[str, str, str]]  # (label, before, after)


def _shown(field_name: str, value) -> str:
    if field_name == "metric_ids":
        return "、".join(value or []) or "—"
    return str(value) if value not in (None, "") else "—"


def indicator_history(indicator: Indicator) -> list[Change]:
    """Newest first; the first entry is the edition's loading (no previous state, no fields)."""
    entries = list(indicator.history.select_related("history_user").order_by("-history_date", "-history_id"))
    out = []
    for entry in entries:
        fields = []
        previous = entry.prev_record
        if previous is not None:
            for change in entry.diff_against(previous, included_fields=list(EDITABLE)).changes:
                label = str(Indicator._meta.get_field(change.field).verbose_name)
                fields.append((label, _shown(change.field, change.old), _shown(change.field, change.new)))
        who = str(entry.history_user) if entry.history_user else "系统"
        reason = entry.history_change_reason or ("载入" if previous is None else "")
        out.append(Change(entry.history_date, who, reason, fields))
    return out
