from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "fazhi.decisions"
    verbose_name = "依法决策"
