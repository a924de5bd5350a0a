from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "fazhi.tickets"
    verbose_name = "工单"

    def ready(self):
        from importlib.util import find_spec

        if find_spec("fazhi.tickets.ledger"):
            from . import ledger  # noqa: F401
