"""A structure's company directory, shared by its rallies, and the mobilisation log of a rally.

A directory entry (:class:`DirectoryCompany`) is one company, whatever the number of rallies it
takes part in: a rally's company row (``rallies.Company``) points to it (``directory``) and
holds a copy of what the planner needs, taken when the company is added to the rally. The
mobilisation of a company for a rally (:class:`Mobilisation`) follows it from « à contacter »
to « confirmée » (or « désistée »), with every contact made (:class:`ContactLog`). Changes to
the directory are written in :class:`DirectoryChange` with their author (the rally's own
history, ``rallye.history``, holds what changes a rally).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from rallye.domain.rally import GROUPED_VISIT
from rallye.organisations.models import Structure
from rallye.organisations.scoping import StructureScoped
from rallye.rallies.models import Company, Rally

GROUPED_VISIT_WORDS = f"{GROUPED_VISIT[0]} à {GROUPED_VISIT[1]}"


class DirectoryCompany(StructureScoped):
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="directory_companies")
    name = models.CharField("nom", max_length=200)
    siret = models.CharField("SIRET", max_length=14, blank=True)
    naf_code = models.CharField("code NAF", max_length=6, blank=True)
    sector = models.CharField("secteur d'activité", max_length=120, blank=True)
    address = models.CharField("adresse", max_length=300, blank=True)
    town = models.CharField("commune", max_length=120, blank=True)
    lat = models.FloatField("latitude", null=True, blank=True)
    lon = models.FloatField("longitude", null=True, blank=True)
    """Both empty: the company is « à localiser »."""
    hiring = models.BooleanField("recrute", default=False)
    hiring_needs = models.TextField("besoins de recrutement", blank=True)
    grouped_visits = models.BooleanField(
        f"peut accueillir une visite groupée de {GROUPED_VISIT_WORDS} personnes", default=False
    )
    accessibility = models.TextField("accessibilité du site", blank=True)
    parking = models.CharField("stationnement", max_length=300, blank=True)
    safety_shoes = models.BooleanField("chaussures de sécurité demandées", default=False)
    entrance = models.CharField("entrée, accueil", max_length=300, blank=True)
    notes = models.TextField("remarques", blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "entreprise de l'annuaire"
        verbose_name_plural = "entreprises de l'annuaire"
        ordering = ("name", "pk")
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=("structure", "siret"))]

    def __str__(self) -> str:
        return self.name

    def practical(self) -> list[tuple[str, str]]:
        """The practical information a team and its host need, as (label, text), filled ones only."""
        lines = [
            ("Accès", self.accessibility),
            ("Stationnement", self.parking),
            ("Entrée", self.entrance),
            ("Chaussures de sécurité", "à prévoir" if self.safety_shoes else ""),
        ]
        return [(label, text) for label, text in lines if text]


class CompanyContact(StructureScoped):
    structure_path: ClassVar[str] = "company__structure"
    company = models.ForeignKey(DirectoryCompany, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField("nom", max_length=200)
    role = models.CharField("fonction", max_length=120, blank=True)
    phone = models.CharField("téléphone", max_length=40, blank=True)
    email = models.EmailField("e-mail", blank=True)

    class Meta:
        verbose_name = "contact"
        ordering = ("pk",)

    def __str__(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name


class DirectoryChange(StructureScoped):
    """Who created, changed or imported a directory entry, and which fields changed."""

    structure_path: ClassVar[str] = "company__structure"
    company = models.ForeignKey(DirectoryCompany, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField("le", auto_now_add=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    author_name = models.CharField("auteur", max_length=300, blank=True)
    summary = models.CharField("résumé", max_length=500)
    changes = models.JSONField("champs modifiés", default=list)

    class Meta:
        verbose_name = "modification de l'annuaire"
        ordering = ("-at", "-pk")


class Status(models.TextChoices):
    TO_CONTACT = "to_contact", "À contacter"
    CONTACTED = "contacted", "Contactée"
    INTERESTED = "interested", "Intéressée"
    ENGAGED = "engaged", "Engagée"
    CONFIRMED = "confirmed", "Confirmée"
    WITHDRAWN = "withdrawn", "Désistée"


ENGAGED_STATUSES = (Status.ENGAGED, Status.CONFIRMED)
"""The statuses of a company that takes part in the rally."""


class Channel(models.TextChoices):
    PHONE = "phone", "Téléphone"
    MEETING = "meeting", "Rencontre"
    EMAIL = "email", "E-mail"
    MAIL = "mail", "Courrier"


class Mobilisation(StructureScoped):
    """One company of the directory approached for one rally."""

    structure_path: ClassVar[str] = "rally__structure"
    rally = models.ForeignKey(Rally, on_delete=models.CASCADE, related_name="mobilisations")
    company = models.ForeignKey(DirectoryCompany, on_delete=models.CASCADE, related_name="mobilisations")
    status = models.CharField("état", max_length=12, choices=Status.choices, default=Status.TO_CONTACT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "mobilisation"
        ordering = ("company__name", "pk")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("rally", "company"), name="mobilisation_once_per_rally")
        ]

    def __str__(self) -> str:
        return str(self.company)


class ContactLog(StructureScoped):
    """A contact made with a company during its mobilisation."""

    structure_path: ClassVar[str] = "mobilisation__rally__structure"
    mobilisation = models.ForeignKey(Mobilisation, on_delete=models.CASCADE, related_name="contacts")
    date = models.DateField("date")
    channel = models.CharField("moyen", max_length=8, choices=Channel.choices)
    who = models.CharField("qui", max_length=200, help_text="La personne jointe, ou celle de la structure.")
    note = models.TextField("note", blank=True)
    next_action = models.CharField("prochaine action", max_length=300, blank=True)
    next_date = models.DateField("date de la prochaine action", null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    author_name = models.CharField("noté par", max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "contact"
        ordering = ("-date", "-pk")


class AvailabilityAnswer(StructureScoped):
    """A company's answer through its availability link: when, by whom, what changed, and whether
    a plan was already made (the organiser then confirms the change)."""

    structure_path: ClassVar[str] = "company__rally__structure"
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="availability_answers")
    answered_at = models.DateTimeField("répondu le", auto_now_add=True)
    answered_by = models.CharField("par", max_length=200)
    changes = models.JSONField("ce qui a changé", default=list)
    after_plan = models.BooleanField("après le calcul du planning", default=False)
    seen_at = models.DateTimeField("vu par l'organisateur le", null=True, blank=True)

    class Meta:
        verbose_name = "réponse de disponibilités"
        ordering = ("-answered_at", "-pk")


class AdviceState(models.TextChoices):
    QUEUED = "queued", "en attente"
    RUNNING = "running", "en cours"
    DONE = "done", "terminé"
    FAILED = "failed", "échoué"


class PlannerAdvice(StructureScoped):
    """What one more answer from a company would bring, from the worker's what-if solves
    (``rallye.engine.advice.what_if``), for the rally's data as they were (``fingerprint``)."""

    structure_path: ClassVar[str] = "rally__structure"
    rally = models.OneToOneField(Rally, on_delete=models.CASCADE, related_name="planner_advice")
    fingerprint = models.CharField(max_length=64)
    state = models.CharField(max_length=10, choices=AdviceState.choices, default=AdviceState.QUEUED)
    lines = models.JSONField("ce qu'une réponse de plus apporterait", default=list)
    requested_at = models.DateTimeField("demandé le", auto_now=True)
    finished_at = models.DateTimeField("terminé le", null=True, blank=True)

    class Meta:
        verbose_name = "conseil du planificateur"
