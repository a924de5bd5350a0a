from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "fazhi.web"
    verbose_name = "界面"
