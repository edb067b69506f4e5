from django.apps import AppConfig


class LinksConfig(AppConfig):
    name = "rallye.links"
    verbose_name = "Liens privés"
