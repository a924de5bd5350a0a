from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "fazhi.tickets"
    verbose_name = "工单"
