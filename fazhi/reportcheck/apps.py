from django.apps import AppConfig


class ReportcheckConfig(AppConfig):
    name = "fazhi.reportcheck"
    verbose_name = "报告检查"
