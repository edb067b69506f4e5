"""One line of a rally's history: who did what, when, to which item, and which fields changed.

Entries belong to their rally (deleted with it) and are scoped through its structure. They
record field labels and displayable values, never model objects; the personal data they may
hold (a participant's name in the item's label or values, a contact's phone…) is anonymised
with the person by ``rallye.evaluation.personal_data``.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from rallye.organisations.scoping import StructureScoped
from rallye.rallies.models import Rally


class Action(models.TextChoices):
    CREATED = "created", "Création"
    CHANGED = "changed", "Modification"
    DELETED = "deleted", "Suppression"
    IMPORTED = "imported", "Import d'un fichier"
    PLAN_REQUESTED = "plan_requested", "Calcul du planning demandé"
    PLAN_SUCCEEDED = "plan_succeeded", "Planning calculé"
    PLAN_FAILED = "plan_failed", "Échec du calcul du planning"
    MOVED = "moved", "Changement d'équipe"
    LOCKED = "locked", "Verrouillage"
    UNLOCKED = "unlocked", "Déverrouillage"
    ANSWERS_ENTERED = "answers_entered", "Réponses saisies"
    FOLLOW_UP = "follow_up", "Suivi à 6 mois"
    FUNDING = "funding", "Financement"


class ObjectKind(models.TextChoices):
    RALLY = "rally", "Rallye"
    PROGRAMME = "programme", "Programme"
    COMPANY = "company", "Entreprise"
    PARTICIPANT = "participant", "Participant"
    VEHICLE = "vehicle", "Véhicule"
    PLAN = "plan", "Planning"
    QUESTIONNAIRE = "questionnaire", "Questionnaire"
    FOLLOW_UP = "follow_up", "Suivi"
    FUNDING = "funding", "Financement"
    PREPARATION = "preparation", "Préparation"


class HistoryEntry(StructureScoped):
    structure_path: ClassVar[str] = "rally__structure"
    rally = models.ForeignKey(Rally, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField("le", auto_now_add=True, db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author_name = models.CharField("auteur", max_length=300, blank=True)
    """The author's name when they acted (kept if the account is deleted); empty: Rallye itself."""
    action = models.CharField("action", max_length=20, choices=Action.choices)
    object_kind = models.CharField("sur", max_length=20, choices=ObjectKind.choices)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    object_label = models.CharField("élément", max_length=300, blank=True)
    summary = models.CharField("détail", max_length=500, blank=True)
    changes = models.JSONField("changements", default=list, blank=True)
    """``[{"field": name, "label": French label, "before": text, "after": text}, …]``"""

    class Meta:
        verbose_name = "entrée d'historique"
        verbose_name_plural = "historique"
        ordering = ("-at", "-pk")

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.object_label}"
