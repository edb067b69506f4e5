"""Once a person's data is erased, nothing brings it back: not a workbook imported again, not the
participant form, not a questionnaire typed by staff, not a follow-up comment."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from rallye.domain.outcomes import Outcome
from rallye.evaluation.models import FollowUp, Questionnaire
from rallye.evaluation.personal_data import erase
from rallye.evaluation.services import FollowUpEntry, record_follow_ups
from rallye.organisations.models import User
from rallye.rallies.conversion import save_domain_rally, to_domain
from rallye.rallies.models import Participant
from tests.evaluation.people import FIRST_NAME, LAST_NAME, PHONE, Season
from tests.logins import MIFE, logged_in


def erased(season: Season) -> Participant:
    person = Participant.objects.get(rally=season.rally, first_name=FIRST_NAME)
    erase(person, User.objects.get(email=MIFE))
    person.refresh_from_db()
    assert person.first_name == "Anonyme" and person.anonymised_at is not None
    return person


def test_importing_the_rally_again_keeps_the_person_anonymous(season: Season) -> None:
    data = to_domain(season.rally)
    person = Participant.objects.get(rally=season.rally, first_name=FIRST_NAME)
    erase(person, User.objects.get(email=MIFE))  # the workbook still holds her name
    save_domain_rally(season.rally.structure, data, season.rally)
    person.refresh_from_db()
    assert (person.first_name, person.last_name) == ("Anonyme", person.code)


def test_the_participant_form_cannot_type_the_identity_again(season: Season) -> None:
    person = erased(season)
    client = logged_in(MIFE)
    url = reverse("rallies:participant_edit", args=[season.rally.pk, person.pk])
    page = client.get(url).content.decode()
    assert "Effacé à la demande de la personne" in page
    form = {
        "code": person.code,
        "first_name": FIRST_NAME,
        "last_name": LAST_NAME,
        "gender": person.gender,
        "birth_year": person.birth_year,
        "phone": PHONE,
        "email": "retour@exemple.fr",
        "present": "on",
    }
    assert client.post(url, form).status_code == 302
    person.refresh_from_db()
    assert (person.first_name, person.last_name, person.phone, person.email) == ("Anonyme", person.code, "", "")


def test_staff_cannot_type_answers_for_an_erased_person(season: Season) -> None:
    person = erased(season)
    questionnaire = Questionnaire.objects.filter(participant=person).first()
    assert questionnaire is not None
    url = reverse("evaluation:entry", args=[season.rally.pk, questionnaire.pk])
    assert logged_in(MIFE).get(url).status_code == 404


def test_a_follow_up_comment_is_not_kept_for_an_erased_person(season: Season) -> None:
    person = erased(season)
    user = User.objects.get(email=MIFE)
    entry = FollowUpEntry(Outcome.CDI, f"Rappeler {FIRST_NAME} au {PHONE}")
    record_follow_ups(season.rally, {person.pk: entry}, user, dt.date(2027, 9, 20))
    follow_up = FollowUp.objects.get(participant=person)
    assert (follow_up.outcome, follow_up.comment) == ("cdi", "")
