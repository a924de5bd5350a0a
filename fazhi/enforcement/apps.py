from django.apps import AppConfig


class EnforcementConfig(AppConfig):
    name = "fazhi.enforcement"
    verbose_name = "行政执法"

    def ready(self):
        from importlib.util import find_spec

        if find_spec("fazhi.enforcement.ledger"):
            from . import ledger  # noqa: F401
