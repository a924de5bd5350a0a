from django.core.exceptions import ValidationError
from django.db import models

from fazhi.core.models import ChildRecord, LedgerRecord
from fazhi.core.validators import not_in_future  # noqa: F401 (migrations name it here)

from .choices import (
    PASSING_CONCLUSIONS,
    Conclusion,
    DecisionStatus,
    DecisionStep,
    ReviewStatus,
    ReviewType,
    RiskDomain,
    RiskLevel,
    RiskStatus,
)


class LegalityReview(LedgerRecord):
    """A legality review (合法性审查) of a document, contract, decision or major enforcement decision."""

    title = models.CharField("审查事项", max_length=200)
    review_type = models.CharField("审查类型", max_length=20, choices=ReviewType.choices)
    submitting_office = models.CharField("送审单位", max_length=100)
    submitted_on = models.DateField("送审日期", validators=[not_in_future])
    due_on = models.DateField("审查期限", null=True, blank=True, editable=False)
    status = models.CharField(
        "状态", max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.PENDING, editable=False
    )
    reviewer = models.CharField("审查人", max_length=64, blank=True, help_text="法律顾问或公职律师")
    opinion = models.TextField("审查意见", blank=True)
    conclusion = models.CharField("审查结论", max_length=16, choices=Conclusion.choices, blank=True)
    reviewed_on = models.DateField("出具意见日期", null=True, blank=True, validators=[not_in_future])
    outcome_on = models.DateField("印发/签订/决定日期", null=True, blank=True, validators=[not_in_future])

    class Meta:
        verbose_name = "合法性审查"
        verbose_name_plural = "合法性审查"
        indexes = [
            models.Index(fields=["township", "submitted_on"]),
            models.Index(fields=["township", "status"]),
        ]

    def __str__(self):
        return f"{self.number} {self.title}" if self.number else self.title

    def clean(self):
        if self.reviewed_on and self.submitted_on and self.reviewed_on < self.submitted_on:
            raise ValidationError({"reviewed_on": "出具意见日期不能早于送审日期"})
        if self.outcome_on and self.reviewed_on and self.outcome_on < self.reviewed_on:
            raise ValidationError({"outcome_on": "印发/签订/决定日期不能早于出具意见日期"})

    @property
    def passed(self) -> bool:
        """The review let the item go ahead (同意 or 修改后同意) and is not void."""
        return (
            not self.voided
            and self.conclusion in PASSING_CONCLUSIONS
            and self.status not in (ReviewStatus.PENDING, ReviewStatus.REVIEWING)
        )


class MajorDecision(LedgerRecord):
    """A major administrative decision (重大行政决策) and its statutory steps."""

    title = models.CharField("决策事项", max_length=200)
    proposed_on = models.DateField("启动日期", validators=[not_in_future])
    sponsor_office = models.CharField("承办单位", max_length=100, blank=True)
    summary = models.TextField("决策内容", blank=True)
    comment_days_min = models.PositiveIntegerField(
        "公众参与最短天数", default=30, help_text="征求公众意见的期限，默认不少于30日"
    )
    status = models.CharField(
        "状态", max_length=16, choices=DecisionStatus.choices, default=DecisionStatus.DRAFTING, editable=False
    )
    decided_on = models.DateField("决定日期", null=True, blank=True, validators=[not_in_future])
    decision = models.TextField("决定情况", blank=True)

    class Meta:
        verbose_name = "重大行政决策"
        verbose_name_plural = "重大行政决策"
        indexes = [
            models.Index(fields=["township", "proposed_on"]),
            models.Index(fields=["township", "status"]),
        ]

    def __str__(self):
        return f"{self.number} {self.title}" if self.number else self.title

    def clean(self):
        if self.decided_on and self.proposed_on and self.decided_on < self.proposed_on:
            raise ValidationError({"decided_on": "决定日期不能早于启动日期"})


class MajorDecisionStep(ChildRecord):
    """One statutory step of a major decision, with its date and evidence."""

    decision = models.ForeignKey(MajorDecision, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField("法定程序", max_length=16, choices=DecisionStep.choices)
    required = models.BooleanField("必经", default=True)
    started_on = models.DateField("开始日期", null=True, blank=True, validators=[not_in_future])
    done_on = models.DateField("完成日期", null=True, blank=True, validators=[not_in_future])
    evidence = models.CharField("佐证材料", max_length=500, blank=True)

    class Meta:
        verbose_name = "法定程序"
        verbose_name_plural = "法定程序"
        ordering = ["pk"]

    def __str__(self):
        return self.get_step_display()

    def clean(self):
        if self.started_on and self.done_on and self.done_on < self.started_on:
            raise ValidationError({"done_on": "完成日期不能早于开始日期"})


class RiskAssessment(LedgerRecord):
    """A risk assessment (社会稳定风险评估 and others) of a matter, with its follow-up reviews."""

    matter = models.CharField("评估事项", max_length=200)
    domain = models.CharField("风险领域", max_length=16, choices=RiskDomain.choices)
    level = models.CharField("风险等级", max_length=8, choices=RiskLevel.choices)
    assessed_on = models.DateField("评估日期", validators=[not_in_future])
    assessor = models.CharField("评估主体", max_length=100)
    measures = models.TextField("防控措施", blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=RiskStatus.choices, default=RiskStatus.ASSESSING, editable=False
    )
    status_on = models.DateField("状态变更日期", null=True, blank=True, validators=[not_in_future])
    status_note = models.CharField("情况说明", max_length=500, blank=True)

    class Meta:
        verbose_name = "风险评估"
        verbose_name_plural = "风险评估"
        indexes = [
            models.Index(fields=["township", "assessed_on"]),
            models.Index(fields=["township", "status"]),
        ]

    def __str__(self):
        return f"{self.number} {self.matter}" if self.number else self.matter

    def clean(self):
        if self.status_on and self.assessed_on and self.status_on < self.assessed_on:
            raise ValidationError({"status_on": "状态变更日期不能早于评估日期"})


class RiskReview(ChildRecord):
    """A follow-up review of a risk (跟踪回访)."""

    assessment = models.ForeignKey(RiskAssessment, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField("跟踪日期", validators=[not_in_future])
    note = models.CharField("跟踪情况", max_length=500)

    class Meta:
        verbose_name = "跟踪回访"
        verbose_name_plural = "跟踪回访"
        ordering = ["reviewed_on", "pk"]

    def __str__(self):
        return f"{self.reviewed_on}"

    def clean(self):
        if self.reviewed_on and self.assessment_id and self.reviewed_on < self.assessment.assessed_on:
            raise ValidationError({"reviewed_on": "跟踪日期不能早于评估日期"})
