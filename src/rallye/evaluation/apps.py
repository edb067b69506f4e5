from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "rallye.evaluation"
    verbose_name = "Évaluation et suivi"

    def ready(self) -> None:
        from rallye.evaluation import stored

        stored.connect()
