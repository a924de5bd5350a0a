from django.core.exceptions import ValidationError
from django.db import models

from fazhi.core.fields import EncryptedCharField
from fazhi.core.models import ChildRecord, LedgerRecord, PersonPart
from fazhi.core.validators import (
    not_in_future,  # noqa: F401 (migrations name it here)
)

from .choices import (
    AgreementForm,
    DisputeStatus,
    JudicialConfirmation,
    Level,
    MediationStatus,
    PartyRole,
    Performance,
    Source,
    TransferTarget,
)


class Screening(LedgerRecord):
    """A round of dispute screening (排查) at township, village or group level."""

    screened_on = models.DateField("排查日期", validators=[not_in_future])
    level = models.CharField("排查层级", max_length=16, choices=Level.choices)
    organiser = models.CharField("组织人", max_length=64, blank=True)
    participants = models.PositiveIntegerField("参与人数", default=0)
    notes = models.TextField("排查情况", blank=True)

    class Meta:
        verbose_name = "矛盾纠纷排查"
        verbose_name_plural = "矛盾纠纷排查"
        indexes = [models.Index(fields=["township", "screened_on"])]


class Dispute(LedgerRecord):
    """A dispute found or received, handled at township, village or group level."""

    received_on = models.DateField("受理日期", validators=[not_in_future])
    source = models.CharField("来源", max_length=16, choices=Source.choices, default=Source.APPLICATION)
    level = models.CharField("化解层级", max_length=16, choices=Level.choices, default=Level.VILLAGE)
    dispute_type = models.ForeignKey(
        "core.Category",
        verbose_name="纠纷类型",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"list_key": "dispute_type"},
    )
    summary = models.TextField("纠纷概要")
    handler = models.CharField("承办人/调解员", max_length=64, blank=True)
    screening = models.ForeignKey(
        Screening,
        verbose_name="排查批次",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disputes",
    )
    status = models.CharField(
        "状态", max_length=16, choices=DisputeStatus.choices, default=DisputeStatus.REGISTERED, editable=False
    )
    closed_on = models.DateField("办结日期", null=True, blank=True, validators=[not_in_future])
    transfer_to = models.CharField("转办去向", max_length=16, choices=TransferTarget.choices, blank=True)
    result_note = models.TextField("处理结果", blank=True)

    class Meta:
        verbose_name = "矛盾纠纷"
        verbose_name_plural = "矛盾纠纷"
        indexes = [
            models.Index(fields=["township", "received_on"]),
            models.Index(fields=["township", "status"]),
            models.Index(fields=["village", "received_on"]),
        ]

    def clean(self):
        if self.closed_on and self.received_on and self.closed_on < self.received_on:
            raise ValidationError({"closed_on": "办结日期不能早于受理日期"})


class DisputeParty(PersonPart):
    """A party to a dispute (a person or an organisation)."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField("身份", max_length=16, choices=PartyRole.choices, default=PartyRole.APPLICANT)
    name = EncryptedCharField("姓名/名称", max_length=64)

    class Meta:
        verbose_name = "当事人"
        verbose_name_plural = "当事人"
        ordering = ["pk"]

    def __str__(self):
        return self.get_role_display()


class Mediation(LedgerRecord):
    """Formal people's mediation (人民调解) of one dispute, with its agreement."""

    dispute = models.OneToOneField(
        Dispute, verbose_name="矛盾纠纷", on_delete=models.PROTECT, related_name="mediation"
    )
    started_on = models.DateField("受理调解日期", validators=[not_in_future])
    mediators = models.CharField("人民调解员", max_length=200)
    committee = models.CharField("调解组织", max_length=100, blank=True, help_text="如：青山镇人民调解委员会")
    status = models.CharField(
        "调解结果",
        max_length=16,
        choices=MediationStatus.choices,
        default=MediationStatus.ONGOING,
        editable=False,
    )
    ended_on = models.DateField("调解终结日期", null=True, blank=True, validators=[not_in_future])
    agreement_form = models.CharField("协议形式", max_length=16, choices=AgreementForm.choices, blank=True)
    agreement_content = models.TextField(
        "协议内容", blank=True, help_text="当事人、纠纷事实、协议条款、履行方式和期限"
    )
    effective_on = models.DateField("协议生效日期", null=True, blank=True, validators=[not_in_future])
    judicial_confirmation = models.CharField(
        "司法确认", max_length=16, choices=JudicialConfirmation.choices, default=JudicialConfirmation.NONE
    )
    judicial_applied_on = models.DateField(
        "申请司法确认日期", null=True, blank=True, validators=[not_in_future]
    )
    performance = models.CharField("履行情况", max_length=16, choices=Performance.choices, blank=True)

    class Meta:
        verbose_name = "人民调解"
        verbose_name_plural = "人民调解"
        indexes = [
            models.Index(fields=["township", "started_on"]),
            models.Index(fields=["township", "status"]),
        ]

    def clean(self):
        if self.dispute_id and self.township_id and self.dispute.township_id != self.township_id:
            raise ValidationError({"dispute": "只能调解本乡镇的矛盾纠纷"})
        if self.dispute_id and self.started_on and self.started_on < self.dispute.received_on:
            raise ValidationError({"started_on": "受理调解日期不能早于纠纷受理日期"})
        if self.effective_on and self.started_on and self.effective_on < self.started_on:
            raise ValidationError({"effective_on": "协议生效日期不能早于受理调解日期"})
        if self.judicial_confirmation != JudicialConfirmation.NONE and not self.judicial_applied_on:
            raise ValidationError({"judicial_applied_on": "请填写申请司法确认日期"})


class MediationSession(ChildRecord):
    """One mediation session."""

    mediation = models.ForeignKey(Mediation, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField("调解日期", validators=[not_in_future])
    place = models.CharField("地点", max_length=100, blank=True)
    notes = models.CharField("调解情况", max_length=500, blank=True)

    class Meta:
        verbose_name = "调解记录"
        verbose_name_plural = "调解记录"
        ordering = ["held_on", "pk"]

    def __str__(self):
        return f"{self.held_on}"
