"""Writes of the report check: uploading report files (checked on arrival) and filing one as a
township's report for a year. The uploaded documents themselves are never changed."""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from fazhi.audit.models import AuditAction
from fazhi.audit.services import audit_record

from .analysis import Peer, analyse, resolve_township, township_name_in
from .checks import check_text
from .loader import ReportLoadError, ReportText, load_report
from .models import ReportFile
from .selectors import filing_townships, own_townships, reviewer_districts

SUFFIXES = (".docx", ".txt", ".md")
MAX_FILES = 100


@dataclass
class Upload:
    """A file as received: its name and bytes."""

    name: str
    data: bytes


def _text_of(report: ReportText) -> str:
    return "\n".join(line.text for line in report.lines)


def _read(upload: Upload) -> ReportText:
    suffix = Path(upload.name).suffix.lower()
    if suffix not in SUFFIXES:
        raise ValidationError(f"{upload.name}：只能检查 .docx、.txt 或 .md 文件")
    if not upload.data:
        raise ValidationError(f"{upload.name}：文件是空的")
    if len(upload.data) > settings.FAZHI_ATTACHMENT_MAX_BYTES:
        raise ValidationError(f"{upload.name}：文件过大")
    try:
        return load_report(upload.data, upload.name)
    except ReportLoadError as exc:
        raise ValidationError(str(exc)) from exc


def _township_for(result, district, name_hint: str = ""):
    name = name_hint or township_name_in(result)
    org = resolve_township(name, district) if name else None
    return org, (org.name if org else name)


def _scoped_base(user):
    return lambda model: model.objects.restrict(user)


@transaction.atomic
def report_files_upload(*, user, uploads: list[Upload], township=None) -> list[ReportFile]:
    """Check several report files as one batch and keep them; all are refused if one cannot be read.

    A township's leader or clerk uploads for its own township; a reviewer for its district, the
    township then read from the report's issuing organs.
    """
    if not uploads:
        raise ValidationError("请选择要检查的报告文件")
    if len(uploads) > MAX_FILES:
        raise ValidationError(f"一次最多上传{MAX_FILES}个文件")
    districts = reviewer_districts(user)
    own = own_townships(user)
    if township is not None and township not in own:
        raise ValidationError("只能为本乡镇上传报告")
    if township is None and not districts:
        if not own:
            raise ValidationError("您没有使用报告检查的权限")
        township = own[0]
    errors, reports = [], []
    for upload in uploads:
        try:
            reports.append(_read(upload))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    district = township.district if township is not None else districts[0]
    batch = uuid.uuid4()
    first = [(u, r, check_text(r)) for u, r in zip(uploads, reports, strict=True)]
    placed = []
    for upload, report, quick in first:
        if township is not None:
            org, name = township, township.name
        else:
            org, name = _township_for(quick, district)
        placed.append((upload, report, quick, org, name))
    peers = [
        Peer(
            f"同批上传的{name or '未识别乡镇'}报告（{u.name}）", name, q.year, [p.norm for p in r.paragraphs]
        )
        for u, r, q, _, name in placed
    ]
    created = []
    for i, (upload, report, _quick, org, name) in enumerate(placed):
        others = peers[:i] + peers[i + 1 :]
        result = analyse(report, township=org, township_name=name, base=_scoped_base(user), peers=others)
        created.append(
            _store(
                user=user,
                upload=upload,
                report=report,
                result=result,
                district=district,
                org=org,
                name=name,
                batch=batch,
            )
        )
    return created


def _store(*, user, upload, report, result, district, org, name, batch) -> ReportFile:
    checksum = hashlib.sha256(upload.data).hexdigest()
    row = ReportFile(
        district=district,
        township=org,
        township_name=name,
        year=result.year,
        batch=batch,
        filename=Path(upload.name).name[:200],
        checksum=checksum,
        size=len(upload.data),
        text=_text_of(report),
        result=result.to_json(),
        uploaded_by=user,
    )
    row.file.save(upload.name, ContentFile(upload.data), save=False)
    row.save()
    audit_record(user=user, action=AuditAction.CREATE, obj=row, detail=f"上传报告检查：{row.filename}")
    return row


@transaction.atomic
def report_file_file(*, report_file: ReportFile, user, township_name: str, year: int) -> ReportFile:
    """File an upload as a township's report for a year (the township need not be on the platform)
    and check it again against that township's records and the other filed reports."""
    if report_file.district not in reviewer_districts(user):
        raise ValidationError("只有区级督查可以归档报告")
    township_name = re.sub(r"\s", "", township_name or "")
    if not township_name:
        raise ValidationError("请填写乡镇名称")
    if len(township_name) > 64:
        raise ValidationError("乡镇名称过长")
    if not (2000 <= year <= timezone.localdate().year):
        raise ValidationError("报告年度不正确")
    org = resolve_township(township_name, report_file.district)
    if org is not None and org not in filing_townships(user):
        org = None
    with report_file.file.open("rb") as fh:
        report = load_report(fh.read(), report_file.filename)
    result = analyse(
        report,
        township=org,
        township_name=org.name if org else township_name,
        year=year,
        base=_scoped_base(user),
        exclude_pk=report_file.pk,
    )
    report_file.township = org
    report_file.township_name = org.name if org else township_name
    report_file.year = year
    report_file.result = result.to_json()
    report_file.filed_at = timezone.now()
    report_file.filed_by = user
    report_file.save(update_fields=["township", "township_name", "year", "result", "filed_at", "filed_by"])
    audit_record(
        user=user,
        action=AuditAction.UPDATE,
        obj=report_file,
        detail=f"归档为{report_file.township_name}{year}年度报告",
    )
    return report_file
