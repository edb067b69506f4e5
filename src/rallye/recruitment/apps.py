from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "rallye.recruitment"
    verbose_name = "Recrutement des participants"
