from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


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
