"""Writes of the report check: uploading report files (checked on arrival) and filing one as a
township's report for a year. The uploaded documents themselves are never changed."""

from __future__ import annotations

import hashlib
import logging
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from fazhi.audit.models import AuditAction
from fazhi.audit.services import audit_record

from .analysis import Peer, analyse, resolve_township, township_name_in
from .checks import check_text
from .deadlines import judge_stored
from .jobs import Stopped, still_running
from .loader import MAX_BYTES, ReportLoadError, ReportText, load_report, report_from_string
from .models import UNFINISHED, CheckStatus, ReportFile
from .selectors import filing_townships, own_townships, reviewer_districts

logger = logging.getLogger(__name__)

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
    if len(upload.data) > min(settings.FAZHI_ATTACHMENT_MAX_BYTES, MAX_BYTES):
        raise ValidationError(f"{upload.name}：文件超过{MAX_BYTES // 1024 // 1024}MB，不像一份年度报告")
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
    """Keep several report files as one batch and queue their check; all are refused if one cannot
    be read.

    A township's leader or clerk uploads for its own township; a reviewer for its district, the
    township then read from the report's issuing organs by the check.
    """
    if not uploads:
        raise ValidationError("请选择要检查的报告文件")
    if len(uploads) > MAX_FILES:
        raise ValidationError(f"一次最多上传{MAX_FILES}个文件，请分批上传")
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
    created = [
        _store(user=user, upload=u, report=r, district=district, township=township, batch=batch)
        for u, r in zip(uploads, reports, strict=True)
    ]
    from .tasks import check_batch

    # After commit: the worker must see the rows.
    transaction.on_commit(lambda: check_batch.enqueue(str(batch)))
    return created


def _store(*, user, upload, report, district, township, batch) -> ReportFile:
    checksum = hashlib.sha256(upload.data).hexdigest()
    row = ReportFile(
        district=district,
        township=township,
        township_name=township.name if township is not None else "",
        batch=batch,
        filename=Path(upload.name).name[:200],
        checksum=checksum,
        size=len(upload.data),
        text=_text_of(report),
        status=CheckStatus.QUEUED,
        queued_at=timezone.now(),
        uploaded_by=user,
    )
    row.file.save(upload.name, ContentFile(upload.data), save=False)
    row.save()
    audit_record(user=user, action=AuditAction.CREATE, obj=row, detail=f"上传报告检查：{row.filename}")
    return row


def batch_progress(batch) -> tuple[int, int]:
    """(checked, total) of a batch, from the worker's latest note or the rows themselves."""
    latest = caches["progress"].get(f"reportcheck-batch-{batch}")
    if latest:
        return latest
    rows = ReportFile.objects.filter(batch=batch)
    return rows.exclude(status__in=UNFINISHED).count(), rows.count()


def report_batch_check(*, batch) -> list[ReportFile]:
    """Check a batch's reports (in the worker), each against the others for copying.

    Each report's result is saved on its own in a short write, so that a slow batch never holds
    the database's write lock and the page shows the reports already checked.
    """
    queued = ReportFile.objects.filter(batch=batch, status=CheckStatus.QUEUED)
    rows = list(queued.select_related("township", "district", "uploaded_by"))
    ReportFile.objects.filter(pk__in=[r.pk for r in rows]).update(status=CheckStatus.RUNNING)
    total = len(rows)
    key = f"reportcheck-batch-{batch}"
    loaded = []
    for row in rows:
        if not _running(row):
            logger.info("ReportFile %s canceled before its check", row.pk)
            continue  # canceled (or expired) before its turn: not even read
        try:
            with row.file.open("rb") as fh:
                report = load_report(fh.read(), row.filename)
            quick = check_text(report)
        except Exception:  # the file vanished or changed on disk; the others are still checked
            logger.exception("report check could not read ReportFile %s", row.pk)
            _save_running(row, status=CheckStatus.FAILED, error="无法读取已上传的文件，请重新上传")
            continue
        if row.township is not None:
            org, name = row.township, row.township.name
        else:
            org, name = _township_for(quick, row.district)
        loaded.append((row, report, quick, org, name))
    peers = [
        Peer(
            f"同批上传的{name or '未识别乡镇'}报告（{row.filename}）",
            name,
            q.year,
            [p.norm for p in r.paragraphs],
        )
        for row, r, q, _, name in loaded
    ]
    for i, (row, report, _quick, org, name) in enumerate(loaded):
        others = peers[:i] + peers[i + 1 :]
        if not _running(row):
            logger.info("ReportFile %s canceled before its check", row.pk)
            continue  # canceled (or expired) while the batch ran
        progress = _FileProgress(row)
        try:
            result = analyse(
                report,
                township=org,
                township_name=name,
                base=_scoped_base(row.uploaded_by),
                peers=others,
                published_on=row.published_on,
                published_url=row.published_url,
                progress=progress,
            )
        except Stopped:
            progress.stopped()
        except Exception:  # one damaged report must not stop the batch; the page says so
            logger.exception("report check failed for ReportFile %s", row.pk)
            _save_running(row, status=CheckStatus.FAILED, error="检查时出错，请重新上传或联系系统管理员")
        else:
            _save_running(
                row,
                township=org,
                township_name=name,
                year=result.year,
                result=result.to_json(),
                status=CheckStatus.DONE,
            )
        caches["progress"].delete(f"reportcheck-file-{row.pk}")
        caches["progress"].set(key, (i + 1, total), timeout=3600)
    caches["progress"].delete(key)
    return rows


