from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "fazhi.decisions"
    verbose_name = "依法决策"

    def ready(self):
        from importlib.util import find_spec

        if find_spec("fazhi.decisions.ledger"):
            from . import ledger  # noqa: F401
