"""Questionnaires: staff prepare the private links, a person answers on a phone without an
account (once), staff can answer for someone; what looks back on the rally (« après »,
companies' feedback) waits for its last day, and only people who took part have an « après »
questionnaire; the rights of every page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rallye.domain import french
from rallye.domain.french import day_long
from rallye.domain.questionnaires import Phase
from rallye.evaluation.models import Questionnaire
from rallye.evaluation.services import prepare_questionnaires
from rallye.organisations.models import User
from rallye.rallies.models import Participant, Rally
from tests.logins import MIFE
from tests.www.evaluation.helpers import end_rally_days_ago, end_rally_on, tick_absent_on_the_day, token_of, words
from tests.www.rallies.helpers import text

pytestmark = pytest.mark.django_db

ANSWERS = {
    "companies_open": "3",
    "companies_known": "2",
    "confidence": "4",
    "isolation": "1",
    "network": "3",
    "intention": "apply",
    "comment": "Merci pour la visite de la clinique.",
}
COMPANY_ANSWERS = {"seekers_motivated": "4", "view_changed": "3", "would_hire": "maybe", "again": "yes"}


def _questionnaire(rally: Rally, code: str = "P01", phase: Phase = Phase.BEFORE) -> Questionnaire:
    prepare_questionnaires(rally)
    return Questionnaire.objects.get(rally=rally, phase=phase, participant__code=code)


def _fill_url(questionnaire: Questionnaire) -> str:
    return reverse("evaluation:fill", kwargs={"token": token_of(questionnaire)})


def test_coordinator_prepares_the_links_once(coordinator: Client, annecy: Rally) -> None:
    url = reverse("evaluation:questionnaires", args=[annecy.pk])
    page = words(coordinator.get(url))
    assert "lien pas encore préparé" in page
    response = coordinator.post(url)
    assert response.status_code == 302
    assert Questionnaire.objects.filter(rally=annecy).count() == 26 * 2 + 15
    listing = coordinator.get(response["Location"])
    assert "67 liens privés préparés." in words(listing)
    first = Questionnaire.objects.get(rally=annecy, phase=Phase.BEFORE, participant__code="P01")
    html = text(listing)
    assert f'value="http://testserver/q/{token_of(first)}/"' in html  # the full link, to copy
    assert html.count('src="data:image/svg+xml') == 67  # one QR code per link
    assert "Préparer les liens" not in html
    coordinator.post(url)
    assert "Chaque personne avait déjà ses liens : rien n'a changé." in words(coordinator.get(url))
    assert Questionnaire.objects.filter(rally=annecy).count() == 67


def test_public_link_works_without_an_account_and_names_only_the_first_name(annecy: Rally) -> None:
    questionnaire = _questionnaire(annecy)
    person = questionnaire.participant
    assert person is not None
    Participant.objects.filter(pk=person.pk).update(phone="06 11 22 33 44", email="nadia@example.fr")
    response = Client().get(_fill_url(questionnaire))
    assert response.status_code == 200
    page = words(response)
    assert f"Bonjour {person.first_name}" in page and annecy.name in page
    assert "Questionnaire avant le rallye" in page
    for private in (person.last_name, "06 11 22 33 44", "nadia@example.fr", person.code):
        assert private not in page
    html = text(response)
    assert 'type="radio" name="confidence" value="4"' in html and 'name="comment"' in html
    assert "no-store" in response["Cache-Control"]


def test_a_wrong_token_is_not_found(annecy: Rally) -> None:
    _questionnaire(annecy)
    assert Client().get(reverse("evaluation:fill", kwargs={"token": "inconnu"})).status_code == 404
    assert Client().post(reverse("evaluation:fill", kwargs={"token": "inconnu"}), ANSWERS).status_code == 404


def test_the_person_answers_then_sees_thanks_and_cannot_answer_again(annecy: Rally) -> None:
    questionnaire = _questionnaire(annecy)
    phone = Client()
    response = phone.post(_fill_url(questionnaire), ANSWERS)
    assert response.status_code == 302 and response["Location"] == _fill_url(questionnaire)
    thanks = words(phone.get(_fill_url(questionnaire)))
    assert "Merci !" in thanks and "vos réponses sont enregistrées" in thanks
    assert day_long(timezone.localdate()) in thanks
    questionnaire.refresh_from_db()
    assert questionnaire.answers == {
        **{k: int(v) for k, v in ANSWERS.items() if v.isdigit()},
        "intention": "apply",
        "comment": "Merci pour la visite de la clinique.",
    }
    assert questionnaire.entered_by is None
    again = Client().post(_fill_url(questionnaire), {**ANSWERS, "confidence": "1"})
    assert again.status_code == 409
    assert "Ce questionnaire a déjà été rempli" in words(again) and "n'ont pas été enregistrées" in words(again)
    questionnaire.refresh_from_db()
    assert questionnaire.answers is not None and questionnaire.answers["confidence"] == 4


def test_missing_and_wrong_answers_are_shown_next_to_their_question(annecy: Rally) -> None:
    questionnaire = _questionnaire(annecy)
    response = Client().post(_fill_url(questionnaire), {**ANSWERS, "confidence": "", "intention": "partir"})
    assert response.status_code == 200
    html = text(response)
    assert "Vos réponses ne sont pas encore envoyées : 2 questions à compléter ou corriger" in words(response)
    confidence = html.split('id="question-confidence"')[1].split('id="question-isolation"')[0]
    assert '<p class="error" id="problem-confidence">Merci de choisir une réponse.</p>' in confidence
    intention = html.split('id="question-intention"')[1].split('id="question-comment"')[0]
    assert "Cette réponse ne fait pas partie des choix proposés." in intention
    assert 'name="companies_open" value="3" checked' in html  # what was given stays ticked
    assert "Merci pour la visite de la clinique." in html
    questionnaire.refresh_from_db()
    assert questionnaire.answers is None


def test_a_company_gives_its_feedback(annecy: Rally) -> None:
    held = annecy
    end_rally_days_ago(held, 3)
    prepare_questionnaires(held)
    questionnaire = Questionnaire.objects.filter(rally=held, phase=Phase.COMPANY).select_related("company").first()
    assert questionnaire is not None and questionnaire.company is not None
    page = words(Client().get(_fill_url(questionnaire)))
    assert f"pour l'entreprise {questionnaire.company.name}" in page and "Retour de l'entreprise" in page
    assert "Envisagez-vous de recruter l'une des personnes rencontrées ?" in page
    assert Client().post(_fill_url(questionnaire), COMPANY_ANSWERS).status_code == 302
    questionnaire.refresh_from_db()
    assert questionnaire.answers == {"seekers_motivated": 4, "view_changed": 3, "would_hire": "maybe", "again": "yes"}


def test_an_erased_person_link_no_longer_opens(annecy: Rally) -> None:
    questionnaire = _questionnaire(annecy)
    Participant.objects.filter(questionnaires=questionnaire).update(anonymised_at=timezone.now())
    assert Client().get(_fill_url(questionnaire)).status_code == 404


def test_staff_answer_for_someone_and_the_list_says_who(coordinator: Client, held: Rally) -> None:
    questionnaire = _questionnaire(held, "P02", Phase.AFTER)
    url = reverse("evaluation:entry", args=[held.pk, questionnaire.pk])
    form = words(coordinator.get(url))
    assert "Questionnaire après le rallye" in form and questionnaire.participant is not None
    assert questionnaire.participant.last_name in form  # staff see the full name
    refused = coordinator.post(url, {**ANSWERS, "network": ""})
    assert "Rien n'est enregistré : 1 question à compléter ou corriger" in words(refused)
    response = coordinator.post(url, ANSWERS)
    assert response.status_code == 302
    questionnaire.refresh_from_db()
    assert questionnaire.entered_by == User.objects.get(email=MIFE)
    listing = words(coordinator.get(response["Location"]))
    assert f"saisi le {day_long(timezone.localdate())}, par Coordination MIFE de Haute-Savoie" in listing
    filled = words(coordinator.get(url))
    assert "Ce questionnaire est déjà rempli" in filled
    assert "envoyer des candidatures ou rencontrer des employeurs" in filled
    assert coordinator.post(url, ANSWERS).status_code == 409


# --- What waits for the rally's last day, and who has an « après » questionnaire ---------------


def _upcoming(rally: Rally) -> dt.date:
    """Move ``rally`` so that it ends in ten days; its last day."""
    last_day = timezone.localdate() + dt.timedelta(days=10)
    end_rally_on(rally, last_day)
    return last_day


def test_the_after_questionnaire_and_company_feedback_open_on_the_last_day(annecy: Rally) -> None:
    last_day = _upcoming(annecy)
    after = _questionnaire(annecy, "P01", Phase.AFTER)
    company = Questionnaire.objects.filter(rally=annecy, phase=Phase.COMPANY).first()
    assert company is not None
    opens = f"Ce questionnaire s'ouvrira à la fin du rallye, le {french.date(last_day)}."
    for questionnaire, answers in ((after, ANSWERS), (company, COMPANY_ANSWERS)):
        response = Client().get(_fill_url(questionnaire))
        assert response.status_code == 200  # not a 404: the person did nothing wrong
        assert opens in words(response) and "Envoyer mes réponses" not in words(response)
        refused = Client().post(_fill_url(questionnaire), answers)
        assert refused.status_code == 409
        assert f"{opens} Vos réponses n'ont pas été enregistrées." in words(refused)
        questionnaire.refresh_from_db()
        assert questionnaire.answers is None
    before = _questionnaire(annecy, "P01", Phase.BEFORE)
    assert Client().post(_fill_url(before), ANSWERS).status_code == 302  # « avant » stays open
    end_rally_on(annecy, timezone.localdate())  # the last day: answered at the closing
    assert "Envoyer mes réponses" in words(Client().get(_fill_url(after)))
    assert Client().post(_fill_url(after), ANSWERS).status_code == 302
    assert Client().post(_fill_url(company), COMPANY_ANSWERS).status_code == 302


def test_staff_cannot_enter_an_after_questionnaire_before_the_last_day(coordinator: Client, annecy: Rally) -> None:
    last_day = _upcoming(annecy)
    after = _questionnaire(annecy, "P02", Phase.AFTER)
    before = _questionnaire(annecy, "P02", Phase.BEFORE)
    url = reverse("evaluation:entry", args=[annecy.pk, after.pk])
    page = words(coordinator.get(url))
    assert (
        f"Ce questionnaire s'ouvrira à la fin du rallye, le {french.date(last_day)}. "
        "Vous pourrez alors saisir les réponses." in page
    )
    assert "Enregistrer les réponses" not in page
    refused = coordinator.post(url, ANSWERS)
    assert refused.status_code == 409
    assert "Ce questionnaire n'est pas ouvert : vos réponses ne sont pas enregistrées." in words(refused)
    after.refresh_from_db()
    assert after.answers is None
    listing = coordinator.get(reverse("evaluation:questionnaires", args=[annecy.pk]))
    assert f"s'ouvre le {french.date(last_day)}, dernier jour du rallye" in words(listing)
    assert f'href="{url}"' not in text(listing)  # no « Saisir les réponses » yet
    assert f'href="{reverse("evaluation:entry", args=[annecy.pk, before.pk])}"' in text(listing)


def test_people_who_did_not_take_part_get_no_after_questionnaire(coordinator: Client, annecy: Rally) -> None:
    held = annecy
    end_rally_days_ago(held, 3)
    Participant.objects.filter(rally=held, code="P05").update(present=False)
    tick_absent_on_the_day(held, "P06")
    url = reverse("evaluation:questionnaires", args=[held.pk])
    coordinator.post(url)
    assert Questionnaire.objects.filter(rally=held).count() == 26 + 24 + 15
    for code in ("P05", "P06"):
        phases = Questionnaire.objects.filter(rally=held, participant__code=code).values_list("phase", flat=True)
        assert list(phases) == [Phase.BEFORE.value]  # their « avant » link stays
    response = coordinator.get(url)
    page = words(response)
    assert page.count("n'a pas participé au rallye pas de questionnaire après le rallye") == 2
    assert "Préparer les liens" not in page  # nothing is missing: no link is due to them
    before = Questionnaire.objects.get(rally=held, participant__code="P05")
    assert token_of(before) in text(response)


def test_an_after_link_prepared_before_the_day_closes_for_someone_absent_on_the_day(
    coordinator: Client, annecy: Rally
) -> None:
    held = annecy
    end_rally_days_ago(held, 3)
    after = _questionnaire(held, "P06", Phase.AFTER)  # prepared before the rally, for everyone
    tick_absent_on_the_day(held, "P06")
    response = Client().get(_fill_url(after))
    assert response.status_code == 200
    assert "Ce questionnaire est réservé aux personnes qui ont participé au rallye." in words(response)
    assert Client().post(_fill_url(after), ANSWERS).status_code == 409
    entry = reverse("evaluation:entry", args=[held.pk, after.pk])
    assert "n'a pas participé au rallye : ce questionnaire après le rallye ne se remplit pas." in words(
        coordinator.get(entry)
    )
    assert coordinator.post(entry, ANSWERS).status_code == 409
    after.refresh_from_db()
    assert after.answers is None
    assert token_of(after) not in text(coordinator.get(reverse("evaluation:questionnaires", args=[held.pk])))


def test_the_list_says_when_the_person_answered_themselves(coordinator: Client, annecy: Rally) -> None:
    questionnaire = _questionnaire(annecy)
    Client().post(_fill_url(questionnaire), ANSWERS)
    listing = words(coordinator.get(reverse("evaluation:questionnaires", args=[annecy.pk])))
    assert f"rempli le {day_long(timezone.localdate())}, par la personne" in listing


def test_read_only_users_see_the_list_but_change_nothing(reader: Client, annecy: Rally) -> None:
    questionnaire = _questionnaire(annecy)
    url = reverse("evaluation:questionnaires", args=[annecy.pk])
    html = text(reader.get(url))
    assert "Préparer les liens" not in html and "Saisir les réponses" not in html
    assert token_of(questionnaire) not in html  # whoever holds a link may answer: no link for readers
    assert "lien privé réservé à l'équipe qui prépare le rallye" in html
    assert reader.post(url).status_code == 403
    entry = reverse("evaluation:entry", args=[annecy.pk, questionnaire.pk])
    assert reader.get(entry).status_code == 403
    assert reader.post(entry, ANSWERS).status_code == 403
    questionnaire.refresh_from_db()
    assert questionnaire.answers is None


def test_other_structures_and_evaluators_get_404(
    other_coordinator: Client, evaluator: Client, annecy: Rally, foreign: Rally
) -> None:
    questionnaire = _questionnaire(annecy)
    for client in (other_coordinator, evaluator):
        for url in (
            reverse("evaluation:questionnaires", args=[annecy.pk]),
            reverse("evaluation:results", args=[annecy.pk]),
            reverse("evaluation:entry", args=[annecy.pk, questionnaire.pk]),
        ):
            assert client.get(url).status_code == 404, url
            assert client.post(url, ANSWERS).status_code == 404, url
    # Nor through one of their own rallies: the questionnaire belongs to another rally.
    assert other_coordinator.get(reverse("evaluation:entry", args=[foreign.pk, questionnaire.pk])).status_code == 404
    assert not Questionnaire.objects.filter(rally=foreign).exists()
    questionnaire.refresh_from_db()
    assert questionnaire.answers is None
