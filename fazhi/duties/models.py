from django.core.exceptions import ValidationError
from django.db import models

from fazhi.core.models import LedgerRecord
from fazhi.core.validators import not_in_future  # noqa: F401 (migrations name it here)

from .choices import DutyKind, Leader


class DutyRecord(LedgerRecord):
    """A principal leader's act as first responsible person for rule of law (第一责任人履职)."""

    held_on = models.DateField("日期", validators=[not_in_future])
    leader = models.CharField("履职领导", max_length=16, choices=Leader.choices)
    # Leaders act in their official capacity and are named in the published report: not personal data.
    leader_name = models.CharField("领导姓名", max_length=32, blank=True, help_text="履职领导为“其他”时必填")
    kind = models.CharField("履职方式", max_length=16, choices=DutyKind.choices)
    summary = models.TextField("主要内容")

    class Meta:
        verbose_name = "履职记录"
        verbose_name_plural = "履职记录"
        indexes = [models.Index(fields=["township", "held_on"])]

    def clean(self):
        if self.leader == Leader.OTHER and not self.leader_name.strip():
            raise ValidationError({"leader_name": "履职领导为“其他”时，请填写领导姓名"})
