from django.apps import AppConfig
from django.db.models.signals import post_migrate


class MetricsConfig(AppConfig):
    name = "fazhi.metrics"
    verbose_name = "统计口径"

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from . import stamps

        autodiscover_modules("metrics")  # each ledger app declares its figures in <app>/metrics.py
        # After every migrate: a SQLite table rebuild drops a table's triggers, and new ledgers need theirs.
        post_migrate.connect(stamps.install_after_migrate, sender=self)
