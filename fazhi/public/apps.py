from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "fazhi.public"
    verbose_name = "公开信息"
