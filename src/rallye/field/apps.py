from django.apps import AppConfig


class FieldConfig(AppConfig):
    name = "rallye.field"
    verbose_name = "Le jour J sur le terrain"

    def ready(self) -> None:
        from rallye.field import signals

        signals.connect()
