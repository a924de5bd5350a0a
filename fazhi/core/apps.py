from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "fazhi.core"
    verbose_name = "公共"

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from .blanklabel import use_chinese_empty_label

        use_chinese_empty_label()

        # Each ledger app declares its ledgers in <app>/ledger.py and its legal clocks in <app>/clocks.py.
        autodiscover_modules("ledger", "clocks")

        from fazhi.orgs.services import after_organisation_created

        from .categories import district_created

        after_organisation_created(district_created)
        post_migrate.connect(create_cache_tables, sender=self)


def create_cache_tables(using, **kwargs):
    """`migrate` also creates the cache tables (DatabaseCache) on their own connection, "cache"."""
    from django.conf import settings
    from django.core.management import call_command

    if using == "default" and "cache" in settings.DATABASES:
        call_command("createcachetable", database="cache", verbosity=0)
