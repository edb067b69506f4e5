from django.apps import AppConfig


class RalliesConfig(AppConfig):
    name = "rallye.rallies"
    verbose_name = "Rallyes"
