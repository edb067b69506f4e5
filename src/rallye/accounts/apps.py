from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "rallye.accounts"
    verbose_name = "Comptes"
