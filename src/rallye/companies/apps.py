from django.apps import AppConfig


class CompaniesConfig(AppConfig):
    name = "rallye.companies"
    verbose_name = "Annuaire des entreprises"
