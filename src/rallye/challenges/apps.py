from django.apps import AppConfig


class ChallengesConfig(AppConfig):
    name = "rallye.challenges"
    verbose_name = "Défis et clôture"
