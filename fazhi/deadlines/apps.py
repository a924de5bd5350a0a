from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "fazhi.deadlines"
    verbose_name = "法定时限"

    def ready(self):
        from . import signals  # noqa: F401
