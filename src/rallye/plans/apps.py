from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "rallye.plans"
    verbose_name = "Plannings"
