"""Questionnaire links as a person and as staff meet them: the link opens and is answered once;
a link whose rally's evaluation is over, a deactivated link, an unknown link and a link opened
too often each get a plain page that changes nothing and names nobody; staff see whether a link
was opened and until when it works, and deactivate one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rallye.domain import french
from rallye.domain.questionnaires import Phase
from rallye.evaluation.models import Questionnaire
from rallye.evaluation.services import prepare_questionnaires
from rallye.links.models import PrivateLink
from rallye.links.throttle import PER_TOKEN
from rallye.rallies.models import Rally
from tests.www.evaluation.helpers import HELD_LAST_DAY, end_rally_days_ago, end_rally_on, token_of, words
from tests.www.evaluation.test_questionnaire_pages import ANSWERS
from tests.www.rallies.helpers import text

pytestmark = pytest.mark.django_db


def _before(rally: Rally, code: str = "P01") -> Questionnaire:
    prepare_questionnaires(rally)
    found: Questionnaire = Questionnaire.objects.select_related("participant").get(
        rally=rally, phase=Phase.BEFORE, participant__code=code
    )
    return found


def _url(questionnaire: Questionnaire) -> str:
    return reverse("evaluation:fill", kwargs={"token": token_of(questionnaire)})


def _names_nobody(response: object, questionnaire: Questionnaire, rally: Rally) -> None:
    page = words(response)
    person = questionnaire.participant
    assert person is not None
    for private in (person.first_name, person.last_name, rally.name, "MIFE"):
        assert private not in page


def test_a_link_opens_is_answered_once_and_staff_see_it_was_opened(coordinator: Client, annecy: Rally) -> None:
    questionnaire = _before(annecy)
    phone = Client()
    assert phone.get(_url(questionnaire)).status_code == 200
    assert phone.post(_url(questionnaire), ANSWERS).status_code == 302
    assert "Merci !" in words(phone.get(_url(questionnaire)))
    assert phone.post(_url(questionnaire), ANSWERS).status_code == 409  # filled once
    link = PrivateLink.objects.get(questionnaire=questionnaire)
    assert link.open_count == 4 and link.last_opened_at is not None
    other = _before(annecy, "P02")
    Client().get(_url(other))
    listing = words(coordinator.get(reverse("evaluation:questionnaires", args=[annecy.pk])))
    today = french.date(timezone.localdate())
    # Annecy ends on 19 March 2027: follow-up due on 19 September, links valid one month more.
    assert f"lien ouvert 1 fois, la dernière le {today} · valable jusqu'au 19 octobre 2027" in listing
    assert "lien jamais ouvert · valable jusqu'au 19 octobre 2027" in listing


def test_a_link_past_its_rally_evaluation_has_expired(coordinator: Client, annecy: Rally) -> None:
    questionnaire = _before(annecy)
    end_rally_on(annecy, HELD_LAST_DAY)  # 19 March 2026: valid until 19 October 2026, long past
    response = Client().get(_url(questionnaire))
    assert response.status_code == 410
    assert "Lien expiré" in words(response) and "la période pendant laquelle il servait est terminée" in words(response)
    _names_nobody(response, questionnaire, annecy)
    refused = Client().post(_url(questionnaire), ANSWERS)
    assert refused.status_code == 410
    questionnaire.refresh_from_db()
    assert questionnaire.answers is None
    listing = coordinator.get(reverse("evaluation:questionnaires", args=[annecy.pk]))
    assert "lien expiré le 20 octobre 2026" in words(listing)
    assert token_of(questionnaire) not in text(listing)  # a dead link is not handed out
    # Staff can still enter the answers given on paper.
    assert reverse("evaluation:entry", args=[annecy.pk, questionnaire.pk]) in text(listing)


def test_a_link_works_some_seven_months_after_its_rally_then_expires(annecy: Rally) -> None:
    questionnaire = _before(annecy)
    # Ended 200 days ago: its follow-up fell due about 17 days ago, the link works a month more…
    end_rally_days_ago(annecy, 200)
    assert Client().get(_url(questionnaire)).status_code == 200
    # …and closed once a whole year has passed.
    end_rally_days_ago(annecy, 365)
    assert Client().get(_url(questionnaire)).status_code == 410


def test_staff_deactivate_a_link_and_it_opens_nothing(coordinator: Client, annecy: Rally) -> None:
    questionnaire = _before(annecy)
    listing_url = reverse("evaluation:questionnaires", args=[annecy.pk])
    revoke_url = reverse("evaluation:revoke_link", args=[annecy.pk, questionnaire.pk])
    assert f'action="{revoke_url}"' in text(coordinator.get(listing_url))
    response = coordinator.post(revoke_url)
    assert response.status_code == 302
    person = questionnaire.participant
    assert person is not None
    listing = coordinator.get(response["Location"])
    assert f"Le lien de {person.first_name} {person.last_name} ({person.code}) est désactivé" in words(listing)
    today = french.date(timezone.localdate())
    assert f"lien désactivé le {today}, par Coordination MIFE de Haute-Savoie" in words(listing)
    assert token_of(questionnaire) not in text(listing) and f'action="{revoke_url}"' not in text(listing)
    page = Client().get(_url(questionnaire))
    assert page.status_code == 410 and "Lien désactivé" in words(page)
    _names_nobody(page, questionnaire, annecy)
    assert Client().post(_url(questionnaire), ANSWERS).status_code == 410
    questionnaire.refresh_from_db()
    assert questionnaire.answers is None
    again = coordinator.post(revoke_url, follow=True)
    assert "était déjà désactivé : rien n'a changé" in words(again)


def test_only_editors_of_the_structure_deactivate_links(
    reader: Client, other_coordinator: Client, evaluator: Client, annecy: Rally
) -> None:
    questionnaire = _before(annecy)
    revoke_url = reverse("evaluation:revoke_link", args=[annecy.pk, questionnaire.pk])
    assert f'action="{revoke_url}"' not in text(reader.get(reverse("evaluation:questionnaires", args=[annecy.pk])))
    assert reader.post(revoke_url).status_code == 403
    assert other_coordinator.post(revoke_url).status_code == 404
    assert evaluator.post(revoke_url).status_code == 404
    assert Client().post(revoke_url).status_code == 302  # to the login page
    assert not PrivateLink.objects.filter(revoked_at__isnull=False).exists()
    assert Client().get(_url(questionnaire)).status_code == 200


def test_an_unknown_link_says_so_plainly(annecy: Rally) -> None:
    _before(annecy)
    response = Client().get(reverse("evaluation:fill", kwargs={"token": "x" * 43}))
    assert response.status_code == 404
    assert "Lien introuvable" in words(response) and "Vérifiez qu'il a été copié en entier" in words(response)
    assert annecy.name not in words(response)


def test_a_link_opened_too_often_waits(annecy: Rally) -> None:
    questionnaire = _before(annecy)
    phone = Client()
    for _ in range(PER_TOKEN.requests):
        assert phone.get(_url(questionnaire)).status_code == 200
    response = phone.post(_url(questionnaire), ANSWERS)
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    assert "Trop de tentatives" in words(response) and "Attendez une dizaine de minutes" in words(response)
    _names_nobody(response, questionnaire, annecy)
    questionnaire.refresh_from_db()
    assert questionnaire.answers is None


def test_a_link_sent_before_the_move_keeps_working(annecy: Rally) -> None:
    """Links sent before private links existed had 32 characters; they still open."""
    questionnaire = _before(annecy)
    PrivateLink.objects.filter(questionnaire=questionnaire).update(token="A" * 32)
    response = Client().get(reverse("evaluation:fill", kwargs={"token": "A" * 32}))
    assert response.status_code == 200 and "Questionnaire avant le rallye" in words(response)


def test_the_link_of_an_erased_person_is_unknown(annecy: Rally) -> None:
    questionnaire = _before(annecy)
    assert questionnaire.participant is not None
    questionnaire.participant.anonymised_at = timezone.now() - dt.timedelta(days=1)
    questionnaire.participant.save()
    response = Client().get(_url(questionnaire))
    assert response.status_code == 404 and "Lien introuvable" in words(response)


def test_a_deactivated_link_is_replaced_by_a_new_one(coordinator: Client, annecy: Rally) -> None:
    """Sent to the wrong person, deactivated, then sent again to the right one: a new link
    opens the questionnaire, the old one stays deactivated."""
    questionnaire = _before(annecy)
    old_url = _url(questionnaire)
    coordinator.post(reverse("evaluation:revoke_link", args=[annecy.pk, questionnaire.pk]))
    listing_url = reverse("evaluation:questionnaires", args=[annecy.pk])
    reissue_url = reverse("evaluation:reissue_link", args=[annecy.pk, questionnaire.pk])
    assert f'action="{reissue_url}"' in text(coordinator.get(listing_url))

    listing = coordinator.post(reissue_url, follow=True)
    person = questionnaire.participant
    assert person is not None
    assert f"Nouveau lien prêt pour {person.first_name} {person.last_name} ({person.code})" in words(listing)
    new_url = _url(questionnaire)
    assert new_url != old_url and new_url in text(listing)  # handed out on the page, with its QR code
    assert Client().get(old_url).status_code == 410
    assert Client().get(new_url).status_code == 200
    assert Client().post(new_url, ANSWERS).status_code in (200, 302)
    questionnaire.refresh_from_db()
    assert questionnaire.answers is not None
    # Filled: no new link any more.
    refused = coordinator.post(reissue_url, follow=True)
    assert "n'attend plus de réponse : pas de nouveau lien" in words(refused)


def test_a_working_link_is_not_replaced(coordinator: Client, annecy: Rally) -> None:
    questionnaire = _before(annecy)
    before = _url(questionnaire)
    page = coordinator.post(reverse("evaluation:reissue_link", args=[annecy.pk, questionnaire.pk]), follow=True)
    assert "fonctionne toujours : rien n'a changé" in words(page)
    assert _url(questionnaire) == before


def test_only_editors_create_new_links(reader: Client, other_coordinator: Client, annecy: Rally) -> None:
    questionnaire = _before(annecy)
    url = reverse("evaluation:reissue_link", args=[annecy.pk, questionnaire.pk])
    assert reader.post(url).status_code == 403
    assert other_coordinator.post(url).status_code == 404
