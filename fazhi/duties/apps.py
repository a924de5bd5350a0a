from django.apps import AppConfig


class DutiesConfig(AppConfig):
    name = "fazhi.duties"
    verbose_name = "第一责任人"

    def ready(self):
        from importlib.util import find_spec

        if find_spec("fazhi.duties.ledger"):
            from . import ledger  # noqa: F401
