"""A rally of a structure and everything the planner needs about it (format ``rallye/1``).

The fields mirror the rally file; ``rallye.rallies.conversion`` turns a rally into the domain's
``Rally`` (through the same validator as files) and back, so the web, the workbook and the
command line always agree.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from rallye.domain.rally import VisitsPerTeam
from rallye.organisations.models import Structure
from rallye.organisations.scoping import StructureScoped
from rallye.rallies.storage import rally_files


class Rally(StructureScoped):
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="rallies")
    name = models.CharField("nom du rallye", max_length=200)
    organiser = models.CharField("organisateur", max_length=200, blank=True)
    base_name = models.CharField("lieu de rendez-vous", max_length=200, default="Lieu de rendez-vous")
    base_address = models.CharField("adresse du lieu de rendez-vous", max_length=300, blank=True)
    base_lat = models.FloatField("latitude du lieu de rendez-vous")
    base_lon = models.FloatField("longitude du lieu de rendez-vous")
    visit_minutes = models.PositiveSmallIntegerField("durée d'une visite (min)", default=60)
    visits_min = models.PositiveSmallIntegerField("visites par équipe, au moins", default=VisitsPerTeam().min)
    visits_max = models.PositiveSmallIntegerField("visites par équipe, au plus", default=VisitsPerTeam().max)
    speed_kmh = models.FloatField("vitesse moyenne (km/h)", default=40.0)
    detour = models.FloatField("coefficient de détour", default=1.3)
    min_travel_minutes = models.PositiveSmallIntegerField("trajet minimum (min)", default=5)
    logo = models.FileField("logo", upload_to="logos/", storage=rally_files, max_length=300, blank=True)
    revision = models.PositiveIntegerField(default=0, editable=False)
    """Bumped by every save through a form: a form saved over a newer revision is refused."""
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "rallye"
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return self.name


class RallyPart(StructureScoped):
    """Base of the data that belongs to one rally."""

    structure_path: ClassVar[str] = "rally__structure"
    rally = models.ForeignKey(Rally, on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True


class SessionKind(models.TextChoices):
    ICEBREAKER = "icebreaker", "Temps d'accueil (brise-glace)"
    VISITS = "visits", "Visites d'entreprises"
    FEEDBACK = "feedback", "Retours d'expérience"
    CLOSING = "closing", "Temps de clôture"


class Session(RallyPart):
    rally = models.ForeignKey(Rally, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField("type", max_length=12, choices=SessionKind.choices)
    date = models.DateField("date")
    start = models.TimeField("début")
    end = models.TimeField("fin")
    lunch_start = models.TimeField("début du déjeuner", null=True, blank=True)
    lunch_end = models.TimeField("fin du déjeuner", null=True, blank=True)

    class Meta:
        verbose_name = "session"
        ordering = ("date", "start")


class Company(RallyPart):
    rally = models.ForeignKey(Rally, on_delete=models.CASCADE, related_name="companies")
    code = models.CharField("identifiant", max_length=20)
    name = models.CharField("nom", max_length=200)
    siret = models.CharField("SIRET", max_length=14, blank=True)
    sector = models.CharField("secteur d'activité", max_length=120)
    address = models.CharField("adresse", max_length=300, blank=True)
    lat = models.FloatField("latitude", null=True, blank=True)
    lon = models.FloatField("longitude", null=True, blank=True)
    """Both empty: the company is « à localiser » (its address waits for the geocoder); the
    planner refuses the rally until it has coordinates."""
    capacity = models.PositiveSmallIntegerField("personnes accueillies en même temps")
    hiring = models.BooleanField("recrute", default=False)
    visit_minutes = models.PositiveSmallIntegerField("durée de visite (min)", null=True, blank=True)
    max_visits = models.PositiveSmallIntegerField("visites au plus", null=True, blank=True)
    contact_name = models.CharField("contact", max_length=200, blank=True)
    contact_phone = models.CharField("téléphone du contact", max_length=40, blank=True)
    contact_email = models.EmailField("e-mail du contact", blank=True)
    directory = models.ForeignKey(
        "companies.DirectoryCompany",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rally_companies",
        verbose_name="entreprise de l'annuaire",
    )
    """The structure's directory entry this row was taken from (its practical information, its
    history of rallies); ``None`` for a company typed or imported into the rally only."""
    revision = models.PositiveIntegerField(default=0, editable=False)
    """Bumped by every save through a form: a form saved over a newer revision is refused."""

    class Meta:
        verbose_name = "entreprise"
        ordering = ("code",)
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("rally", "code"), name="company_code_unique_in_rally")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Availability(StructureScoped):
    structure_path: ClassVar[str] = "company__rally__structure"
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="availabilities")
    date = models.DateField("date")
    start = models.TimeField("début")
    end = models.TimeField("fin")

    class Meta:
        verbose_name = "disponibilité"
        ordering = ("date", "start")


class Gender(models.TextChoices):
    F = "F", "Femme"
    M = "M", "Homme"
    X = "X", "Autre"


class PrescriberKind(models.TextChoices):
    FRANCE_TRAVAIL = "France Travail", "France Travail"
    CAP_EMPLOI = "Cap emploi", "Cap emploi"
    MISSION_LOCALE = "Mission locale", "Mission locale"
    DEPARTEMENT = "Département", "Département"
    PLIE = "PLIE", "PLIE"
    SIAE = "SIAE", "SIAE"
    OTHER = "Autre", "Autre"


class Participant(RallyPart):
    rally = models.ForeignKey(Rally, on_delete=models.CASCADE, related_name="participants")
    code = models.CharField("identifiant", max_length=20)
    first_name = models.CharField("prénom", max_length=100)
    last_name = models.CharField("nom", max_length=100)
    gender = models.CharField("genre", max_length=1, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField("année de naissance")
    diploma_level = models.PositiveSmallIntegerField("niveau de diplôme", null=True, blank=True)
    background_sector = models.CharField("secteur d'origine", max_length=120, blank=True)
    status = models.CharField("statut", max_length=60, blank=True)
    prescriber = models.CharField("prescripteur", max_length=60, blank=True)
    rsa_beneficiary = models.BooleanField("bénéficiaire du RSA", default=False)
    phone = models.CharField("téléphone", max_length=40, blank=True)
    email = models.EmailField("e-mail", blank=True)
    consent = models.BooleanField("consentement au traitement des données", default=False)
    contact_agreed = models.BooleanField(
        "accepte de recevoir des messages de Rallye",
        default=False,
        help_text="convocation, liens des questionnaires, rappels ; rien n'est envoyé sans cet accord",
    )
    contact_channel = models.CharField(
        "préfère être contacté par",
        max_length=5,
        choices=[("email", "e-mail"), ("sms", "SMS")],
        default="email",
    )
    contact_stopped_at = models.DateTimeField(
        "ne veut plus de messages depuis le", null=True, blank=True, help_text="lien « ne plus recevoir » d'un message"
    )
    present = models.BooleanField("présent", default=True)
    anonymised_at = models.DateTimeField(
        "anonymisé le", null=True, blank=True, help_text="nom et coordonnées effacés (durée de conservation, demande)"
    )
    revision = models.PositiveIntegerField(default=0, editable=False)
    """Bumped by every save through a form: a form saved over a newer revision is refused."""

    class Meta:
        verbose_name = "participant"
        ordering = ("code",)
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("rally", "code"), name="participant_code_unique_in_rally")
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.code})"


class Vehicle(RallyPart):
    rally = models.ForeignKey(Rally, on_delete=models.CASCADE, related_name="vehicles")
    code = models.CharField("identifiant", max_length=20)
    seats = models.PositiveSmallIntegerField("places, conducteur compris")
    label = models.CharField("libellé", max_length=100, blank=True)
    accompanier_name = models.CharField("accompagnateur", max_length=200, blank=True)
    accompanier_phone = models.CharField("téléphone de l'accompagnateur", max_length=40, blank=True)
    accompanier_email = models.EmailField("e-mail de l'accompagnateur", blank=True)
    """Where the team's link is sent when the accompanier has no phone (not part of the rally file)."""
    revision = models.PositiveIntegerField(default=0, editable=False)
    """Bumped by every save through a form: a form saved over a newer revision is refused."""

    class Meta:
        verbose_name = "véhicule"
        ordering = ("code",)
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("rally", "code"), name="vehicle_code_unique_in_rally")
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.seats} places)"


class TravelTime(RallyPart):
    """A measured travel time that replaces the estimate between two places."""

    rally = models.ForeignKey(Rally, on_delete=models.CASCADE, related_name="travel_times")
    origin = models.CharField("départ", max_length=20)
    destination = models.CharField("arrivée", max_length=20)
    minutes = models.PositiveSmallIntegerField("minutes")

    class Meta:
        verbose_name = "temps de trajet"
