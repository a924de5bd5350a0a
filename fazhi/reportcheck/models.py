"""Report files uploaded for checking; a filed one is a township's annual report for a year."""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models


def report_file_path(instance, filename):
    # Stored under var/ (MEDIA_ROOT) by checksum: the name the township gave is kept in `filename`.
    return f"reportcheck/{instance.district_id}/{instance.checksum}{Path(filename).suffix.lower()}"


class CheckStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "检查中"
    DONE = "done", "已完成"
    FAILED = "failed", "检查失败"
    CANCELED = "canceled", "已取消"


UNFINISHED = (CheckStatus.QUEUED, CheckStatus.RUNNING)


class ReportFileQuerySet(models.QuerySet):
    def filed(self):
        return self.filter(filed_at__isnull=False)


class ReportFile(models.Model):
    """An uploaded report (.docx/.txt/.md), its extracted text and check result; never changed."""

    district = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="所属区"
    )
    # The township when it is on the platform; `township_name` holds the name either way.
    township = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="乡镇",
    )
    township_name = models.CharField("乡镇名称", max_length=64, blank=True)
    year = models.PositiveIntegerField("报告年度", null=True, blank=True)
    batch = models.UUIDField("批次", default=uuid.uuid4, db_index=True, editable=False)
    file = models.FileField("文件", upload_to=report_file_path, max_length=300)
    filename = models.CharField("文件名", max_length=200)
    checksum = models.CharField("SHA-256", max_length=64)
    size = models.PositiveIntegerField("大小（字节）")
    text = models.TextField("提取的文字", blank=True)
    result = models.JSONField("检查结果", default=dict)
    # Checks run in the background worker; rows from before that were checked on upload.
    status = models.CharField("检查状态", max_length=8, choices=CheckStatus.choices, default=CheckStatus.DONE)
    error = models.CharField("检查失败原因", max_length=200, blank=True)
    # When the current check was queued (upload, filing): a check unfinished long after is stopped.
    queued_at = models.DateTimeField("本次检查排队时间", null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="上传人"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    # Entered by the reviewer where the text carries no 发布时间 line (the report is published by 1 April).
    published_on = models.DateField("公开日期", null=True, blank=True)
    published_url = models.URLField("公开网址", max_length=500, blank=True)
    filed_at = models.DateTimeField("归档时间", null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="归档人",
    )

    objects = ReportFileQuerySet.as_manager()

    class Meta:
        verbose_name = "报告文件"
        verbose_name_plural = "报告文件"
        ordering = ["-uploaded_at", "pk"]
        indexes = [models.Index(fields=["district", "year"]), models.Index(fields=["township", "year"])]

    def __str__(self):
        return f"{self.township_label}{self.year or ''}年报告（{self.filename}）"

    @property
    def township_label(self) -> str:
        return self.township.name if self.township_id else (self.township_name or "未识别乡镇")

    @property
    def checked(self) -> bool:
        return self.status == CheckStatus.DONE

    @property
    def finished(self) -> bool:
        return self.status not in UNFINISHED

    @property
    def filed(self) -> bool:
        return self.filed_at is not None


class CheckKind(models.TextChoices):
    PASTE = "paste", "粘贴的文字"
    DRAFT = "draft", "本乡镇的报告稿"
    # The check shown to the leader before approving, and the one kept with a submission.
    APPROVAL = "approve", "审批前检查本稿"
    SUBMISSION = "submit", "报送时的检查"


# Kinds that check a saved version of a township's draft (fazhi.reports).
VERSION_KINDS = (CheckKind.DRAFT, CheckKind.APPROVAL, CheckKind.SUBMISSION)


class CheckJob(models.Model):
    """A check of pasted text or of a township's own draft, run in the background worker like the
    uploads; seen only by the user who asked for it."""

    kind = models.CharField("检查对象", max_length=8, choices=CheckKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="发起人"
    )
    township = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="乡镇",
    )
    # The draft (fazhi.reports' Report and version number); a plain id: this app works without reports.
    report_pk = models.PositiveIntegerField("报告稿", null=True, blank=True)
    version_number = models.PositiveIntegerField("版本", null=True, blank=True)
    # The submission whose check this is (its result is attached to it when the check ends).
    submission_pk = models.PositiveIntegerField("报送记录", null=True, blank=True)
    title = models.CharField("标题", max_length=200)
    # Pasted text is kept only until its check ends, then emptied.
    text = models.TextField("粘贴的文字", blank=True)
    status = models.CharField(
        "检查状态", max_length=8, choices=CheckStatus.choices, default=CheckStatus.QUEUED
    )
    error = models.CharField("检查失败原因", max_length=200, blank=True)
    result = models.JSONField("检查结果", default=dict)
    created_at = models.DateTimeField("发起时间", auto_now_add=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    # How far the worker got when it stopped (a canceled check stops between steps).
    steps_done = models.PositiveIntegerField("已完成步数", default=0)
    steps = models.PositiveIntegerField("总步数", default=0)

    class Meta:
        verbose_name = "检查任务"
        verbose_name_plural = "检查任务"
        ordering = ["-created_at", "pk"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return self.title

    @property
    def finished(self) -> bool:
        return self.status not in UNFINISHED
