from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "rallye.history"
    verbose_name = "Historique"
