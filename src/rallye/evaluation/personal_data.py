"""Personal data of the people in rallies: everything held on each person (the operator's full
export, the answer to a person's access request), erasure on request, and the purge once the
retention period is over.

Anonymising a participant removes what identifies them: first name (« Anonyme »), last name
(replaced by their code, since the rally file requires one), phone, e-mail, their free-text
answers and the follow-up comment. It keeps every attribute the reports count (gender, birth
year, diploma, status, RSA, prescriber, presence, outcome, scale and choice answers), so that
no figure of any report changes. The rally's history (``rallye.history``) forgets them too: its
entries about the person say « Anonyme » instead of their name and contact details.

Retention: a structure keeps personal data ``Structure.retention_months`` months after the
six-month follow-up date of the rally (its last day + 6 months), that day included; the purge
anonymises from the next day. It also clears the contact person (name, phone, e-mail) of the
rally's companies and the free-text answers of their feedback; company names stay.

The company directory's contacts have their own rules (``rallye.evaluation.directory_data``);
the purge applies them too.

Every export, erasure and purge writes one ``PersonalDataLog`` row (one per structure for the
purge); its detail names a rally number, a participant code, a pseudonym or a file, never a
person.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from rallye.domain import french
from rallye.domain.outcomes import Outcome, add_months
from rallye.domain.questionnaires import FREE_TEXT_KEYS, Answers, Phase, Question, questions
from rallye.evaluation.data_log import log_action
from rallye.evaluation.dataset import GENDERS, Cell, csv_bytes, yes_no
from rallye.evaluation.directory_data import DirectoryRetention, directory_due, purge_directory_entry
from rallye.evaluation.models import DataAction, FollowUp, Questionnaire
from rallye.evaluation.pseudonyms import pseudonym
from rallye.evaluation.records import RallyDates, rally_dates
from rallye.field.models import VisitMade
from rallye.history.services import anonymise_person, anonymise_rally
from rallye.messaging.models import Channel, Message, State
from rallye.plans.reading import planned_rally
from rallye.rallies.models import Company, Participant, Rally, Vehicle
from rallye.recruitment.models import Proposal

ANONYMOUS_FIRST_NAME = "Anonyme"
ANONYMOUS_ACCOMPANIER = "Accompagnateur anonymisé"


def describe(participant: Participant) -> str:
    """How the journal designates a person: rally number, code and pseudonym, no name."""
    return (
        f"rallye n° {participant.rally_id}, participant {participant.code} ({pseudonym('participant', participant.pk)})"
    )


# -- what is held on each person ------------------------------------------------------------
PHASE_PREFIXES = {Phase.BEFORE: "Avant", Phase.AFTER: "Après"}
RALLY_HEADERS = ("Structure", "Rallye", "Premier jour", "Dernier jour", "Équipe")
IDENTITY_HEADERS = (
    "Identifiant",
    "Prénom",
    "Nom",
    "Genre",
    "Année de naissance",
    "Niveau de diplôme",
    "Secteur d'origine",
    "Statut",
    "Prescripteur",
    "Bénéficiaire du RSA",
    "Téléphone",
    "E-mail",
    "Adresse",
    "Consentement au traitement des données",
    "Attestation de responsabilité civile",
    "Présent",
    "Anonymisé le",
)
PSEUDONYM_HEADER = "Pseudonyme (évaluation)"
FOLLOW_UP_HEADERS = ("Situation à 6 mois", "Suivi renseigné le", "Commentaire du suivi")


def _answer_headers(phase: Phase) -> tuple[str, ...]:
    prefix = PHASE_PREFIXES[phase]
    return (f"{prefix} : rempli le", *(f"{prefix} : {q.text}" for q in questions(phase)))


PEOPLE_HEADERS = (
    *RALLY_HEADERS,
    *IDENTITY_HEADERS,
    PSEUDONYM_HEADER,
    *_answer_headers(Phase.BEFORE),
    *_answer_headers(Phase.AFTER),
    *FOLLOW_UP_HEADERS,
)
"""The columns of the full export, one row per participant."""


def _date(day: dt.date | dt.datetime | None) -> str:
    if day is None:
        return ""
    if isinstance(day, dt.datetime):
        day = timezone.localtime(day).date()
    return f"{day:%d/%m/%Y}"


@dataclass(frozen=True)
class _RallyFacts:
    """What a person's row repeats from their rally (read once per rally)."""

    dates: RallyDates
    teams: dict[str, str]
    """Participant code → team name in the current plan."""


