from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditAction(models.TextChoices):
    LOGIN = "login", "登录"
    LOGOUT = "logout", "退出"
    LOGIN_FAILED = "login_failed", "登录失败"
    REVEAL = "reveal", "查看完整个人信息"
    EXPORT = "export", "导出"
    EXPORT_FULL = "export_full", "导出（含完整个人信息）"
    CREATE = "create", "新增"
    UPDATE = "update", "修改"
    VOID = "void", "作废"
    TRANSITION = "transition", "办理"
    ADMIN = "admin", "系统管理"
    TOKEN = "token", "API令牌"
    PASSWORD = "password", "修改密码"
    ROLE_GRANT = "role_grant", "授予角色"
    ROLE_REVOKE = "role_revoke", "移除角色"
    LOCKOUT = "lockout", "账户锁定"
    UNLOCK = "unlock", "解除锁定"
    DENIED = "denied", "拒绝访问"
    DOWNLOAD = "download", "下载附件"
    SETTINGS = "settings", "修改设置"
    OTP = "otp", "双因素认证"


class AuditEvent(models.Model):
    """One audited action, append-only. Holds identifiers only, never the personal values themselves."""

    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, verbose_name="用户"
    )
    username = models.CharField("用户名", max_length=150, blank=True)
    action = models.CharField("操作", max_length=20, choices=AuditAction.choices)
    object_type = models.CharField("对象类型", max_length=64, blank=True)
    object_id = models.CharField("对象", max_length=64, blank=True)
    object_label = models.CharField("对象编号", max_length=128, blank=True)
    detail = models.CharField("说明", max_length=500, blank=True)
    ip_address = models.GenericIPAddressField("IP地址", null=True, blank=True)
    # Tamper evidence: each row's hash covers its own fields and the hash of the row before it.
    prev_hash = models.CharField(max_length=64, blank=True, editable=False)
    row_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-at"]
        indexes = [models.Index(fields=["user", "at"]), models.Index(fields=["action", "at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()} {self.object_label}"
