"""Personal data services: the full export, a person's data, erasure, retention and the purge;
statistics stay the same after erasure and purge."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from rallye.domain.questionnaires import FREE_TEXT_KEYS, Answers
from rallye.evaluation.dataset import participants_table
from rallye.evaluation.models import DataAction, FollowUp, PersonalDataLog, Questionnaire
from rallye.evaluation.personal_data import (
    ANONYMOUS_ACCOMPANIER,
    PEOPLE_HEADERS,
    anonymise,
    due_for_purge,
    erase,
    export_people,
    people_rows,
    person_data,
    purge,
    rally_retention,
)
from rallye.evaluation.pseudonyms import pseudonym
from rallye.evaluation.records import rally_records
from rallye.organisations.models import User
from rallye.rallies.models import Company, Participant, Rally, Vehicle
from rallye.reporting.figures import season_figures
from rallye.reporting.records import RallyRecord
from tests.evaluation.people import (
    AFTER_TEXT,
    COMPANY_TEXT,
    CONTACT_EMAIL,
    CONTACT_NAME,
    CONTACT_PHONE,
    EMAIL,
    FIRST_NAME,
    FOLLOW_UP_TEXT,
    FREE_TEXT,
    LAST_NAME,
    PHONE,
    Season,
    identifying_values,
    leaks,
)

TODAY = dt.date(2030, 1, 15)
"""A day after every demo rally: their fidelity facts (taken place) stay the same."""
KEPT_UNTIL = dt.date(2029, 9, 19)
"""Annecy: last day 19 March 2027, follow-up due 19 September 2027, plus 24 months."""


def records() -> list[RallyRecord]:
    return rally_records(Rally.objects.select_related("structure"), TODAY)


def _statistical(answers: Answers | None) -> Answers | None:
    return None if answers is None else {k: v for k, v in answers.items() if k not in FREE_TEXT_KEYS}


def without_free_text(record: RallyRecord) -> RallyRecord:
    """The record as statistics read it: free texts (erased on purpose) left out."""
    people = tuple(
        dataclasses.replace(p, before=_statistical(p.before), after=_statistical(p.after)) for p in record.people
    )
    companies = tuple(dataclasses.replace(c, feedback=_statistical(c.feedback)) for c in record.companies)
    return dataclasses.replace(record, people=people, companies=companies)


def statistics() -> tuple[object, ...]:
    data = records()
    return season_figures(data), participants_table(data), [without_free_text(r) for r in data]


def test_people_rows_hold_everything_about_each_person(season: Season) -> None:
    rows = people_rows(Participant.objects.filter(pk=season.person.pk))
    assert len(rows) == 1 and list(rows[0]) == list(PEOPLE_HEADERS)
    row = rows[0]
    assert (row["Prénom"], row["Nom"], row["Téléphone"], row["E-mail"]) == (FIRST_NAME, LAST_NAME, PHONE, EMAIL)
    assert row["Année de naissance"] == 1961
    assert row["Avant : Voulez-vous ajouter quelque chose ?"] == FREE_TEXT
    assert row["Après : Je me sens seul(e) dans ma recherche d'emploi."] == "Plutôt pas d'accord"
    assert row["Situation à 6 mois"] == "CDI" and row["Commentaire du suivi"] == FOLLOW_UP_TEXT
    assert str(row["Équipe"]).startswith("Équipe")
    assert row["Pseudonyme (évaluation)"] == pseudonym("participant", season.person.pk)


def test_people_export_writes_every_person_and_is_logged(season: Season, tmp_path: Path) -> None:
    path = tmp_path / "personnes.csv"
    count = export_people(path)
    assert count == Participant.objects.count()
    text = path.read_bytes().decode("utf-8-sig")
    assert text.count("\n") == count + 1
    for value in (FIRST_NAME, LAST_NAME, PHONE, EMAIL, FREE_TEXT, AFTER_TEXT, FOLLOW_UP_TEXT, "1961"):
        assert value in text
    log = PersonalDataLog.objects.get()
    assert (log.action, log.people, log.user) == (DataAction.PEOPLE_EXPORT, count, None)
    assert log.detail == "rallye export people : personnes.csv"


def test_person_data_holds_answers_and_outcome(season: Season) -> None:
    data = json.loads(json.dumps(person_data(season.person)))
    assert data["personne"]["Prénom"] == FIRST_NAME and data["personne"]["Téléphone"] == PHONE
    assert data["rallye"]["premier jour"] == "16/03/2027"
    phases = {q["questionnaire"]: q["réponses"] for q in data["questionnaires"]}
    before = phases["Questionnaire avant le rallye"]
    assert before["Voulez-vous ajouter quelque chose ?"] == FREE_TEXT
    assert (
        before["Dans le mois qui vient, je compte surtout…"] == "envoyer des candidatures ou rencontrer des employeurs"
    )
    assert phases["Questionnaire après le rallye"]["Je me sens capable de me présenter à un employeur."] == (
        "Plutôt d'accord"
    )
    assert data["suivi à 6 mois"] == {"situation": "CDI", "renseigné le": "20/09/2027", "commentaire": FOLLOW_UP_TEXT}


def test_erasure_removes_identity_contacts_and_free_text_and_keeps_statistics(season: Season) -> None:
    before = statistics()
    user = User.objects.get(email="coordination@mife74.demo")
    erase(season.person, user)
    person = Participant.objects.get(pk=season.person.pk)
    assert (person.first_name, person.last_name, person.phone, person.email) == ("Anonyme", person.code, "", "")
    assert person.anonymised_at is not None
    assert (person.birth_year, person.gender, person.present) == (1961, "F", True)
    for questionnaire in Questionnaire.objects.filter(participant=person):
        assert questionnaire.answers is not None and not FREE_TEXT_KEYS & questionnaire.answers.keys()
        assert questionnaire.answers["companies_open"] in (2, 3)
    follow_up = FollowUp.objects.get(participant=person)
    assert (follow_up.outcome, follow_up.comment) == ("cdi", "")
    assert statistics() == before
    values = identifying_values()
    assert not {FIRST_NAME, LAST_NAME} & values.words and not {PHONE, EMAIL, FREE_TEXT, AFTER_TEXT} & values.texts
    log = PersonalDataLog.objects.get()
    assert (log.action, log.user, log.structure, log.people) == (DataAction.ERASURE, user, season.rally.structure, 1)
    assert leaks(log.detail, values) == [] and FIRST_NAME not in log.detail and person.code in log.detail


def test_retention_runs_from_the_six_month_follow_up(season: Season) -> None:
    retention = rally_retention(season.rally)
    assert retention is not None
    assert retention.follow_up_due == dt.date(2027, 9, 19)
    assert retention.kept_until == KEPT_UNTIL
    structure = season.rally.structure
    structure.retention_months = 1
    structure.save()
    shorter = rally_retention(Rally.objects.get(pk=season.rally.pk))
    assert shorter is not None and shorter.kept_until == dt.date(2027, 10, 19)


@pytest.mark.parametrize(
    ("today", "anonymised"),
    [(KEPT_UNTIL - dt.timedelta(days=1), False), (KEPT_UNTIL, False), (KEPT_UNTIL + dt.timedelta(days=1), True)],
)
def test_purge_respects_the_retention_date(season: Season, today: dt.date, anonymised: bool) -> None:
    people = purge(today)
    mine = Participant.objects.filter(rally=season.rally)
    assert ({p.pk for p in people} >= set(mine.values_list("pk", flat=True))) is anonymised
    assert mine.filter(anonymised_at__isnull=False).exists() is anonymised
    assert Company.objects.filter(rally=season.rally, contact_name=CONTACT_NAME).exists() is not anonymised


def test_dry_run_changes_nothing(season: Season) -> None:
    due = purge(KEPT_UNTIL + dt.timedelta(days=1), dry_run=True)
    assert season.person.pk in {p.pk for p in due}
    assert not Participant.objects.filter(anonymised_at__isnull=False).exists()
    assert Participant.objects.get(pk=season.person.pk).first_name == FIRST_NAME
    assert Company.objects.filter(contact_name=CONTACT_NAME).exists()
    assert not PersonalDataLog.objects.exists()


def test_purge_anonymises_people_and_company_contacts_keeps_statistics_and_logs(season: Season) -> None:
    before = statistics()
    day = KEPT_UNTIL + dt.timedelta(days=1)
    due = due_for_purge(day)
    people = purge(day)
    assert len(people) == sum(len(item.people) for item in due) > 0
    assert not Participant.objects.filter(rally=season.rally, anonymised_at__isnull=True).exists()
    contact = Company.objects.filter(rally=season.rally).values_list("contact_name", "contact_phone", "contact_email")
    assert set(contact) == {("", "", "")}
    accompaniers = Vehicle.objects.filter(rally=season.rally).values_list("accompanier_name", "accompanier_phone")
    assert set(accompaniers) == {(ANONYMOUS_ACCOMPANIER, "")}  # the team still had one (K3)
    values = identifying_values()
    for value in (CONTACT_NAME, CONTACT_PHONE, CONTACT_EMAIL, COMPANY_TEXT, FREE_TEXT, FOLLOW_UP_TEXT, PHONE):
        assert value not in values.texts
    assert Company.objects.filter(rally=season.rally).exclude(name="").count() == season.rally.companies.count()
    assert statistics() == before
    logs = PersonalDataLog.objects.filter(action=DataAction.PURGE).exclude(detail__contains="annuaire")
    mife = logs.get(structure=season.rally.structure)
    assert mife.people == Participant.objects.filter(rally__structure=season.rally.structure).count()
    numbers = mife.detail.split("rallyes n° ")[1].split(" ;")[0].split(", ")
    assert str(season.rally.pk) in numbers and "contacts de" in mife.detail
    assert leaks(mife.detail, identifying_values()) == []
    assert sum(log.people for log in logs) == len(people)
    assert purge(day) == [] and logs.count() == len({item.rally.structure_id for item in due})


def test_anonymising_twice_is_harmless(season: Season) -> None:
    anonymise(season.person)
    anonymise(Participant.objects.get(pk=season.person.pk))
    person = Participant.objects.get(pk=season.person.pk)
    assert (person.first_name, person.last_name) == ("Anonyme", person.code)


def test_purge_erases_the_days_photos_and_results_keeps_the_visits(season: Season, data_in_tmp: Path) -> None:
    from django.core.files.base import ContentFile

    from rallye.field.models import VisitMade

    vehicle, company = season.rally.vehicles.first(), season.rally.companies.first()
    assert vehicle is not None and company is not None
    made = VisitMade(
        rally=season.rally,
        vehicle=vehicle,
        company=company,
        date=dt.date(2026, 5, 12),
        planned_start=540,
        planned_end=600,
        result="Karim a interviewé la gérante",
        score=7,
    )
    made.photo.save("photo.png", ContentFile(b"\x89PNG"), save=False)
    made.save()
    path = Path(made.photo.path)
    assert path.exists()
    purge(KEPT_UNTIL + dt.timedelta(days=1))
    made.refresh_from_db()
    assert not path.exists() and not made.photo and made.result == ""
    assert made.score == 7  # the visit and its score stay: the evaluation counts them


def test_purge_anonymises_the_candidates_who_did_not_become_participants(season: Season) -> None:
    from rallye.recruitment.models import Prescriber, Proposal, ProposalState, RallyPrescriber
    from rallye.recruitment.services import decline, propose

    prescriber = Prescriber.objects.create(structure=season.rally.structure, name="Mission locale", kind="ML")
    row = RallyPrescriber.objects.create(rally=season.rally, prescriber=prescriber)
    person = {"gender": "F", "birth_year": 2003, "status_category": "JEUNE", "consent": True}
    declined = propose(row, first_name="Inès", last_name="Moreau", phone="0698765432", needs="Pas de permis", **person)
    decline(declined, None, "Déjà en formation en mars")
    waiting = propose(row, first_name="Lina", last_name="Roux", email="lina.roux@example.fr", **person)
    day = KEPT_UNTIL + dt.timedelta(days=1)
    item = rally_retention(season.rally)
    assert item is not None and {p.pk for p in item.candidates} == {declined.pk, waiting.pk}
    assert item.persons == len(item.people) + 2
    assert purge(day, dry_run=True) and Proposal.objects.filter(last_name="Moreau").exists()  # nothing changed
    purge(day)
    for proposal in Proposal.objects.filter(pk__in=[declined.pk, waiting.pk]):
        assert (proposal.first_name, proposal.last_name, proposal.phone, proposal.email) == ("Anonyme", "", "", "")
        assert proposal.needs == proposal.reason == ""
        assert proposal.status_category == "JEUNE"  # what the figures count stays
    assert Proposal.objects.get(pk=declined.pk).state == ProposalState.DECLINED
    log = PersonalDataLog.objects.exclude(detail__contains="annuaire").get(
        action=DataAction.PURGE, structure=season.rally.structure
    )
    assert log.people == Participant.objects.filter(rally__structure=season.rally.structure).count() + 2
    assert rally_retention(season.rally).candidates == ()  # type: ignore[union-attr]
