from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "fazhi.metrics"
    verbose_name = "统计口径"

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("metrics")  # each ledger app declares its figures in <app>/metrics.py
