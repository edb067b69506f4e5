"""What happened on the day, visit by visit: a team's arrival and departure at a company, the
challenge's result and score, a photo; the entries received from the accompanier's phone (one
row per idempotency key: an entry sent twice counts once); the organiser's phone for the day.

A team is named by its vehicle: the plan's team ids and names may change when the plan is
re-made, the vehicle it travels in does not (charter rule K3)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from rallye.organisations.scoping import StructureScoped
from rallye.rallies.models import Company, Rally, Vehicle
from rallye.rallies.storage import rally_files


def photo_path(instance: VisitMade, filename: str) -> str:
    """``rallies/12/photos/V1-C03-<random>.jpg``: under the rally's folder, erased with it."""
    from django.utils.crypto import get_random_string

    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"rallies/{instance.rally_id}/photos/{get_random_string(16)}.{suffix}"


class VisitMade(StructureScoped):
    """A visit of a team at a company, as it happened (one per vehicle and company)."""

    structure_path: ClassVar[str] = "rally__structure"
    rally = models.ForeignKey(Rally, on_delete=models.CASCADE, related_name="visits_made")
    vehicle = models.ForeignKey(Vehicle, on_delete=models.CASCADE, related_name="visits_made")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="visits_made")
    team_name = models.CharField("équipe", max_length=100, blank=True)
    members = models.JSONField("membres de l'équipe", default=list, blank=True)
    """Codes of the team's members when it arrived (a later re-plan may move people)."""
    date = models.DateField("date prévue")
    planned_start = models.PositiveSmallIntegerField("arrivée prévue (minutes)")
    planned_end = models.PositiveSmallIntegerField("départ prévu (minutes)")
    arrived_at = models.DateTimeField("arrivée", null=True, blank=True)
    left_at = models.DateTimeField("départ", null=True, blank=True)
    result = models.TextField("résultat du défi", blank=True)
    score = models.PositiveSmallIntegerField("points du défi", null=True, blank=True)
    photo = models.ImageField("photo", upload_to=photo_path, storage=rally_files, max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "visite faite"
        verbose_name_plural = "visites faites"
        ordering = ("date", "planned_start", "pk")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("vehicle", "company"), name="one_visit_made_per_team_and_company")
        ]

    def __str__(self) -> str:
        return f"{self.team_name or self.vehicle_id} chez {self.company_id}"


class EntryKind(models.TextChoices):
    ARRIVAL = "arrival", "arrivée"
    DEPARTURE = "departure", "départ"
    CHALLENGE = "challenge", "défi"
    PHOTO = "photo", "photo"


class FieldEntry(StructureScoped):
    """One entry received from a team's phone, by the key the phone gave it: a second sending
    of the same key (a retry after a lost connection) is recognised and changes nothing."""

    structure_path: ClassVar[str] = "rally__structure"
    rally = models.ForeignKey(Rally, on_delete=models.CASCADE, related_name="field_entries")
    key = models.CharField("clé", max_length=64)
    kind = models.CharField("saisie", max_length=12, choices=EntryKind.choices)
    visit = models.ForeignKey(VisitMade, on_delete=models.CASCADE, related_name="entries")
    entered_at = models.DateTimeField("saisie le")
    """When the accompanier entered it (on the phone, possibly offline)."""
    received_at = models.DateTimeField("reçue le", auto_now_add=True)

    class Meta:
        verbose_name = "saisie du terrain"
        verbose_name_plural = "saisies du terrain"
        ordering = ("received_at", "pk")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("rally", "key"), name="field_entry_key_unique_in_rally")
        ]


class DaySettings(StructureScoped):
    """What the teams' phones need from the organiser on the day."""

    structure_path: ClassVar[str] = "rally__structure"
    rally = models.OneToOneField(Rally, on_delete=models.CASCADE, related_name="day_settings")
    organiser_name = models.CharField("organisateur à appeler", max_length=200, blank=True)
    organiser_phone = models.CharField("téléphone de l'organisateur le jour J", max_length=40, blank=True)

    class Meta:
        verbose_name = "réglages du jour J"
