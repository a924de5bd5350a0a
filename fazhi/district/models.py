from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords


class OverviewSettings(models.Model):
    """A district's rule for highlighting a township's figure as far from the district's."""

    district = models.OneToOneField(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="overview_settings", verbose_name="区"
    )
    rate_band = models.DecimalField(
        "比率偏离（百分点）",
        max_digits=5,
        decimal_places=1,
        default=Decimal("10"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="乡镇比率与全区比率相差超过此百分点数时标出",
    )
    count_band = models.PositiveIntegerField(
        "数量偏离（%）",
        default=50,
        validators=[MaxValueValidator(1000)],
        help_text="乡镇数量与全区中位数相差超过中位数的此百分比时标出",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "区级总览设置"
        verbose_name_plural = "区级总览设置"

    def __str__(self):
        return f"{self.district}总览设置"


class IndicatorSystem(models.Model):
    """One edition of the indicator system a district is assessed on (法治政府建设示范指标体系)."""

    name = models.CharField("名称", max_length=100)
    edition = models.CharField("版本", max_length=32, unique=True, help_text="如：2024年版")
    loaded_at = models.DateTimeField("载入时间", auto_now_add=True)
    loaded_by = models.ForeignKey(
        "orgs.User", on_delete=models.PROTECT, null=True, related_name="+", verbose_name="载入人"
    )

    class Meta:
        verbose_name = "指标体系"
        verbose_name_plural = "指标体系"
        ordering = ["-loaded_at", "-pk"]

    def __str__(self):
        return f"{self.name}（{self.edition}）"


class Indicator(models.Model):
    """An indicator of an edition: its area, scoring notes, full score and the metrics that evidence it."""

    system = models.ForeignKey(IndicatorSystem, on_delete=models.CASCADE, related_name="indicators")
    area = models.CharField("一级指标", max_length=64)
    code = models.CharField("序号", max_length=16)
    name = models.CharField("指标", max_length=200)
    scoring = models.TextField("评分说明", blank=True)
    max_score = models.DecimalField("分值", max_digits=5, decimal_places=1)
    metric_ids = models.JSONField("佐证统计口径", default=list, blank=True)
    sort_order = models.PositiveIntegerField(default=0)
    # Every edit by a district's 系统管理员 is kept (who, when, what it said before).
    history = HistoricalRecords(excluded_fields=["sort_order"])

    class Meta:
        verbose_name = "指标"
        verbose_name_plural = "指标"
        ordering = ["system", "sort_order"]
        constraints = [models.UniqueConstraint(fields=["system", "code"], name="unique_indicator_code")]

    def __str__(self):
        return f"{self.code} {self.name}"


class SelfAssessment(models.Model):
    """A district's self-score and notes on one indicator for one year, with evidence it cites."""

    district = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="assessments")
    year = models.PositiveIntegerField("年度")
    score = models.DecimalField("自评分", max_digits=5, decimal_places=1, null=True, blank=True)
    notes = models.TextField("自评说明", blank=True)
    evidence = models.TextField("其他佐证材料", blank=True, help_text="文件名称、文号或网址，每行一项")
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    updated_by = models.ForeignKey("orgs.User", on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = "指标自评"
        verbose_name_plural = "指标自评"
        constraints = [
            models.UniqueConstraint(fields=["district", "indicator", "year"], name="unique_self_assessment")
        ]

    def __str__(self):
        return f"{self.indicator}（{self.year}年自评）"