def _rally_facts(rally: Rally) -> _RallyFacts:
    plan = planned_rally(rally).plan
    teams = {member: team.name for team in plan.teams for member in team.members} if plan is not None else {}
    return _RallyFacts(rally_dates(rally), teams)


def _identity(p: Participant) -> tuple[Cell, ...]:
    return (
        p.code,
        p.first_name,
        p.last_name,
        GENDERS.get(p.gender, p.gender),
        p.birth_year,
        p.diploma_level,
        p.background_sector,
        p.category.label if p.category else p.status,
        p.prescriber,
        yes_no(p.rsa_beneficiary),
        p.phone,
        p.email,
        p.address,
        yes_no(p.consent),
        yes_no(p.liability_attested or bool(p.liability_document)),
        yes_no(p.present),
        _date(p.anonymised_at),
    )


def _answer_text(question: Question, answers: Answers | None) -> str:
    """The answer as the person chose or wrote it; empty when not answered."""
    if answers is None or question.key not in answers:
        return ""
    return question.label_of(answers[question.key])


def _questionnaires(p: Participant) -> dict[str, Questionnaire]:
    return {q.phase: q for q in p.questionnaires.all()}


def _follow_up(p: Participant) -> FollowUp | None:
    try:
        return p.follow_up
    except FollowUp.DoesNotExist:
        return None


def _outcome_label(follow_up: FollowUp | None) -> str:
    return Outcome(follow_up.outcome).label if follow_up is not None else ""


def _person_row(p: Participant, facts: _RallyFacts) -> dict[str, Cell]:
    filled = _questionnaires(p)
    answers: list[Cell] = []
    for phase in PHASE_PREFIXES:
        questionnaire = filled.get(phase)
        submitted = questionnaire.submitted_at if questionnaire is not None else None
        given = questionnaire.answers if questionnaire is not None else None
        answers += [_date(submitted), *(_answer_text(q, given) for q in questions(phase))]
    follow_up = _follow_up(p)
    values = (
        p.rally.structure.name,
        p.rally.name,
        _date(facts.dates.first_day),
        _date(facts.dates.last_day),
        facts.teams.get(p.code, ""),
        *_identity(p),
        pseudonym("participant", p.pk),
        *answers,
        _outcome_label(follow_up),
        _date(follow_up.recorded_on) if follow_up is not None else "",
        follow_up.comment if follow_up is not None else "",
    )
    return dict(zip(PEOPLE_HEADERS, values, strict=True))


def people_rows(participants: Iterable[Participant]) -> list[dict[str, Cell]]:
    """Everything held on each person (``PEOPLE_HEADERS``), free texts and contacts included."""
    facts: dict[int, _RallyFacts] = {}
    rows = []
    for p in participants:
        if p.rally_id not in facts:
            facts[p.rally_id] = _rally_facts(p.rally)
        rows.append(_person_row(p, facts[p.rally_id]))
    return rows


def all_participants() -> QuerySet[Participant]:
    return (
        Participant.objects.select_related("rally__structure", "follow_up")
        .prefetch_related("questionnaires")
        .order_by("rally__structure__name", "rally_id", "code")
    )


