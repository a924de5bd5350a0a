from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from fazhi.core.fields import BlindIndexField, EncryptedCharField
from fazhi.core.models import ChildRecord, LedgerRecord
from fazhi.core.validators import (
    normalize_phone,
    not_in_future,  # noqa: F401 (migrations name it here)
    validate_phone,
)

from .choices import MONTHS, ActivityForm, ReviewStatus, StudyKind, TitleLevel, VolunteerRole

YEAR_VALIDATORS = [
    MinValueValidator(2000, "年度不能早于2000年"),
    MaxValueValidator(2100, "年度不能晚于2100年"),
]


def _check_category(record, name: str, label: str) -> None:
    """A category must be the district's own, or one this township added."""
    category = getattr(record, name, None)
    if category is None or not record.township_id:
        return
    township = record.township
    if category.district_id != township.home_district_id or (
        category.township_id and category.township_id != township.pk
    ):
        raise ValidationError({name: f"所选{label}不适用于本乡镇"})


class PublicityActivity(LedgerRecord):
    """A legal publicity activity (普法活动), counted by its 法律七进 target category."""

    held_on = models.DateField("活动日期", validators=[not_in_future])
    title = models.CharField("活动名称", max_length=200)
    qijin = models.ForeignKey(
        "core.Category",
        verbose_name="法律七进类别",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"list_key": "qijin"},
    )
    form = models.CharField("活动形式", max_length=16, choices=ActivityForm.choices)
    audience_unit = models.CharField("受众单位", max_length=100, blank=True, help_text="如：青山镇中心小学")
    audience_count = models.PositiveIntegerField("受众人数（人次）", default=0)
    books = models.PositiveIntegerField("发放法律书籍（册）", default=0)
    materials = models.PositiveIntegerField("发放宣传资料（份）", default=0)
    households = models.PositiveIntegerField("走访农户（户）", default=0)
    consultations = models.PositiveIntegerField("现场解答法律咨询（次）", default=0)
    organiser = models.CharField("组织单位", max_length=100, blank=True, help_text="如：镇司法所")
    notes = models.TextField("活动情况", blank=True)

    class Meta:
        verbose_name = "普法活动"
        verbose_name_plural = "普法活动"
        indexes = [
            models.Index(fields=["township", "held_on"]),
            models.Index(fields=["village", "held_on"]),
        ]

    def clean(self):
        _check_category(self, "qijin", "法律七进类别")


class StudyPlan(LedgerRecord):
    """A township's annual study catalogue (年度学法计划); sessions tick its items off."""

    year = models.PositiveIntegerField("计划年度", validators=YEAR_VALIDATORS)
    title = models.CharField(
        "计划名称", max_length=200, blank=True, help_text="如：青山镇2025年度领导干部学法计划"
    )
    issued_on = models.DateField("印发日期", validators=[not_in_future])
    # Kept up to date from the sessions that tick items off (services.sessions_after_write); never edited by hand.
    progress = models.CharField("完成情况", max_length=500, blank=True, editable=False)

    class Meta:
        verbose_name = "年度学法计划"
        verbose_name_plural = "年度学法计划"
        indexes = [models.Index(fields=["township", "issued_on"])]

    def clean(self):
        if self.year and self.issued_on and self.issued_on.year not in (self.year - 1, self.year):
            raise ValidationError({"issued_on": "印发日期应在计划年度或其上一年"})


class StudyPlanItem(ChildRecord):
    """One planned topic of an annual study plan, with its month."""

    plan = models.ForeignKey(StudyPlan, on_delete=models.CASCADE, related_name="items")
    month = models.PositiveSmallIntegerField("计划月份", choices=MONTHS)
    topic = models.CharField("学习内容", max_length=200)
    done = models.BooleanField("已学", default=False, editable=False)

    class Meta:
        verbose_name = "计划条目"
        verbose_name_plural = "计划条目"
        ordering = ["month", "pk"]

    def __str__(self):
        return f"{self.month}月 {self.topic}"


class StudySession(LedgerRecord):
    """A cadre study session (学法活动); 中心组学法 is recorded here once and cited by part 二."""

    held_on = models.DateField("学法日期", validators=[not_in_future])
    kind = models.CharField("学法形式", max_length=16, choices=StudyKind.choices)
    topic = models.CharField("学习内容", max_length=200)
    speaker = models.CharField("主讲/领学人", max_length=64, blank=True)
    participants = models.PositiveIntegerField("参学人次", default=0)
    # A count of people (人) is never a sum of 人次: for 法宣在线 the enrolment states it.
    enrolled = models.PositiveIntegerField(
        "参学人数（人）", null=True, blank=True, help_text="法宣在线填写：本年度参学的干部人数（不重复计人）"
    )
    plan_item = models.ForeignKey(
        StudyPlanItem,
        verbose_name="对应学法计划",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
    )

    class Meta:
        verbose_name = "学法活动"
        verbose_name_plural = "学法活动"
        indexes = [models.Index(fields=["township", "held_on"])]

    def clean(self):
        if self.kind == StudyKind.ONLINE and self.enrolled is None:
            raise ValidationError({"enrolled": "法宣在线请填写参学人数（人）"})
        if self.kind and self.kind != StudyKind.ONLINE and self.enrolled is not None:
            raise ValidationError({"enrolled": "只有法宣在线填写参学人数（人），其他学法请填写参学人次"})
        if self.plan_item_id:
            plan = StudyPlan.objects.get(pk=self.plan_item.plan_id)  # fresh: the item may cache a stale plan
            if plan.township_id != self.township_id or plan.voided:
                raise ValidationError({"plan_item": "所选学法计划不属于本乡镇或已作废"})
            if self.held_on and plan.year != self.held_on.year:
                raise ValidationError(
                    {"plan_item": f"所选条目属于{plan.year}年度学法计划，与学法日期年度不一致"}
                )


