"""The annual report 《关于XXXX年度法治政府建设情况的报告》 (domain.md §5): settings, drafts, versions,
approval and submission. A draft's body is JSON (sections → paragraphs with placeholders → bound figures,
see drafting.py); every save is a new immutable `ReportVersion`."""

from datetime import date

from django.conf import settings
from django.db import models


class PartOrder(models.TextChoices):
    LEADERS_SECOND = "leaders_second", "举措成效、第一责任人履职、存在不足、主要安排"
    LEADERS_THIRD = "leaders_third", "举措成效、存在不足、第一责任人履职、主要安排"
    # Common in a district's own report: the leaders' part before the measures.
    LEADERS_FIRST = "leaders_first", "第一责任人履职、举措成效、存在不足、主要安排"


class ReportSettings(models.Model):
    """A township's header, signature and 版记 for its annual report; edited by its clerk or leader."""

    township = models.OneToOneField(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="report_settings", verbose_name="乡镇"
    )
    party_committee = models.CharField("党委全称", max_length=64, help_text="如：中共青山镇委员会")
    government = models.CharField("政府全称", max_length=64, help_text="如：青山镇人民政府")
    doc_number_pattern = models.CharField(
        "发文字号",
        max_length=64,
        default="{short}委〔{year}〕1号",
        blank=True,
        help_text="{short} 乡镇简称，{year} 发文年度；不填则版头不写发文字号",
    )
    signer = models.CharField("签发人", max_length=32, blank=True)
    addressee = models.CharField("主送机关", max_length=64, default="区委、区政府：")
    signature_organs = models.CharField(
        "落款机关", max_length=200, blank=True, help_text="多个机关用“、”分隔；不填则为党委、政府全称"
    )
    cc = models.CharField("抄送", max_length=200, default="区委依法治区办")
    issuer = models.CharField("印发机关", max_length=64, blank=True, help_text="如：青山镇党政办公室")
    part_order = models.CharField(
        "各部分顺序", max_length=16, choices=PartOrder.choices, default=PartOrder.LEADERS_SECOND
    )
    approx_units = models.CharField(
        "默认写约数的单位",
        max_length=100,
        blank=True,
        default="",
        help_text="用“、”分隔，如“人次、份”：这些单位的数字在初稿中默认写约数（如“60余人次”），其余写确数；"
        "不填则按各统计口径的默认（受众、参学等人次写约数）。每个数字仍可在草稿中单独选择。",
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name="修改人"
    )

    class Meta:
        verbose_name = "报告设置"
        verbose_name_plural = "报告设置"

    def __str__(self):
        return f"{self.township}报告设置"

    def doc_number(self, year: int) -> str:
        short = self.township.short_name or self.township.name
        try:
            return self.doc_number_pattern.format(short=short, year=year + 1)
        except (KeyError, IndexError, ValueError):
            return self.doc_number_pattern

    def approx_unit_set(self) -> frozenset[str] | None:
        """The units whose figures default to 约数, or None to follow each metric's own default."""
        units = {u.strip() for u in self.approx_units.replace(",", "、").replace("，", "、").split("、")}
        units.discard("")
        return frozenset(units) or None

    def organs(self) -> list[str]:
        if self.signature_organs.strip():
            return [o.strip() for o in self.signature_organs.replace("，", "、").split("、") if o.strip()]
        return [self.party_committee, self.government]


class Report(models.Model):
    """One township's report for one year; its text lives in versions."""

    township = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="乡镇"
    )
    year = models.PositiveIntegerField("报告年度")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    published_on = models.DateField("公开日期", null=True, blank=True)
    published_at = models.CharField("公开地址", max_length=300, blank=True, help_text="网址或报刊名称及版面")

    class Meta:
        verbose_name = "年度报告"
        verbose_name_plural = "年度报告"
        constraints = [
            models.UniqueConstraint(fields=["township", "year"], name="unique_report_township_year")
        ]

    def __str__(self):
        return f"{self.township}{self.year}年度法治政府建设情况报告"

    @property
    def submission_due(self) -> date:
        return date(self.year + 1, 3, 1)

    @property
    def publication_due(self) -> date:
        return date(self.year + 1, 4, 1)

    @property
    def published_on_time(self) -> bool | None:
        return None if self.published_on is None else self.published_on <= self.publication_due


class ReportVersion(models.Model):
    """A saved draft: never changed afterwards except for being approved (which freezes its figures)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本号")
    body = models.JSONField("正文")
    note = models.CharField("修改说明", max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name="保存人"
    )
    created_at = models.DateTimeField("保存时间", auto_now_add=True)
    approved_at = models.DateTimeField("审批时间", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name="审批人"
    )
    # At approval: {slot: {"metric", "value", "numerator", "denominator", "text", "records": {ledger: [ids]}}}
    frozen = models.JSONField("审批时冻结的数据", null=True, blank=True)
    # Chosen at approval: a report on an earlier year approved today need not be dated today.
    dated_on = models.DateField("成文日期", null=True, blank=True)
    signer = models.CharField("签发人", max_length=32, blank=True)

    class Meta:
        verbose_name = "报告版本"
        verbose_name_plural = "报告版本"
        ordering = ["report", "-number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="unique_report_version")]

    def __str__(self):
        return f"第{self.number}版"

    @property
    def approved(self) -> bool:
        return self.approved_at is not None


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "submitted", "已报送"
    RETURNED = "returned", "已退回"
    ACCEPTED = "accepted", "已接收"


class Submission(models.Model):
    """An approved version sent to the district; the district may return it with comments."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="submissions")
    version = models.ForeignKey(ReportVersion, on_delete=models.PROTECT, related_name="submissions")
    submitted_at = models.DateTimeField("报送时间")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="报送人"
    )
    status = models.CharField(
        "状态", max_length=16, choices=SubmissionStatus.choices, default=SubmissionStatus.SUBMITTED
    )
    returned_at = models.DateTimeField("退回时间", null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name="退回人"
    )
    comments = models.TextField("退回意见", blank=True)
    accepted_at = models.DateTimeField("接收时间", null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name="接收人"
    )
    # The report check of the submitted version (fazhi.reportcheck's JSON): queued when it was submitted
    # and attached when the background check ends; `check_job` is that check's id (a plain id: reports
    # does not depend on the check).
    check_result = models.JSONField("报送时的检查结果", null=True, blank=True)
    check_job = models.PositiveIntegerField("报送时的检查任务", null=True, blank=True)

    class Meta:
        verbose_name = "报送记录"
        verbose_name_plural = "报送记录"
        ordering = ["report", "submitted_at"]

    def __str__(self):
        return f"{self.report}（{self.get_status_display()}）"


class NoteKind(models.TextChoices):
    APPROVE = "approve", "审批"
    SUBMIT = "submit", "报送"
    RETURN = "return", "退回经办人"


class ReportNote(models.Model):
    """A leader's comment on a step of the report: approving, submitting, or sending a draft back to the clerk."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="notes", verbose_name="年度报告"
    )
    version = models.ForeignKey(
        ReportVersion, on_delete=models.PROTECT, related_name="notes", verbose_name="版本", null=True
    )
    kind = models.CharField("环节", max_length=16, choices=NoteKind.choices)
    comment = models.TextField("意见", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="填写人"
    )
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "报告办理意见"
        verbose_name_plural = "报告办理意见"
        ordering = ["report", "created_at"]

    def __str__(self):
        return f"{self.report}{self.get_kind_display()}"
