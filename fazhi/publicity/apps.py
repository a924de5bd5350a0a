from django.apps import AppConfig


class PublicityConfig(AppConfig):
    name = "fazhi.publicity"
    verbose_name = "普法"

    def ready(self):
        from importlib.util import find_spec

        if find_spec("fazhi.publicity.ledger"):
            from . import ledger  # noqa: F401
