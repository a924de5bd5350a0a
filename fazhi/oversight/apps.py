from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "fazhi.oversight"
    verbose_name = "监督"

    def ready(self):
        from importlib.util import find_spec

        if find_spec("fazhi.oversight.ledger"):
            from . import ledger  # noqa: F401
