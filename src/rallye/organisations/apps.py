from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "rallye.organisations"
    verbose_name = "Organisations"
