from django.conf import settings
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.db import models

from fazhi.core.storage import encrypted_storage, random_path

UPLOAD_FOLDER = "imports"


def upload_path(instance, filename) -> str:
    return random_path(UPLOAD_FOLDER)


class ColumnMapping(models.Model):
    """A township's own sheet headers matched to a ledger's columns, saved once and reused."""

    township = models.ForeignKey(
        "orgs.Organisation", verbose_name="乡镇", on_delete=models.PROTECT, related_name="+"
    )
    ledger = models.CharField("台账", max_length=40)
    # {sheet label: {header as written: column name, or "" to ignore the column}}
    mapping = models.JSONField("列映射", default=dict)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="修改人", on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        verbose_name = "导入列映射"
        verbose_name_plural = "导入列映射"
        constraints = [models.UniqueConstraint(fields=["township", "ledger"], name="unique_column_mapping")]


class JobStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "进行中"
    DONE = "done", "已完成"
    FAILED = "failed", "未通过"
    CANCELED = "canceled", "已取消"


class ImportJob(models.Model):
    """One uploaded file on its way through validation and, when confirmed, the import."""

    township = models.ForeignKey(
        "orgs.Organisation", verbose_name="乡镇", on_delete=models.PROTECT, related_name="+"
    )
    ledger = models.CharField("台账", max_length=40)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="导入人", on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField("文件名", max_length=255)
    # The workbook holds full personal data: kept encrypted in the default storage (a folder the app
    # servers and the worker share, or S3), so any of them can run the job; see fazhi/core/storage.py.
    upload = models.FileField(
        "上传文件", upload_to=upload_path, storage=encrypted_storage, max_length=255, blank=True
    )
    dry_run = models.BooleanField("仅校验", default=True)
    on_conflict = models.CharField("冲突处理", max_length=8, default="stop")
    status = models.CharField("状态", max_length=8, choices=JobStatus.choices, default=JobStatus.QUEUED)
    stage = models.CharField("阶段", max_length=16, blank=True)
    done = models.PositiveIntegerField("已处理", default=0)
    total = models.PositiveIntegerField("总数", default=0)
    result = models.JSONField("结果", default=dict, blank=True)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    # The uploaded file is deleted FAZHI_IMPORT_KEEP_DAYS after the job.
    purged_at = models.DateTimeField("文件清除时间", null=True, blank=True)

    class Meta:
        verbose_name = "导入任务"
        verbose_name_plural = "导入任务"
        ordering = ["-created_at"]

    @property
    def content(self) -> bytes:
        """The uploaded workbook (decrypted); b"" once purged, or when the file is gone."""
        if not self.upload:
            return b""
        try:
            with self.upload.open("rb") as f:
                return f.read()
        except FileNotFoundError:
            return b""

    @content.setter
    def content(self, data: bytes) -> None:
        # Written to the storage (encrypted) when the job is saved.
        self.upload = ContentFile(bytes(data), name="upload.bin") if data else ""

    def set_progress(self, stage: str, done: int, total: int) -> None:
        """Record progress where the job page reads it while the import's transaction is still open."""
        caches["progress"].set(f"import-job-{self.pk}", (stage, done, total))
        self.stage, self.done, self.total = stage, done, total

    def with_progress(self) -> "ImportJob":
        """The job with its latest progress (from the worker, possibly not committed yet)."""
        if not self.finished:
            latest = caches["progress"].get(f"import-job-{self.pk}")
            if latest:
                self.stage, self.done, self.total = latest
        return self

    @property
    def percent(self) -> int:
        return (
            int(100 * self.done / self.total)
            if self.total
            else (100 if self.status in ("done", "failed") else 0)
        )

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED, JobStatus.CANCELED)

    @property
    def stuck(self) -> bool:
        """Unfinished past the job timeout: the page stops waiting and offers to cancel."""
        from django.conf import settings
        from django.utils import timezone

        since = self.started_at or self.created_at
        limit = settings.FAZHI_IMPORT_JOB_SECONDS
        return not self.finished and (timezone.now() - since).total_seconds() > limit

    @property
    def polling(self) -> bool:
        return not self.finished and not self.stuck
