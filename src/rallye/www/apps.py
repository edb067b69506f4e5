from django.apps import AppConfig


class WwwConfig(AppConfig):
    name = "rallye.www"
    verbose_name = "Espace web"
