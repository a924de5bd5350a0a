from django.apps import AppConfig


class LegalserviceConfig(AppConfig):
    name = "fazhi.legalservice"
    verbose_name = "公共法律服务"

    def ready(self):
        from importlib.util import find_spec

        if find_spec("fazhi.legalservice.ledger"):
            from . import ledger  # noqa: F401