def _write_private(path: Path, content: bytes) -> None:
    """Write a file of identifying data readable by its owner only (mode 600)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as target:
        target.write(content)
    path.chmod(0o600)  # a file that existed before keeps its mode otherwise


def export_people(path: Path, *, user: Any = None) -> int:
    """Write every participant of the database to ``path`` (CSV, as French Excel opens it) and
    log it; the number of people written."""
    rows = people_rows(all_participants())
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_private(path, csv_bytes(PEOPLE_HEADERS, [list(row.values()) for row in rows]))
    log_action(DataAction.PEOPLE_EXPORT, user=user, people=len(rows), detail=f"rallye export people : {path.name}")
    return len(rows)


def person_data(participant: Participant, now: dt.datetime | None = None) -> dict[str, Any]:
    """Everything held on one person, to answer their access request (French keys)."""
    facts = _rally_facts(participant.rally)
    questionnaires = []
    for questionnaire in Questionnaire.objects.filter(participant=participant).order_by("phase"):
        phase = Phase(questionnaire.phase)
        questionnaires.append(
            {
                "questionnaire": phase.label,
                "rempli le": _date(questionnaire.submitted_at) or None,
                "réponses": {
                    q.text: _answer_text(q, questionnaire.answers)
                    for q in questions(phase)
                    if _answer_text(q, questionnaire.answers)
                },
            }
        )
    follow_up = FollowUp.objects.filter(participant=participant).first()
    sent = [
        {
            "le": _date(message.created_at),
            "par": Channel(message.channel).label,
            "à": message.recipient,
            "objet": message.subject or message.body[:80],
            "état": State(message.state).label,
            "envoyé par": (message.created_by.get_full_name() or message.created_by.email)
            if message.created_by
            else "",
        }
        for message in Message.objects.filter(participant=participant)
        .select_related("created_by")
        .order_by("created_at")
    ]
    return {
        "exporté le": _date(now or timezone.now()),
        "structure": participant.rally.structure.name,
        "rallye": {
            "nom": participant.rally.name,
            "premier jour": _date(facts.dates.first_day),
            "dernier jour": _date(facts.dates.last_day),
            "équipe": facts.teams.get(participant.code, ""),
        },
        "personne": dict(zip(IDENTITY_HEADERS, _identity(participant), strict=True)),
        "pseudonyme dans les données d'évaluation": pseudonym("participant", participant.pk),
        "questionnaires": questionnaires,
        "suivi à 6 mois": (
            {
                "situation": _outcome_label(follow_up),
                "renseigné le": _date(follow_up.recorded_on),
                "commentaire": follow_up.comment,
            }
            if follow_up is not None
            else None
        ),
        "messages reçus": sent,
    }


def person_json(participant: Participant) -> str:
    return json.dumps(person_data(participant), ensure_ascii=False, indent=2) + "\n"


def export_person(participant: Participant, user: Any) -> dict[str, Any]:
    """Everything held on the person (``person_data``), the export logged."""
    data = person_data(participant)
    log_action(
        DataAction.PERSON_EXPORT,
        user=user,
        structure=participant.rally.structure,
        people=1,
        detail=describe(participant),
    )
    return data


# -- anonymisation --------------------------------------------------------------------------
def _without_free_text(answers: Answers) -> dict[str, int | str]:
    return {key: value for key, value in answers.items() if key not in FREE_TEXT_KEYS}


def _strip_free_text(questionnaires: Iterable[Questionnaire]) -> None:
    for questionnaire in questionnaires:
        if questionnaire.answers and FREE_TEXT_KEYS & questionnaire.answers.keys():
            questionnaire.answers = _without_free_text(questionnaire.answers)
            questionnaire.save(update_fields=["answers"])


@transaction.atomic
def anonymise(participant: Participant, now: dt.datetime | None = None) -> None:
    """Remove what identifies the person; keep what the reports count."""
    participant.first_name = ANONYMOUS_FIRST_NAME
    participant.last_name = participant.code
    participant.phone = ""
    participant.email = ""
    participant.address = ""
    if participant.liability_document:
        participant.liability_document.delete(save=False)
    participant.anonymised_at = now or timezone.now()
    participant.save(
        update_fields=["first_name", "last_name", "phone", "email", "address", "liability_document", "anonymised_at"]
    )
    _strip_free_text(Questionnaire.objects.filter(participant=participant, answers__isnull=False))
    FollowUp.objects.filter(participant=participant).update(comment="")
    Message.objects.filter(participant=participant).update(recipient="", subject="", body="")
    Proposal.objects.filter(participant=participant).update(
        first_name=ANONYMOUS_FIRST_NAME, last_name=participant.code, phone="", email="", needs="", proposed_by=""
    )
    anonymise_person(participant)


@transaction.atomic
def erase(participant: Participant, user: Any) -> None:
    """Erase a person's identifying data now, on their request (logged)."""
    anonymise(participant)
    log_action(
        DataAction.ERASURE, user=user, structure=participant.rally.structure, people=1, detail=describe(participant)
    )