def _running(row: ReportFile) -> bool:
    return ReportFile.objects.filter(pk=row.pk, status=CheckStatus.RUNNING).exists()


class _FileProgress:
    """A report's progress callback: notes its steps (`reportcheck-file-<pk>`) and stops the check
    between two of them once the row was canceled or expired."""

    def __init__(self, row: ReportFile) -> None:
        self.pk, self.done, self.total = row.pk, 0, 0
        self.check = still_running(ReportFile, row.pk)

    def __call__(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        caches["progress"].set(f"reportcheck-file-{self.pk}", (done, total), timeout=3600)
        self.check()

    def stopped(self) -> None:
        caches["progress"].delete(f"reportcheck-file-{self.pk}")
        logger.info("check of ReportFile %s stopped after %s of %s steps", self.pk, self.done, self.total)


def _save_running(row: ReportFile, **fields) -> bool:
    """Save a check's outcome unless it was canceled or expired meanwhile (then it stays so)."""
    saved = ReportFile.objects.filter(pk=row.pk, status=CheckStatus.RUNNING).update(**fields)
    if saved:
        for name, value in fields.items():
            setattr(row, name, value)
    return bool(saved)


def check_report(*, report: ReportText | str, township=None, year: int | None = None, user=None) -> dict:
    """The whole check of one report as JSON-ready data, for callers anywhere (status board, CLI).

    `report` is a loaded report or its text; `township` compares the figures with its records
    (read within `user`'s scope when given); `year` overrides the year read from the text.
    Raises ReportLoadError (a Chinese message) for text far longer than any report.
    """
    if isinstance(report, str):
        report = report_from_string(report)
    base = _scoped_base(user) if user is not None else None
    return analyse(report, township=township, year=year, base=base).to_json()


@transaction.atomic
def report_file_file(*, report_file: ReportFile, user, township_name: str, year: int) -> ReportFile:
    """File an upload as a township's report for a year (the township need not be on the platform)
    and queue its check again against that township's records and the other filed reports."""
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
    report_file.township = org
    report_file.township_name = org.name if org else township_name
    report_file.year = year
    report_file.status, report_file.error = CheckStatus.QUEUED, ""
    report_file.filed_at = report_file.queued_at = timezone.now()
    report_file.filed_by = user
    report_file.save(
        update_fields=[
            "township",
            "township_name",
            "year",
            "status",
            "error",
            "filed_at",
            "filed_by",
            "queued_at",
        ]
    )
    from .tasks import check_filed

    # Checked again in the worker against that township's records and the other filed reports.
    transaction.on_commit(lambda: check_filed.enqueue(report_file.pk))
    audit_record(
        user=user,
        action=AuditAction.UPDATE,
        obj=report_file,
        detail=f"归档为{report_file.township_name}{year}年度报告",
    )
    return report_file


def report_file_recheck(*, pk: int) -> ReportFile:
    """Check a filed report again (in the worker) as the township's report for its filed year."""
    row = ReportFile.objects.select_related("township", "filed_by", "uploaded_by").get(pk=pk)
    if not ReportFile.objects.filter(pk=pk, status=CheckStatus.QUEUED).update(status=CheckStatus.RUNNING):
        return row  # canceled or expired while queued
    row.status = CheckStatus.RUNNING
    progress = _FileProgress(row)
    try:
        with row.file.open("rb") as fh:
            report = load_report(fh.read(), row.filename)
        result = analyse(
            report,
            township=row.township,
            township_name=row.township_label,
            year=row.year,
            base=_scoped_base(row.filed_by or row.uploaded_by),
            exclude_pk=row.pk,
            published_on=row.published_on,
            published_url=row.published_url,
            progress=progress,
        )
    except Stopped:
        progress.stopped()
        return row  # canceled (or expired) meanwhile: it stays so
    except Exception:  # the row must end in a state the page can show; the cause goes to the log
        logger.exception("report re-check failed for ReportFile %s", row.pk)
        _save_running(row, status=CheckStatus.FAILED, error="检查时出错，请重新归档或联系系统管理员")
        return row
    _save_running(row, result=result.to_json(), status=CheckStatus.DONE)
    return row


@transaction.atomic
def report_file_publication_set(*, report_file: ReportFile, user, published_on, url: str) -> ReportFile:
    """Record where and when a report was published, and judge it against 1 April."""
    if report_file.district not in reviewer_districts(user):
        raise ValidationError("只有区级督查可以填写公开情况")
    url = (url or "").strip()
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise ValidationError("公开网址不正确，应以 http:// 或 https:// 开头") from None
    if published_on is not None and published_on > timezone.localdate():
        raise ValidationError("公开日期不能晚于今天")
    report_file.published_on, report_file.published_url = published_on, url[:500]
    # The publication and deadline checks are judged again on the stored result at once; a later
    # re-check (filing) keeps the reviewer's entry.
    if report_file.result:
        report_file.result = judge_stored(
            report_file.result, year=report_file.year, published_on=published_on, url=url[:500]
        )
    report_file.save(update_fields=["published_on", "published_url", "result"])
    audit_record(user=user, action=AuditAction.UPDATE, obj=report_file, detail="填写报告公开情况")
    return report_file
