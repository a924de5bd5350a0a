from django.apps import AppConfig


class LegalserviceConfig(AppConfig):
    name = "fazhi.legalservice"
    verbose_name = "公共法律服务"
