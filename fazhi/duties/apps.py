from django.apps import AppConfig


class DutiesConfig(AppConfig):
    name = "fazhi.duties"
    verbose_name = "第一责任人"