class StudyAttendee(ChildRecord):
    """A person who attended a study session."""

    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="attendees")
    name = EncryptedCharField("姓名", max_length=64)
    name_bidx = BlindIndexField(source="name", kind="name")
    post = models.CharField("职务", max_length=64, blank=True)

    class Meta:
        verbose_name = "参学人员"
        verbose_name_plural = "参学人员"
        ordering = ["pk"]

    def __str__(self):
        return self.post or "参学人员"


class LawExam(LedgerRecord):
    """A law exam sat by cadres (学法考试): 参考率 = 参考/应考, 通过率 = 通过/参考."""

    name = models.CharField("考试名称", max_length=200)
    exam_on = models.DateField("考试日期", validators=[not_in_future])
    organiser = models.CharField("组织单位", max_length=100, blank=True)
    required_count = models.PositiveIntegerField("应考人数")
    sat_count = models.PositiveIntegerField("参考人数")
    passed_count = models.PositiveIntegerField("通过人数")

    class Meta:
        verbose_name = "学法考试"
        verbose_name_plural = "学法考试"
        indexes = [models.Index(fields=["township", "exam_on"])]

    def clean(self):
        if None in (self.required_count, self.sat_count, self.passed_count):
            return
        if self.sat_count > self.required_count:
            raise ValidationError({"sat_count": "参考人数不能多于应考人数"})
        if self.passed_count > self.sat_count:
            raise ValidationError({"passed_count": "通过人数不能多于参考人数"})


class LegalVolunteer(LedgerRecord):
    """A member of the village 普法 backbone: 法律明白人, 政法委员, 义务法治宣传员."""

    name = EncryptedCharField("姓名", max_length=64)
    name_bidx = BlindIndexField(source="name", kind="name")
    role = models.CharField("身份", max_length=16, choices=VolunteerRole.choices)
    trained_on = models.DateField("培训日期", null=True, blank=True, validators=[not_in_future])
    phone = EncryptedCharField("联系电话", max_length=20, blank=True, validators=[validate_phone])
    phone_bidx = BlindIndexField(source="phone", kind="phone")

    class Meta:
        verbose_name = "法律明白人"
        verbose_name_plural = "法律明白人"
        indexes = [models.Index(fields=["township", "trained_on"])]

    def clean(self):
        # The shared record form does not normalise record-level personal fields (child forms do).
        self.phone = normalize_phone(self.phone) if self.phone else ""
        if self.township_id and not self.village_id:
            raise ValidationError({"village": "请选择所在村/社区"})


class PublicityFund(LedgerRecord):
    """Money for 普法 work in a year (普法经费), in 万元."""

    year = models.PositiveIntegerField("经费年度", validators=YEAR_VALIDATORS)
    allocated_on = models.DateField("拨付日期", validators=[not_in_future])
    amount = models.DecimalField(
        "金额（万元）",
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0, "金额不能为负数")],
    )
    purpose = models.CharField("用途", max_length=200)

    class Meta:
        verbose_name = "普法经费"
        verbose_name_plural = "普法经费"
        indexes = [models.Index(fields=["township", "allocated_on"])]


class ModelVillage(LedgerRecord):
    """A 民主法治示范村 title held by a village, with its review status."""

    level = models.CharField("命名级别", max_length=16, choices=TitleLevel.choices)
    awarded_on = models.DateField("命名日期", validators=[not_in_future])
    year_awarded = models.PositiveIntegerField("命名年度", null=True, blank=True, editable=False)
    document = models.CharField("命名文件", max_length=200, blank=True, help_text="发文机关及文号")
    review_status = models.CharField(
        "复核状态", max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.VALID, editable=False
    )
    reviewed_on = models.DateField("复核日期", null=True, blank=True, validators=[not_in_future])
    review_note = models.CharField("复核情况", max_length=500, blank=True)

    class Meta:
        verbose_name = "民主法治示范村"
        verbose_name_plural = "民主法治示范村"
        indexes = [models.Index(fields=["township", "awarded_on"])]

    def clean(self):
        if self.awarded_on:
            self.year_awarded = self.awarded_on.year
        if self.township_id and not self.village_id:
            raise ValidationError({"village": "请选择村/社区"})
        if self.reviewed_on and self.awarded_on and self.reviewed_on < self.awarded_on:
            raise ValidationError({"reviewed_on": "复核日期不能早于命名日期"})
