from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "fazhi.reports"
    verbose_name = "年度报告"
    default_auto_field = "django.db.models.BigAutoField"
