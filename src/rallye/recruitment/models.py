"""Recruiting a rally's participants through prescribers.

A structure keeps its prescriber organisations (France Travail agencies, missions locales, Cap
emploi, the département's insertion service, SIAE, CCAS…; les emplois de l'inclusion's kinds of
prescriber as the vocabulary) with their contacts, and the members of its steering committee.
For a rally: the prescribers taking part (each with a private link, ``links.Purpose.PROPOSALS``),
the candidates they propose with the person's consent, each accepted (the person becomes a
participant) or declined with a reason; the steering committee's meetings with short minutes;
the information sessions with their invitations and attendance.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from rallye.domain.statuses import CHOICES as STATUS_CHOICES
from rallye.organisations.models import Structure
from rallye.organisations.scoping import StructureScoped
from rallye.rallies.models import Gender, Participant, Rally, RallyPart


class PrescriberKind(models.TextChoices):
    """The kinds of prescriber organisation of les emplois de l'inclusion (their codes), the
    ones rallies meet most."""

    FT = "FT", "France Travail (agence)"
    ML = "ML", "Mission locale"
    CAP_EMPLOI = "CAP_EMPLOI", "Cap emploi"
    DEPT = "DEPT", "Service insertion du département"
    SIAE = "SIAE", "Structure d'insertion par l'activité économique (SIAE)"
    CCAS = "CCAS", "CCAS ou CIAS (action sociale de la commune)"
    PLIE = "PLIE", "PLIE (plan local pour l'insertion et l'emploi)"
    CHRS = "CHRS", "CHRS (hébergement et réinsertion sociale)"
    SPIP = "SPIP", "SPIP (insertion et probation)"
    E2C = "E2C", "École de la deuxième chance"
    OTHER = "AUTRE", "Autre"


class Prescriber(StructureScoped):
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="prescribers")
    name = models.CharField("nom", max_length=200, help_text="ex. France Travail Annecy Nord")
    kind = models.CharField("type", max_length=12, choices=PrescriberKind.choices)
    address = models.CharField("adresse", max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "prescripteur"
        ordering = ("name",)
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("structure", "name"), name="prescriber_name_unique_in_structure")
        ]

    def __str__(self) -> str:
        return self.name


class PrescriberContact(StructureScoped):
    structure_path: ClassVar[str] = "prescriber__structure"
    prescriber = models.ForeignKey(Prescriber, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField("nom", max_length=200)
    role = models.CharField("fonction", max_length=120, blank=True, help_text="ex. conseillère emploi")
    email = models.EmailField("e-mail", blank=True)
    phone = models.CharField("téléphone", max_length=40, blank=True)

    class Meta:
        verbose_name = "contact d'un prescripteur"
        ordering = ("name",)

    def __str__(self) -> str:
        return f"{self.name} ({self.prescriber})"


class RallyPrescriber(RallyPart):
    """A prescriber taking part in a rally's recruitment: the target of its private link."""

    rally = models.ForeignKey(Rally, on_delete=models.CASCADE, related_name="prescribers")
    prescriber = models.ForeignKey(Prescriber, on_delete=models.CASCADE, related_name="rallies")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "prescripteur du rallye"
        ordering = ("prescriber__name",)
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("rally", "prescriber"), name="one_rally_prescriber")
        ]

    def __str__(self) -> str:
        return str(self.prescriber)


class ProposalState(models.TextChoices):
    PROPOSED = "proposed", "à examiner"
    ACCEPTED = "accepted", "acceptée"
    DECLINED = "declined", "déclinée"


class Proposal(RallyPart):
    """A candidate proposed by a prescriber, with the person's consent."""

    rally = models.ForeignKey(Rally, on_delete=models.CASCADE, related_name="proposals")
    prescriber = models.ForeignKey(RallyPrescriber, on_delete=models.CASCADE, related_name="proposals")
    first_name = models.CharField("prénom", max_length=100)
    last_name = models.CharField("nom", max_length=100)
    gender = models.CharField("genre", max_length=1, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField("année de naissance")
    phone = models.CharField("téléphone", max_length=40, blank=True)
    email = models.EmailField("e-mail", blank=True)
    status_category = models.CharField("statut", max_length=12, choices=STATUS_CHOICES)
    rsa_beneficiary = models.BooleanField("bénéficiaire du RSA", default=False)
    needs = models.TextField("besoins", blank=True, max_length=1000)
    consent = models.BooleanField("la personne est d'accord", default=False)
    proposed_by = models.CharField("proposé par", max_length=200, blank=True)
    created_at = models.DateTimeField("proposé le", auto_now_add=True)
    state = models.CharField("état", max_length=10, choices=ProposalState.choices, default=ProposalState.PROPOSED)
    reason = models.CharField("raison", max_length=300, blank=True)
    decided_at = models.DateTimeField("décidé le", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals"
    )

    class Meta:
        verbose_name = "proposition de candidat"
        ordering = ("created_at", "pk")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class CommitteeMember(StructureScoped):
    """A member of the structure's steering committee with the prescribers."""

    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="committee_members")
    name = models.CharField("nom", max_length=200)
    organisation = models.CharField("organisme", max_length=200, blank=True)
    email = models.EmailField("e-mail", blank=True)

    class Meta:
        verbose_name = "membre du comité de pilotage"
        ordering = ("name",)

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


class CommitteeMeeting(RallyPart):
    rally = models.ForeignKey(Rally, on_delete=models.CASCADE, related_name="committee_meetings")
    date = models.DateField("date")
    attendees = models.ManyToManyField(CommitteeMember, blank=True, related_name="meetings", verbose_name="présents")
    minutes = models.TextField("compte rendu court", blank=True, max_length=4000)

    class Meta:
        verbose_name = "réunion du comité de pilotage"
        ordering = ("date", "pk")


class InfoSession(RallyPart):
    """An information session (« information collective ») where candidates discover the rally."""

    rally = models.ForeignKey(Rally, on_delete=models.CASCADE, related_name="info_sessions")
    date = models.DateField("date")
    start = models.TimeField("heure")
    place = models.CharField("lieu", max_length=300)

    class Meta:
        verbose_name = "information collective"
        ordering = ("date", "start")


class InfoInvitation(StructureScoped):
    structure_path: ClassVar[str] = "session__rally__structure"
    session = models.ForeignKey(InfoSession, on_delete=models.CASCADE, related_name="invitations")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="invitations")
    attended = models.BooleanField("présent", null=True, blank=True)
    """``None`` until the session has taken place and attendance is ticked."""

    class Meta:
        verbose_name = "invitation à une information collective"
        ordering = ("proposal__last_name", "proposal__first_name")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("session", "proposal"), name="one_invitation_per_session")
        ]
