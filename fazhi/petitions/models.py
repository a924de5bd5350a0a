from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from fazhi.core.models import LedgerRecord, PersonPart
from fazhi.core.validators import (
    not_in_future,  # noqa: F401 (migrations name it here)
)

from .choices import Channel, PetitionStatus, ReceptionKind, Satisfaction


class LeaderReception(LedgerRecord):
    """A leader's reception day, visit, appointment or case taken on (领导接访下访)."""

    held_on = models.DateField("日期", validators=[not_in_future])
    leader = models.CharField("领导姓名", max_length=64)
    kind = models.CharField(
        "方式", max_length=16, choices=ReceptionKind.choices, default=ReceptionKind.RECEPTION
    )
    place = models.CharField("地点", max_length=100, blank=True)
    people_count = models.PositiveIntegerField("接待群众（人）", default=0)
    matters = models.TextField("反映问题")

    class Meta:
        verbose_name = "领导接访下访"
        verbose_name_plural = "领导接访下访"
        indexes = [models.Index(fields=["township", "held_on"])]


class Petition(LedgerRecord):
    """A petition (信访事项) and its statutory handling, from receipt to 复核."""

    received_on = models.DateField("收到日期", validators=[not_in_future])
    channel = models.CharField("信访形式", max_length=16, choices=Channel.choices, default=Channel.VISIT)
    people_count = models.PositiveIntegerField("信访人数", default=1, validators=[MinValueValidator(1)])
    is_collective = models.BooleanField("集体访", default=False, editable=False)
    category = models.ForeignKey(
        "core.Category",
        verbose_name="信访类别",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"list_key": "petition_category"},
    )
    content = models.TextField("信访内容")
    handling_office = models.CharField("承办单位", max_length=100, blank=True)
    previous = models.ForeignKey(
        "self",
        verbose_name="原信访事项（重复信访）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="repeats",
    )
    reception = models.ForeignKey(
        LeaderReception,
        verbose_name="领导接访下访",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="petitions",
    )
    status = models.CharField(
        "状态",
        max_length=16,
        choices=PetitionStatus.choices,
        default=PetitionStatus.REGISTERED,
        editable=False,
    )
    # 受理/不予受理告知
    acceptance_due = models.DateField("受理告知期限", null=True, blank=True, editable=False)
    accepted_on = models.DateField("受理日期", null=True, blank=True, validators=[not_in_future])
    notified_on = models.DateField("告知日期", null=True, blank=True, validators=[not_in_future])
    notice_on_time = models.BooleanField("按期告知", null=True, editable=False)
    rejection_reason = models.TextField("不予受理理由", blank=True)
    handler = models.CharField("承办人", max_length=64, blank=True)
    # 办理答复
    reply_due = models.DateField("答复期限", null=True, blank=True, editable=False)
    extended_on = models.DateField("延期批准日期", null=True, blank=True, validators=[not_in_future])
    extension_days = models.PositiveIntegerField(
        "延长天数", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    extension_approver = models.CharField("批准领导", max_length=64, blank=True)
    extension_reason = models.TextField("延期理由", blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True, validators=[not_in_future])
    reply_text = models.TextField("答复意见", blank=True)
    reply_on_time = models.BooleanField("按期答复", null=True, editable=False)
    satisfaction = models.CharField("满意度", max_length=16, choices=Satisfaction.choices, blank=True)
    # 复查、复核
    review_request_due = models.DateField("复查申请期限", null=True, blank=True, editable=False)
    review_requested_on = models.DateField("申请复查日期", null=True, blank=True, validators=[not_in_future])
    review_reply_due = models.DateField("复查答复期限", null=True, blank=True, editable=False)
    review_replied_on = models.DateField("复查答复日期", null=True, blank=True, validators=[not_in_future])
    review_opinion = models.TextField("复查意见", blank=True)
    review_on_time = models.BooleanField("按期复查", null=True, editable=False)
    recheck_request_due = models.DateField("复核申请期限", null=True, blank=True, editable=False)
    recheck_requested_on = models.DateField("申请复核日期", null=True, blank=True, validators=[not_in_future])
    recheck_reply_due = models.DateField("复核答复期限", null=True, blank=True, editable=False)
    recheck_replied_on = models.DateField("复核答复日期", null=True, blank=True, validators=[not_in_future])
    recheck_opinion = models.TextField("复核意见", blank=True)
    recheck_on_time = models.BooleanField("按期复核", null=True, editable=False)
    closed_on = models.DateField("办结日期", null=True, blank=True, validators=[not_in_future])

    class Meta:
        verbose_name = "信访事项"
        verbose_name_plural = "信访事项"
        indexes = [
            models.Index(fields=["township", "received_on"]),
            models.Index(fields=["township", "status"]),
        ]

    def clean(self):
        errors = {}
        if self.previous_id:
            if self.pk and self.previous_id == self.pk:
                errors["previous"] = "原信访事项不能是本事项"
            elif self.township_id and self.previous.township_id != self.township_id:
                errors["previous"] = "原信访事项应为本乡镇的信访事项"
            elif self.received_on and self.previous.received_on > self.received_on:
                errors["previous"] = "原信访事项的收到日期不能晚于本事项"
        if self.reception_id:
            if self.township_id and self.reception.township_id != self.township_id:
                errors["reception"] = "领导接访下访应为本乡镇的记录"
            elif self.received_on and self.reception.held_on > self.received_on:
                errors["reception"] = "收到日期不能早于领导接访下访日期"
        order = [
            ("received_on", "收到日期"),
            ("accepted_on", "受理日期"),
            ("replied_on", "答复日期"),
            ("review_requested_on", "申请复查日期"),
            ("review_replied_on", "复查答复日期"),
            ("recheck_requested_on", "申请复核日期"),
            ("recheck_replied_on", "复核答复日期"),
        ]
        dated = [(name, label, getattr(self, name)) for name, label in order if getattr(self, name)]
        for (_, before_label, before), (name, label, value) in zip(dated, dated[1:], strict=False):
            if value < before and name not in errors:
                errors[name] = f"{label}不能早于{before_label}"
        if self.notified_on and self.received_on and self.notified_on < self.received_on:
            errors["notified_on"] = "告知日期不能早于收到日期"
        if self.closed_on and self.received_on and self.closed_on < self.received_on:
            errors["closed_on"] = "办结日期不能早于收到日期"
        if errors:
            raise ValidationError(errors)


class Petitioner(PersonPart):
    """A petitioner (for a 集体访, the representatives)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="petitioners")

    class Meta:
        verbose_name = "信访人"
        verbose_name_plural = "信访人"
        ordering = ["pk"]

    def __str__(self):
        return "信访人"
