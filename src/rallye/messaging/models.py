"""One message to one person: who it is for, what it says, and where its sending stands.

A message is kept once sent (« who received what, when, sent by whom »), and appears in the
person's data; its body may hold a private link or a password-reset link, which is why messages
are structure data, read by staff of their structure only. A message that belongs to no
structure (a password reset) is read by the operator only."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from rallye.evaluation.models import Questionnaire
from rallye.organisations.models import Structure
from rallye.organisations.scoping import StructureScoped
from rallye.rallies.models import Participant, Rally


class Channel(models.TextChoices):
    EMAIL = "email", "e-mail"
    SMS = "sms", "SMS"


class State(models.TextChoices):
    WAITING = "waiting", "en attente d'envoi"
    SENT = "sent", "envoyé"
    FAILED = "failed", "échec"


class Message(StructureScoped):
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, null=True, blank=True, related_name="messages")
    purpose = models.CharField("objet", max_length=40)
    """What the message is for (``rallye.accounts``: « invitation », « password_reset »…)."""
    channel = models.CharField("canal", max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    recipient = models.CharField("destinataire", max_length=254)
    subject = models.CharField("sujet", max_length=200)
    body = models.TextField("texte")
    state = models.CharField("état", max_length=10, choices=State.choices, default=State.WAITING)
    attempts = models.PositiveSmallIntegerField("essais", default=0)
    last_error = models.CharField("dernière erreur", max_length=500, blank=True)
    next_attempt_at = models.DateTimeField("prochain essai", null=True, blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, null=True, blank=True, related_name="messages"
    )
    """The participant it was sent to (part of their data: export, erasure)."""
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    """The questionnaire whose link it carries."""
    rally = models.ForeignKey(Rally, on_delete=models.CASCADE, null=True, blank=True, related_name="messages")
    """The rally it is about (convocations, reminders)."""
    attachment = models.CharField("pièce jointe", max_length=20, blank=True)
    """A document made when the message is sent (« convocation »: the participant's own, from the
    rally's current plan), so that it is never older than the message."""

    class Meta:
        verbose_name = "message"
        ordering = ("-created_at", "-pk")
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=("state", "next_attempt_at"))]

    def __str__(self) -> str:
        return f"{self.subject} → {self.recipient}"


class MessageText(StructureScoped):
    """A structure's own wording of one kind of message (``rallye.messaging.texts``); an empty
    field keeps Rallye's text."""

    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="message_texts")
    kind = models.CharField("message", max_length=40)
    email_subject = models.CharField("objet de l'e-mail", max_length=200, blank=True)
    email_body = models.TextField("texte de l'e-mail", blank=True)
    sms_body = models.TextField("texte du SMS", blank=True)
    changed_at = models.DateTimeField("modifié le", auto_now=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "texte de message"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("structure", "kind"), name="one_text_per_kind_and_structure")
        ]