# -- retention and purge --------------------------------------------------------------------
@dataclass(frozen=True)
class RallyRetention:
    """How long a rally's personal data is kept, and what is still to anonymise in it."""

    rally: Rally
    follow_up_due: dt.date
    kept_until: dt.date
    """The last day the data is kept; the purge anonymises it from the next day."""
    people: tuple[Participant, ...]
    """Participants not anonymised yet."""
    companies: tuple[Company, ...]
    """Companies whose contact person is still recorded."""
    feedback: tuple[Questionnaire, ...]
    """Company feedback holding a free-text answer."""
    vehicles: tuple[Vehicle, ...] = ()
    """Vehicles whose accompanier (name, phone, e-mail) is still recorded."""
    candidates: tuple[Proposal, ...] = ()
    """Candidates proposed by a prescriber who did not become participants (declined, or never
    examined), still named."""

    def past(self, today: dt.date) -> bool:
        return today > self.kept_until

    @property
    def pending(self) -> bool:
        return bool(self.people or self.companies or self.feedback or self.vehicles or self.candidates)

    @property
    def persons(self) -> int:
        """The people still named: participants and candidates who did not become one."""
        return len(self.people) + len(self.candidates)


def kept_until(follow_up_due: dt.date, months: int) -> dt.date:
    return add_months(follow_up_due, months)


def _has_free_text(questionnaire: Questionnaire) -> bool:
    return bool(questionnaire.answers and FREE_TEXT_KEYS & questionnaire.answers.keys())


def rally_retention(rally: Rally) -> RallyRetention | None:
    """``None`` for a rally without dates: its data has no end date yet."""
    due = rally_dates(rally).follow_up_due
    if due is None:
        return None
    companies = Company.objects.filter(rally=rally).exclude(contact_name="", contact_phone="", contact_email="")
    feedback = Questionnaire.objects.filter(rally=rally, phase=Phase.COMPANY, answers__isnull=False)
    return RallyRetention(
        rally=rally,
        follow_up_due=due,
        kept_until=kept_until(due, rally.structure.retention_months),
        people=tuple(Participant.objects.filter(rally=rally, anonymised_at__isnull=True)),
        companies=tuple(companies),
        feedback=tuple(q for q in feedback if _has_free_text(q)),
        vehicles=tuple(
            Vehicle.objects.filter(rally=rally)
            .exclude(accompanier_name="", accompanier_phone="", accompanier_email="")
            .exclude(accompanier_name=ANONYMOUS_ACCOMPANIER, accompanier_phone="", accompanier_email="")
        ),
        candidates=tuple(
            Proposal.objects.filter(rally=rally, participant__isnull=True).exclude(first_name=ANONYMOUS_FIRST_NAME)
        ),
    )


def retention_schedule(rallies: Iterable[Rally]) -> list[RallyRetention]:
    """The rallies with dates, the first to be anonymised first."""
    found = [r for rally in rallies if (r := rally_retention(rally)) is not None]
    return sorted(found, key=lambda r: (r.kept_until, r.rally.pk))


