from django.apps import AppConfig


class PreparationConfig(AppConfig):
    name = "rallye.preparation"
    verbose_name = "Préparation des rallyes (rétroplanning)"
