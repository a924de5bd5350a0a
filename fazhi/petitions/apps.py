from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "fazhi.petitions"
    verbose_name = "信访"

    def ready(self):
        from importlib.util import find_spec

        if find_spec("fazhi.petitions.ledger"):
            from . import ledger  # noqa: F401
