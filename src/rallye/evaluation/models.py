"""Evaluation data of a rally: who funds it, what was reported, the fidelity scores, the
questionnaires and the six-month follow-up of each participant.

Every model is structure-scoped (``for_user``); questionnaires are also reachable, one at a
time, through their private links (``rallye.links``, ``questionnaire.links``), without an account.
"""

from __future__ import annotations

import secrets
from typing import ClassVar

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from rallye.domain.fidelity import PRINCIPLES
from rallye.domain.outcomes import OUTCOME_LABELS
from rallye.domain.questionnaires import PHASE_LABELS
from rallye.organisations.models import Structure
from rallye.organisations.scoping import StructureScoped
from rallye.rallies.models import Company, Participant, Rally


class FunderKind(models.TextChoices):
    DEPARTEMENT = "departement", "Département"
    REGION = "region", "Région"
    STATE = "state", "État (DREETS, préfecture…)"
    FRANCE_TRAVAIL = "france_travail", "France Travail"
    MUNICIPALITY = "municipality", "Commune ou intercommunalité"
    EUROPE = "europe", "Fonds européens (FSE+)"
    FOUNDATION = "foundation", "Fondation"
    COMPANY = "company", "Entreprise"
    OTHER = "other", "Autre"


class Funder(StructureScoped):
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="funders")
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type", max_length=20, choices=FunderKind.choices, default=FunderKind.OTHER)
    contact_name = models.CharField("contact", max_length=200, blank=True)
    contact_email = models.EmailField("e-mail du contact", blank=True)

    class Meta:
        verbose_name = "financeur"
        ordering = ("name",)
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("structure", "name"), name="funder_name_unique_in_structure")
        ]

    def __str__(self) -> str:
        return self.name


class FundingState(models.TextChoices):
    LEAD = "lead", "piste"
    REQUESTED = "requested", "demande envoyée"
    GRANTED = "granted", "accordé"
    REFUSED = "refused", "refusé"


class Funding(StructureScoped):
    """A funder's support of one rally, from the first contact (a lead) to the report due after
    the rally. Only granted fundings make the rally's funders in the reports."""

    structure_path: ClassVar[str] = "rally__structure"
    rally = models.ForeignKey(Rally, on_delete=models.CASCADE, related_name="fundings")
    funder = models.ForeignKey(Funder, on_delete=models.PROTECT, related_name="fundings")
    state = models.CharField("état", max_length=10, choices=FundingState.choices, default=FundingState.GRANTED)
    amount = models.DecimalField("montant accordé (€)", max_digits=10, decimal_places=2, null=True, blank=True)
    requested_on = models.DateField("demande envoyée le", null=True, blank=True)
    action_sheet_sent = models.BooleanField(
        "fiche action envoyée", default=False, help_text="les financeurs demandent une fiche action de trois pages"
    )
    documents = models.CharField("autres pièces demandées", max_length=300, blank=True)
    report_due = models.DateField("bilan à rendre avant le", null=True, blank=True)
    report_sent_on = models.DateField("bilan rendu le", null=True, blank=True)

    class Meta:
        verbose_name = "financement"
        ordering = ("funder__name",)
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("rally", "funder"), name="one_funding_per_funder_and_rally")
        ]


class RallyReporting(StructureScoped):
    """What the structure did after the rally (principles R1-R3 of the fidelity grid)."""

    structure_path: ClassVar[str] = "rally__structure"
    rally = models.OneToOneField(Rally, on_delete=models.CASCADE, related_name="reporting")
    federation_report_on = models.DateField("bilan transmis à la fédération le", null=True, blank=True)
    ansa_report_on = models.DateField("bilan transmis à l'Ansa le", null=True, blank=True)
    network_meetings = models.BooleanField("la structure participe aux rencontres du réseau", null=True, blank=True)

    class Meta:
        verbose_name = "bilan du rallye"


class FidelityScore(StructureScoped):
    """A score of the fidelity grid confirmed or changed by an evaluator (the prefill is computed)."""

    structure_path: ClassVar[str] = "rally__structure"
    rally = models.ForeignKey(Rally, on_delete=models.CASCADE, related_name="fidelity_scores")
    principle = models.CharField(
        "principe", max_length=2, choices=[(p.code, f"{p.code} — {p.text}") for p in PRINCIPLES]
    )
    score = models.PositiveSmallIntegerField("note (0 à 4)", null=True, blank=True)
    comment = models.TextField("commentaire", blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    assessed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "note de fidélité"
        ordering = ("rally", "principle")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("rally", "principle"), name="one_score_per_principle"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__lte=4), name="fidelity_score_0_to_4"
            ),
        ]