def due_for_purge(today: dt.date, rallies: Iterable[Rally] | None = None) -> list[RallyRetention]:
    """What the purge would anonymise today."""
    scope = Rally.objects.select_related("structure") if rallies is None else rallies
    return [r for r in retention_schedule(scope) if r.past(today) and r.pending]


def _purge_rally(item: RallyRetention, now: dt.datetime) -> None:
    for participant in item.people:
        anonymise(participant, now)
    anonymise_rally(item.rally)
    Company.objects.filter(pk__in=[c.pk for c in item.companies]).update(
        contact_name="", contact_phone="", contact_email=""
    )
    _strip_free_text(item.feedback)
    for vehicle in item.vehicles:  # the team still had an accompanier (charter rule K3): only who it was goes
        vehicle.accompanier_name = ANONYMOUS_ACCOMPANIER if vehicle.accompanier_name else ""
        vehicle.accompanier_phone = ""
        vehicle.accompanier_email = ""
        vehicle.save(update_fields=["accompanier_name", "accompanier_phone", "accompanier_email"])
    Proposal.objects.filter(pk__in=[p.pk for p in item.candidates]).update(
        first_name=ANONYMOUS_FIRST_NAME, last_name="", phone="", email="", needs="", proposed_by="", reason=""
    )
    _strip_visits_made(item.rally)


def _strip_visits_made(rally: Rally) -> None:
    """The day's photos (people may be seen on them) and the challenges' results (free text) go;
    the visits made, their times and scores stay (they are the evaluation's)."""
    for made in VisitMade.objects.filter(rally=rally).exclude(photo=""):
        made.photo.storage.delete(made.photo.name)
    VisitMade.objects.filter(rally=rally).update(photo="", result="")


def _purge_detail(items: Sequence[RallyRetention]) -> str:
    numbers = ", ".join(str(pk) for pk in sorted(item.rally.pk for item in items))
    companies = sum(len(item.companies) for item in items)
    return (
        f"rallye purge : durée de conservation passée, rallyes n° {numbers} ; "
        f"contacts de {french.count(companies, 'entreprise')} et accompagnateurs effacés"
    )


def _purge_directory(today: dt.date) -> None:
    """The directory's contacts past their retention (``rallye.evaluation.directory_data``), one
    journal line per structure."""
    by_structure: dict[int, list[DirectoryRetention]] = defaultdict(list)
    for entry in directory_due(today):
        by_structure[entry.company.structure_id].append(entry)
    for entries in by_structure.values():
        contacts = sum(entry.contacts for entry in entries)
        for entry in entries:
            purge_directory_entry(entry)
        numbers = ", ".join(str(entry.company.pk) for entry in entries)
        log_action(
            DataAction.PURGE,
            structure=entries[0].company.structure,
            people=contacts,
            detail=f"rallye purge : durée de conservation passée, annuaire des entreprises n° {numbers} : "
            f"{french.count(contacts, 'contact effacé', 'contacts effacés')}",
        )


@transaction.atomic
def purge(today: dt.date, dry_run: bool = False) -> list[Participant]:
    """Anonymise everything past its structure's retention period; the people anonymised (or,
    with ``dry_run``, who would be: nothing is changed nor logged)."""
    due = due_for_purge(today)
    people = [p for item in due for p in item.people]
    if dry_run:
        return people
    _purge_directory(today)
    now = timezone.now()
    by_structure: dict[int, list[RallyRetention]] = defaultdict(list)
    for item in due:
        _purge_rally(item, now)
        by_structure[item.rally.structure_id].append(item)
    for items in by_structure.values():
        log_action(
            DataAction.PURGE,
            structure=items[0].rally.structure,
            people=sum(item.persons for item in items),
            detail=_purge_detail(items),
        )
    return people
