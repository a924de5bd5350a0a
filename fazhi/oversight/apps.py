from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "fazhi.oversight"
    verbose_name = "监督"
