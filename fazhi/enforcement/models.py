from django.core.exceptions import ValidationError
from django.db import models

from fazhi.core.fields import BlindIndexField, EncryptedCharField
from fazhi.core.models import ChildRecord, LedgerRecord
from fazhi.core.validators import (
    not_in_future,  # noqa: F401 (migrations name it here)
    validate_credit_code,
    validate_id_number,
    validate_phone,
)
from fazhi.decisions.choices import ReviewType

from .choices import CaseKind, CaseStatus, OfficerRole, PartyType


class Officer(LedgerRecord):
    """An enforcement officer (执法人员) and his or her 执法证."""

    name = models.CharField("姓名", max_length=64)
    cert_number = models.CharField(
        "执法证号", max_length=40, unique=True, error_messages={"unique": "该执法证号已登记"}
    )
    issuing_body = models.CharField("发证机关", max_length=100)
    issued_on = models.DateField("发证日期", validators=[not_in_future])
    valid_until = models.DateField("有效期至")
    unit = models.CharField("所在单位", max_length=100, blank=True)

    class Meta:
        verbose_name = "执法人员"
        verbose_name_plural = "执法人员"
        indexes = [models.Index(fields=["township", "valid_until"])]

    def __str__(self):
        return f"{self.name}（{self.cert_number}）"

    def clean(self):
        if self.issued_on and self.valid_until and self.valid_until < self.issued_on:
            raise ValidationError({"valid_until": "有效期至不能早于发证日期"})

    def valid_on(self, day) -> bool:
        return not self.voided and self.issued_on <= day <= self.valid_until


class EnforcementCase(LedgerRecord):
    """An administrative enforcement case (执法案件) with its 公示, recording and 法制审核."""

    case_number = models.CharField("案号", max_length=64)
    kind = models.CharField("案件类别", max_length=16, choices=CaseKind.choices)
    action_kind = models.ForeignKey(
        "core.Category",
        verbose_name="执法行为",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"list_key": "enforcement_action"},
    )
    party_type = models.CharField("当事人类型", max_length=16, choices=PartyType.choices)
    party_name = EncryptedCharField("当事人", max_length=100)
    party_name_bidx = BlindIndexField(source="party_name", kind="name")
    party_id_number = EncryptedCharField(
        "身份证号", max_length=18, blank=True, validators=[validate_id_number]
    )
    party_id_number_bidx = BlindIndexField(source="party_id_number", kind="id_number")
    party_credit_code = models.CharField(
        "统一社会信用代码", max_length=18, blank=True, validators=[validate_credit_code]
    )
    party_phone = EncryptedCharField("联系电话", max_length=20, blank=True, validators=[validate_phone])
    party_phone_bidx = BlindIndexField(source="party_phone", kind="phone")
    party_address = EncryptedCharField("住址/地址", max_length=200, blank=True)
    cause = models.TextField("案由")
    filed_on = models.DateField("立案日期", validators=[not_in_future])
    is_major = models.BooleanField("重大执法决定", default=False)
    legal_review = models.ForeignKey(
        "decisions.LegalityReview",
        verbose_name="法制审核",
        on_delete=models.PROTECT,
        related_name="enforcement_cases",
        null=True,
        blank=True,
        help_text="重大执法决定须关联类型为“重大行政执法决定”的合法性审查",
    )
    status = models.CharField(
        "状态", max_length=16, choices=CaseStatus.choices, default=CaseStatus.FILED, editable=False
    )
    investigated_on = models.DateField("调查终结日期", null=True, blank=True, validators=[not_in_future])
    decided_on = models.DateField("决定日期", null=True, blank=True, validators=[not_in_future])
    decision = models.TextField("决定内容", blank=True)
    publish_due_on = models.DateField("公示期限", null=True, blank=True, editable=False)
    published_on = models.DateField("公示日期", null=True, blank=True, validators=[not_in_future])
    published_on_time = models.BooleanField("按期公示", null=True, editable=False)
    closed_on = models.DateField("结案日期", null=True, blank=True, validators=[not_in_future])

    class Meta:
        verbose_name = "执法案件"
        verbose_name_plural = "执法案件"
        indexes = [
            models.Index(fields=["township", "filed_on"]),
            models.Index(fields=["township", "status"]),
            models.Index(fields=["township", "decided_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "case_number"],
                name="unique_case_number_per_township",
                violation_error_message="本乡镇已有相同案号的执法案件",
            )
        ]

    def __str__(self):
        return f"{self.number} {self.case_number}" if self.number else self.case_number

    def clean(self):
        errors = {}
        if self.party_type == PartyType.PERSON and self.party_credit_code:
            errors["party_credit_code"] = "当事人为个人时不填统一社会信用代码，请填写身份证号"
        if self.party_type == PartyType.ORGANISATION and self.party_id_number:
            errors["party_id_number"] = "当事人为单位时请填写统一社会信用代码，不填身份证号"
        order = [
            ("investigated_on", "调查终结日期", "filed_on", "立案日期"),
            ("decided_on", "决定日期", "investigated_on", "调查终结日期"),
            ("published_on", "公示日期", "decided_on", "决定日期"),
            ("closed_on", "结案日期", "decided_on", "决定日期"),
        ]
        for later, later_label, earlier, earlier_label in order:
            a, b = getattr(self, later), getattr(self, earlier)
            if a and b and a < b:
                errors[later] = f"{later_label}不能早于{earlier_label}"
        if self.legal_review_id:
            review = self.legal_review
            if review.review_type != ReviewType.MAJOR_ENFORCEMENT:
                errors["legal_review"] = "法制审核应关联类型为“重大行政执法决定”的合法性审查"
            elif self.township_id and review.township_id != self.township_id:
                errors["legal_review"] = "只能关联本乡镇的合法性审查"
        if errors:
            raise ValidationError(errors)


class CaseOfficer(ChildRecord):
    """An officer assigned to a case; the certificate must be valid on the case's 立案 date."""

    case = models.ForeignKey(EnforcementCase, on_delete=models.CASCADE, related_name="officers")
    # null=True only because core.services._save_children reads the field of a new row before setting
    # it, which raises for a non-null foreign key; blank=False keeps the officer required.
    officer = models.ForeignKey(
        Officer, verbose_name="执法人员", on_delete=models.PROTECT, related_name="+", null=True
    )
    role = models.CharField("分工", max_length=16, choices=OfficerRole.choices, default=OfficerRole.ASSIST)

    class Meta:
        verbose_name = "承办执法人员"
        verbose_name_plural = "承办执法人员"
        ordering = ["pk"]

    def __str__(self):
        return str(self.officer)

    def clean(self):
        if not self.officer_id or not self.case_id:
            return
        officer, case = self.officer, self.case
        if officer.township_id != case.township_id:
            raise ValidationError({"officer": f"执法人员{officer.name}不属于本乡镇"})
        if officer.voided:
            raise ValidationError({"officer": f"执法人员{officer.name}已作废，不能指派"})
        if case.filed_on and officer.valid_until < case.filed_on:
            raise ValidationError(
                {"officer": f"执法人员{officer.name}的执法证已于{officer.valid_until:%Y-%m-%d}过期，不能指派"}
            )
        if case.filed_on and officer.issued_on > case.filed_on:
            raise ValidationError({"officer": f"执法人员{officer.name}立案时尚未取得执法证，不能指派"})
