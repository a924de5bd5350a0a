"""The security settings the 安全管理员 keeps in the database (one row, every change in its history)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

AUDIT_MINIMUM_DAYS = 183  # 网络安全法第二十一条: network logs are kept for at least six months


def _between(low: int, high: int, unit: str) -> list:
    return [
        MinValueValidator(low, message=f"不能少于{low}{unit}"),
        MaxValueValidator(high, message=f"不能多于{high}{unit}"),
    ]


class SecurityPolicy(models.Model):
    """Singleton (pk 1). Absent until first saved: until then the Django settings (environment) apply."""

    lockout_failures = models.PositiveSmallIntegerField(
        "登录失败锁定次数",
        validators=_between(3, 20, "次"),
        help_text="窗口期内同一账户连续失败这么多次即锁定",
    )
    lockout_minutes = models.PositiveIntegerField(
        "锁定时长（分钟）",
        validators=_between(5, 1440, "分钟"),
        help_text="锁定后多久自动解除（安全管理员也可随时解除）",
    )
    idle_minutes = models.PositiveIntegerField("无操作自动退出（分钟）", validators=_between(5, 240, "分钟"))
    session_max_hours = models.PositiveSmallIntegerField(
        "会话最长有效（小时）",
        validators=_between(1, 24, "小时"),
        help_text="登录后无论是否操作，到时须重新登录",
    )
    password_min_length = models.PositiveSmallIntegerField(
        "密码最短长度", validators=_between(8, 64, "个字符")
    )
    password_history = models.PositiveSmallIntegerField(
        "不得与最近几次密码相同", validators=_between(1, 24, "次")
    )
    token_days = models.PositiveSmallIntegerField(
        "API令牌默认有效期（天）", validators=_between(1, 365, "天")
    )
    import_keep_days = models.PositiveSmallIntegerField(
        "导入文件保留天数",
        validators=_between(1, 90, "天"),
        help_text="上传的导入文件含完整个人信息，任务结束后到期清除",
    )
    audit_retention_days = models.PositiveIntegerField(
        "审计日志保存天数",
        validators=[
            MinValueValidator(AUDIT_MINIMUM_DAYS, message="不能少于183天（网络日志至少保存六个月）"),
            MaxValueValidator(3650, message="不能多于3650天"),
        ],
    )
    changed_at = models.DateTimeField("修改时间", auto_now=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name="修改人"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "安全设置"
        verbose_name_plural = "安全设置"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(audit_retention_days__gte=AUDIT_MINIMUM_DAYS),
                name="security_policy_audit_retention_min",
            )
        ]

    # The fields a security administrator sets, in the order the page shows them.
    FIELDS = (
        "lockout_failures",
        "lockout_minutes",
        "idle_minutes",
        "session_max_hours",
        "password_min_length",
        "password_history",
        "token_days",
        "import_keep_days",
        "audit_retention_days",
    )
