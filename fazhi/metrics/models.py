from django.db import models


class FigureStamp(models.Model):
    """A random token per organisation, replaced by database triggers whenever a record the figures read
    changes (`fazhi.metrics.stamps`): stored figures are kept under the token they were computed at.
    Organisation 0 stands for what every figure reads (organisations, category lists)."""

    organisation_id = models.BigIntegerField(primary_key=True)
    token = models.BigIntegerField()

    class Meta:
        verbose_name = "统计数据版本"
