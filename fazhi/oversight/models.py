from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from fazhi.core.models import ChildRecord, LedgerQuerySet, LedgerRecord
from fazhi.core.validators import not_in_future  # noqa: F401 (migrations name it here)

from .choices import (
    CaseKind,
    CaseOutcome,
    DisclosureChannel,
    RectificationSource,
    RectificationStatus,
    WarningForm,
)


class RectificationQuerySet(LedgerQuerySet):
    def overdue(self, on_date):
        """Items still open after their due date, as of `on_date` (voided items are not overdue)."""
        return self.filter(voided=False, status=RectificationStatus.OPEN, due_on__lt=on_date)


class Rectification(LedgerRecord):
    """An item to rectify (整改事项) raised by an inspection, audit, court or procuratorate."""

    source = models.CharField("来源", max_length=16, choices=RectificationSource.choices)
    received_on = models.DateField("交办日期", validators=[not_in_future])
    content = models.TextField("问题及整改要求")
    due_on = models.DateField("整改期限")
    measures = models.TextField("整改措施", blank=True)
    status = models.CharField(
        "状态",
        max_length=16,
        choices=RectificationStatus.choices,
        default=RectificationStatus.OPEN,
        editable=False,
    )
    done_on = models.DateField("完成日期", null=True, blank=True, validators=[not_in_future])
    on_time = models.BooleanField("按期完成", null=True, editable=False)

    objects = RectificationQuerySet.as_manager()

    class Meta:
        verbose_name = "整改事项"
        verbose_name_plural = "整改事项"
        indexes = [
            models.Index(fields=["township", "received_on"]),
            models.Index(fields=["township", "status", "due_on"]),
        ]

    def clean(self):
        if self.due_on and self.received_on and self.due_on < self.received_on:
            raise ValidationError({"due_on": "整改期限不能早于交办日期"})
        if self.done_on and self.received_on and self.done_on < self.received_on:
            raise ValidationError({"done_on": "完成日期不能早于交办日期"})

    def is_overdue(self, on_date) -> bool:
        return not self.voided and self.status == RectificationStatus.OPEN and self.due_on < on_date


class LitigationCase(LedgerRecord):
    """An administrative lawsuit (行政诉讼) or review (行政复议) in which the township is the respondent."""

    case_number = models.CharField("案号", max_length=64)
    received_on = models.DateField(
        "收案日期", validators=[not_in_future], help_text="收到起诉状或复议申请副本的日期"
    )
    kind = models.CharField("类别", max_length=16, choices=CaseKind.choices)
    body = models.CharField("审理法院/复议机关", max_length=100)
    cause = models.CharField("案由", max_length=200)
    outcome = models.CharField(
        "结果", max_length=16, choices=CaseOutcome.choices, default=CaseOutcome.PENDING
    )
    decided_on = models.DateField("裁判/决定日期", null=True, blank=True, validators=[not_in_future])
    notes = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "行政诉讼/行政复议案件"
        verbose_name_plural = "行政诉讼/行政复议案件"
        indexes = [models.Index(fields=["township", "received_on"])]

    def clean(self):
        if self.decided_on and self.received_on and self.decided_on < self.received_on:
            raise ValidationError({"decided_on": "裁判/决定日期不能早于收案日期"})
        if self.outcome != CaseOutcome.PENDING and not self.decided_on:
            raise ValidationError({"decided_on": "已有结果的案件请填写裁判/决定日期"})
        if self.kind == CaseKind.REVIEW and self.pk and self.hearings.filter(head_appeared=True).exists():
            raise ValidationError({"kind": "行政复议没有出庭应诉：请先取消开庭记录中的“行政机关负责人出庭”"})


class Hearing(ChildRecord):
    """A court hearing (开庭) of a case, with who appeared for the township."""

    case = models.ForeignKey(LitigationCase, on_delete=models.CASCADE, related_name="hearings")
    held_on = models.DateField("开庭日期", validators=[not_in_future])
    agency_appeared = models.BooleanField("出庭应诉", default=True)
    head_appeared = models.BooleanField("行政机关负责人出庭", default=False)
    # The head appears in an official capacity, named in published reports: not personal data.
    head_name = models.CharField("出庭负责人姓名", max_length=32, blank=True)

    class Meta:
        verbose_name = "开庭记录"
        verbose_name_plural = "开庭记录"
        ordering = ["held_on", "pk"]

    def __str__(self):
        return f"{self.held_on}"

    def clean(self):
        if self.head_appeared and not self.head_name.strip():
            raise ValidationError({"head_name": "行政机关负责人出庭的，请填写出庭负责人姓名"})
        if self.head_appeared and not self.agency_appeared:
            raise ValidationError({"agency_appeared": "行政机关负责人出庭的，应同时勾选出庭应诉"})
        # The API validates rows before the case exists; the rule is checked again when rows are saved.
        if self.case_id and self.head_appeared and self.case.kind == CaseKind.REVIEW:
            raise ValidationError({"head_appeared": "行政复议案件没有出庭应诉，不能登记行政机关负责人出庭"})


class WarningEducation(LedgerRecord):
    """A warning-education session (警示教育) for cadres."""

    held_on = models.DateField("日期", validators=[not_in_future])
    form = models.CharField("形式", max_length=16, choices=WarningForm.choices)
    topic = models.CharField("主题", max_length=200)
    participants = models.PositiveIntegerField(
        "参加人次", validators=[MinValueValidator(1, "参加人次至少为1")]
    )

    class Meta:
        verbose_name = "警示教育"
        verbose_name_plural = "警示教育"
        indexes = [models.Index(fields=["township", "held_on"])]


class Disclosure(LedgerRecord):
    """An item of government information made public (政务公开)."""

    published_on = models.DateField("公开日期", validators=[not_in_future])
    channel = models.CharField("公开渠道", max_length=16, choices=DisclosureChannel.choices)
    title = models.CharField("标题", max_length=200)
    kind = models.ForeignKey(
        "core.Category",
        verbose_name="公开类别",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"list_key": "disclosure_kind"},
    )

    class Meta:
        verbose_name = "政务公开"
        verbose_name_plural = "政务公开"
        indexes = [models.Index(fields=["township", "published_on"])]
