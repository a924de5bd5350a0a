from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fazhi.core"
    verbose_name = "公共"

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from .blanklabel import use_chinese_empty_label

        use_chinese_empty_label()

        # Each ledger app declares its ledgers in <app>/ledger.py and its legal clocks in <app>/clocks.py.
        autodiscover_modules("ledger", "clocks")