def new_token() -> str:
    """The default of the former ``Questionnaire.token``, still named by migration 0001; links
    are made by ``rallye.links.services`` now."""
    return secrets.token_urlsafe(24)


class Questionnaire(StructureScoped):
    """One questionnaire for one person (a participant before or after, or a company), reachable
    without an account through its private link (``links``, the newest is the one handed out);
    ``answers`` stays empty until it is filled."""

    structure_path: ClassVar[str] = "rally__structure"
    rally = models.ForeignKey(Rally, on_delete=models.CASCADE, related_name="questionnaires")
    phase = models.CharField("questionnaire", max_length=8, choices=list(PHASE_LABELS.items()))
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, null=True, blank=True, related_name="questionnaires"
    )
    company = models.ForeignKey(Company, on_delete=models.CASCADE, null=True, blank=True, related_name="questionnaires")
    answers = models.JSONField("réponses", null=True, blank=True)
    submitted_at = models.DateTimeField("rempli le", null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text="vide quand la personne a répondu elle-même par son lien",
    )

    class Meta:
        verbose_name = "questionnaire"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=(models.Q(phase="company", company__isnull=False, participant__isnull=True))
                | (~models.Q(phase="company") & models.Q(participant__isnull=False, company__isnull=True)),
                name="questionnaire_for_one_person",
            ),
            models.UniqueConstraint(fields=("participant", "phase"), name="one_questionnaire_per_participant_phase"),
            models.UniqueConstraint(fields=("company", "phase"), name="one_questionnaire_per_company"),
        ]

    @property
    def filled(self) -> bool:
        return self.answers is not None


class FollowUp(StructureScoped):
    """A participant's situation six months after the rally."""

    structure_path: ClassVar[str] = "participant__rally__structure"
    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="follow_up")
    outcome = models.CharField("situation à 6 mois", max_length=12, choices=list(OUTCOME_LABELS.items()))
    recorded_on = models.DateField("renseigné le")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    comment = models.TextField("commentaire", blank=True)

    class Meta:
        verbose_name = "suivi à 6 mois"


class DataAction(models.TextChoices):
    PSEUDONYMISED_EXPORT = "pseudonymised_export", "Export pseudonymisé"
    PEOPLE_EXPORT = "people_export", "Export complet des personnes"
    PERSON_EXPORT = "person_export", "Export des données d'une personne"
    ERASURE = "erasure", "Effacement des données d'une personne"
    PURGE = "purge", "Anonymisation (durée de conservation passée)"


class PersonalDataLog(models.Model):
    """Every export and erasure of personal data: who, when, what, how many people.

    Not structure-scoped on purpose: it is the operator's journal (``rallye manage`` / admin);
    ``structure`` is set when the action concerned one structure only."""

    action = models.CharField("action", max_length=24, choices=DataAction.choices)
    at = models.DateTimeField("le", auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    structure = models.ForeignKey(Structure, on_delete=models.SET_NULL, null=True, blank=True)
    people = models.PositiveIntegerField("personnes concernées", default=0)
    detail = models.CharField("détail", max_length=300, blank=True)
    """Never a person's name: a pseudonym, a file name, a command."""

    class Meta:
        verbose_name = "journal des données personnelles"
        ordering = ("-at",)


def first_generation() -> int:
    """A random start: a row made again (the database restored, a rally deleted and its id
    reused) is never mistaken for one a server process already decoded."""
    return secrets.randbelow(1 << 30)


class StoredRecord(StructureScoped):
    """A rally's pseudonymous record (``rallye.reporting.records``), kept so that the network
    pages and the reports do not rebuild it on every request (``rallye.evaluation.stored``).

    Any change of what the record is made of bumps ``generation`` and empties ``content``; a
    record built from data read before such a change is never written over it."""

    structure_path: ClassVar[str] = "rally__structure"
    rally = models.OneToOneField(Rally, on_delete=models.CASCADE, primary_key=True, related_name="+")
    generation = models.PositiveIntegerField(default=first_generation)
    built_with = models.CharField(max_length=100, blank=True)
    """What the content depends on besides the rally's data: the code's version, the pseudonym
    key, whether the rally had taken place."""
    content = models.JSONField(null=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = "fiche de rallye calculée"
