from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fazhi.core"
    verbose_name = "公共"

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        # Each ledger app declares its ledgers in <app>/ledger.py and its legal clocks in <app>/clocks.py.
        autodiscover_modules("ledger", "clocks")

        from django.db.models.signals import post_save

        from fazhi.orgs.models import Organisation

        from .categories import district_created

        post_save.connect(district_created, sender=Organisation, dispatch_uid="core.district_created")
