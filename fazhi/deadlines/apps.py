from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "fazhi.deadlines"
    verbose_name = "法定时限"

    def ready(self):
        from fazhi.metrics import stamps

        from . import signals  # noqa: F401

        stamps.watch("deadlines.Clock", "township_id")  # the overdue figures count clocks
