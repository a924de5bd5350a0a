from django.apps import AppConfig


class SecurityPolicyConfig(AppConfig):
    name = "fazhi.securitypolicy"
    verbose_name = "安全设置"
