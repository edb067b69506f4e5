from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "rallye.messaging"
    verbose_name = "Messages envoyés"
