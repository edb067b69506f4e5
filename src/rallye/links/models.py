"""A private link: a long random token that opens one page for one purpose and one target,
without an account, until it expires or staff revoke it.

How a link names its target: one nullable foreign key per purpose (``TARGET_FIELDS``), rather
than a generic relation (content type + object id). A foreign key keeps the database's
guarantees: the target exists, deleting it (a questionnaire, with its rally or on erasure)
deletes its links, and a page loads the link with its target in one query
(``select_related``). A check constraint says which key each purpose fills. A new purpose
(company availability, a prescriber's proposals, a team's phone page, a calendar feed) adds its
value to ``Purpose`` and its key to the model and ``TARGET_FIELDS``; the constraint follows
(a migration records it).

Links are structure data (``StructureScoped``): staff see the links of their structures only.
Opening a link by its token is deliberately not scoped: whoever holds it may open it
(``services.open_link``)."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.db import models

from rallye.accounts.models import Invitation
from rallye.evaluation.models import Questionnaire
from rallye.organisations.models import Structure
from rallye.organisations.scoping import StructureScoped
from rallye.rallies.models import Company, Participant, Rally, Vehicle


class Purpose(models.TextChoices):
    QUESTIONNAIRE = "questionnaire", "Questionnaire d'évaluation"
    INVITATION = "invitation", "Invitation à rejoindre une structure"
    STOP_MESSAGES = "stop_messages", "Ne plus recevoir de messages"
    AVAILABILITY = "availability", "Disponibilités d'une entreprise"
    CALENDAR = "calendar", "Agenda de la préparation d'un rallye"
    TEAM = "team", "Page du jour J d'une équipe"


TARGET_FIELDS: dict[Purpose, str] = {
    Purpose.QUESTIONNAIRE: "questionnaire",
    Purpose.INVITATION: "invitation",
    Purpose.STOP_MESSAGES: "participant",
    Purpose.AVAILABILITY: "company",
    Purpose.CALENDAR: "rally",
    Purpose.TEAM: "vehicle",
}
"""The foreign key that names the target of each purpose."""


def _one_target_per_purpose() -> models.Q:
    """A link fills the foreign key of its purpose (``TARGET_FIELDS``) and no other."""
    condition = models.Q()
    for purpose, field in TARGET_FIELDS.items():
        others = {f"{other}__isnull": True for other in TARGET_FIELDS.values() if other != field}
        condition |= models.Q(purpose=purpose, **{f"{field}__isnull": False}, **others)
    return condition


class PrivateLink(StructureScoped):
    token = models.CharField("jeton", max_length=64, unique=True)
    purpose = models.CharField("usage", max_length=24, choices=Purpose.choices)
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="private_links")
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, null=True, blank=True, related_name="links"
    )
    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, null=True, blank=True, related_name="links")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, null=True, blank=True, related_name="links")
    """The person of a « ne plus recevoir de messages » link."""
    company = models.ForeignKey(Company, on_delete=models.CASCADE, null=True, blank=True, related_name="links")
    """The rally's company that gives its availability through the link."""
    rally = models.ForeignKey(Rally, on_delete=models.CASCADE, null=True, blank=True, related_name="calendar_links")
    """The rally whose preparation calendar (ICS) the link serves to its staff."""
    vehicle = models.ForeignKey(Vehicle, on_delete=models.CASCADE, null=True, blank=True, related_name="links")
    """The vehicle of the team whose day the link opens (its accompanier's phone page)."""
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    expires_at = models.DateTimeField("valable jusqu'au", null=True, blank=True)
    """The first moment the link no longer opens; ``None`` while the end of its purpose is not
    known (a rally without dates)."""
    revoked_at = models.DateTimeField("désactivé le", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_opened_at = models.DateTimeField("ouvert la dernière fois le", null=True, blank=True)
    open_count = models.PositiveIntegerField("ouvertures", default=0)
    """Requests that opened the link (its page, and answers sent through it)."""

    class Meta:
        verbose_name = "lien privé"
        verbose_name_plural = "liens privés"
        ordering = ("-created_at", "-pk")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=_one_target_per_purpose(),
                name="private_link_names_the_target_of_its_purpose",
            )
        ]

    def __str__(self) -> str:
        return f"{Purpose(self.purpose).label} ({self.pk})"

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    def expired(self, now: dt.datetime) -> bool:
        return self.expires_at is not None and now >= self.expires_at
