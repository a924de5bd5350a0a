from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from fazhi.core.fields import BlindIndexField, EncryptedCharField
from fazhi.core.models import ChildRecord, LedgerRecord
from fazhi.core.validators import (
    normalize_phone,
    not_in_future,  # noqa: F401 (migrations name it here)
    validate_phone,
)
from fazhi.orgs.models import OrgKind

from .choices import ConsultationMode


class LegalAdvisor(LedgerRecord):
    """A legal advisor (法律顾问) under contract to serve villages of a township (一村一法律顾问)."""

    # An advisor's name, firm and licence are published on each village's 法律顾问 board, so they are
    # not treated as personal data here.
    name = models.CharField("姓名", max_length=32)
    law_firm = models.CharField("律师事务所", max_length=100)
    licence_number = models.CharField("执业证号", max_length=32)
    contract_start = models.DateField("合同开始日期")
    contract_end = models.DateField("合同结束日期")
    notes = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "法律顾问"
        verbose_name_plural = "法律顾问"
        indexes = [
            models.Index(fields=["township", "contract_start"]),
            models.Index(fields=["township", "contract_end"]),
        ]

    def __str__(self):
        return f"{self.name}（{self.law_firm}）" if self.name else super().__str__()

    def clean(self):
        if self.contract_start and self.contract_end and self.contract_end < self.contract_start:
            raise ValidationError({"contract_end": "合同结束日期不能早于合同开始日期"})

    def under_contract(self, on_date) -> bool:
        return self.contract_start <= on_date <= self.contract_end


class AdvisorVillage(ChildRecord):
    """A village an advisor serves under its contract."""

    advisor = models.ForeignKey(LegalAdvisor, on_delete=models.CASCADE, related_name="villages_served")
    village = models.ForeignKey(
        "orgs.Organisation",
        verbose_name="服务村居",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": OrgKind.VILLAGE},
        # Required (blank=False); null only because core's _save_children reads the field of a new row.
        null=True,
    )

    class Meta:
        verbose_name = "服务村居"
        verbose_name_plural = "服务村居"
        ordering = ["pk"]

    def __str__(self):
        return str(self.village) if self.village_id else ""

    def clean(self):
        # The API validates rows before the advisor exists; the rule is checked again when rows are saved.
        if not (self.advisor_id and self.village_id):
            return
        if self.village.township_id != self.advisor.township_id:
            raise ValidationError({"village": f"服务村居“{self.village}”不属于本乡镇"})
        twin = AdvisorVillage.objects.filter(advisor_id=self.advisor_id, village_id=self.village_id)
        if twin.exclude(pk=self.pk).exists():
            raise ValidationError({"village": f"服务村居“{self.village}”重复填写"})


class Consultation(LedgerRecord):
    """A legal consultation (法律咨询) given in a village, by a legal advisor or at the service station."""

    consulted_on = models.DateField("咨询日期", validators=[not_in_future])
    advisor = models.ForeignKey(
        LegalAdvisor,
        verbose_name="法律顾问",
        on_delete=models.PROTECT,
        related_name="consultations",
        null=True,
        blank=True,
    )
    mode = models.CharField("咨询方式", max_length=16, choices=ConsultationMode.choices)
    people = models.PositiveIntegerField(
        "咨询人次", default=1, validators=[MinValueValidator(1, "咨询人次至少为1")]
    )
    topic = models.ForeignKey(
        "core.Category",
        verbose_name="咨询类别",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"list_key": "consultation_topic"},
    )
    answer = models.TextField("解答情况")
    referred_to_aid = models.BooleanField("转法律援助", default=False)
    consultee_name = EncryptedCharField("咨询人姓名", max_length=32, blank=True)
    consultee_name_bidx = BlindIndexField(source="consultee_name", kind="name")
    consultee_phone = EncryptedCharField("咨询人电话", max_length=20, blank=True, validators=[validate_phone])
    consultee_phone_bidx = BlindIndexField(source="consultee_phone", kind="phone")

    class Meta:
        verbose_name = "法律咨询"
        verbose_name_plural = "法律咨询"
        indexes = [
            models.Index(fields=["township", "consulted_on"]),
            models.Index(fields=["village", "consulted_on"]),
        ]

    def clean(self):
        if self.consultee_phone:
            self.consultee_phone = normalize_phone(self.consultee_phone)
        if not self.village_id:
            raise ValidationError({"village": "请选择咨询所在的村/社区"})
        if not self.advisor_id:
            return
        advisor = self.advisor
        if self.township_id and advisor.township_id != self.township_id:
            raise ValidationError({"advisor": "所选法律顾问不属于本乡镇"})
        if self.consulted_on and not advisor.under_contract(self.consulted_on):
            raise ValidationError(
                {
                    "advisor": f"咨询日期不在该法律顾问的合同期内"
                    f"（{advisor.contract_start:%Y-%m-%d}至{advisor.contract_end:%Y-%m-%d}）"
                }
            )
