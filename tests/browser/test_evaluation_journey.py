"""The evaluation journey in a real browser: a coordinator prepares the questionnaires' private
links; a participant opens theirs on a phone, without an account, answers and sends it; six
months later the coordinator finds the follow-up in « Suivis à faire », records the outcomes
and sees the « solution professionnelle à 6 mois » rate. Before the rally, the « après » link
says when it opens and the follow-up when it is due."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from rallye.demo import DEMO_PASSWORD, load_demo
from rallye.domain import french
from rallye.domain.outcomes import follow_up_due
from rallye.domain.questionnaires import Phase
from rallye.evaluation.models import FollowUp, Questionnaire
from rallye.formats.load import load_rally
from rallye.organisations.models import Structure
from rallye.rallies.conversion import save_domain_rally
from rallye.rallies.models import Participant, Rally
from tests.logins import MIFE
from tests.www.evaluation.helpers import end_rally_on
from tests.www.rallies.helpers import EXAMPLE_JSON

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}
NAME = "Rallye d'essai — évaluation"


def test_questionnaire_on_a_phone_then_six_month_follow_up(page: Any, browser: Any, live_server: Any) -> None:
    load_demo()
    rally = save_domain_rally(Structure.objects.get(name="MIFE de Haute-Savoie"), load_rally(EXAMPLE_JSON))
    Rally.objects.filter(pk=rally.pk).update(name=NAME)
    end_rally_on(rally, timezone.localdate() - dt.timedelta(days=190))  # the follow-up fell due a week ago
    nadia = Participant.objects.get(rally=rally, code="P01")

    # The coordinator logs in, opens the rally's evaluation and prepares the private links.
    page.goto("/connexion/")
    page.get_by_label("Adresse e-mail").fill(MIFE)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/")
    page.goto(f"/rallyes/{rally.pk}/")
    page.get_by_role("link", name="Évaluation", exact=True).click()
    page.get_by_role("link", name="Questionnaires", exact=True).click()
    page.get_by_role("button", name="Préparer les liens").click()
    expect(page.get_by_text("67 liens privés préparés.")).to_be_visible()
    link = page.get_by_label(f"Lien privé : avant le rallye, {nadia.first_name} {nadia.last_name}").input_value()
    assert link.startswith(live_server.url + "/q/")
    questionnaire = Questionnaire.objects.get(participant=nadia, phase=Phase.BEFORE)

    # On her phone, without an account, Nadia opens her link: her first name, not her last name.
    phone_context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport=PHONE, is_mobile=True, has_touch=True
    )
    phone = phone_context.new_page()
    try:
        phone.goto(link)
        expect(phone.get_by_role("heading", name="Questionnaire avant le rallye")).to_be_visible()
        expect(phone.get_by_text(f"Bonjour {nadia.first_name},")).to_be_visible()
        assert nadia.last_name not in phone.content()
        # She forgets one question: the page says which, and keeps what she answered.
        choose(phone, "Les entreprises sont prêtes à recruter des personnes comme moi.", "Plutôt pas d'accord")
        choose(phone, "Je connais les métiers et les entreprises de mon territoire.", "Pas du tout d'accord")
        choose(phone, "Je me sens seul(e) dans ma recherche d'emploi.", "Plutôt d'accord")
        choose(phone, "Je connais des personnes qui peuvent m'aider dans ma recherche.", "Plutôt pas d'accord")
        choose(phone, "Dans le mois qui vient, je compte surtout…", "réfléchir à mon projet")
        phone.get_by_role("button", name="Envoyer mes réponses").tap()
        confidence = phone.get_by_role("group", name="Je me sens capable de me présenter à un employeur.")
        expect(confidence.get_by_text("Merci de choisir une réponse.")).to_be_visible()
        expect(phone.get_by_role("radio", name="réfléchir à mon projet")).to_be_checked()
        confidence.get_by_text("Plutôt d'accord", exact=True).tap()
        phone.get_by_label("Voulez-vous ajouter quelque chose ?").fill("J'ai hâte de visiter les entreprises.")
        phone.get_by_role("button", name="Envoyer mes réponses").tap()
        expect(phone.get_by_role("heading", name="Merci !")).to_be_visible()
        # The page fits the phone's width: nothing to scroll sideways.
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        phone_context.close()
    questionnaire.refresh_from_db()
    assert questionnaire.answers is not None and questionnaire.answers["confidence"] == 3
    assert questionnaire.entered_by is None

    page.reload()
    expect(page.get_by_text(re.compile(r"rempli le .+, par la personne")).first).to_be_visible()

    # Six months later: « Suivis à faire » leads to the rally's follow-up.
    page.get_by_role("link", name="Suivis à faire").click()
    due = page.get_by_role("region", name=NAME)
    expect(due.get_by_text("en retard")).to_be_visible()
    due.get_by_role("link", name="Renseigner le suivi de ce rallye").click()
    page.wait_for_url(re.compile(rf"/rallyes/{rally.pk}/suivi/$"))
    outcomes = {"P01": "CDI", "P02": "Formation qualifiante", "P03": "Sans solution", "P04": "Perdu de vue"}
    for code, label in outcomes.items():
        person = Participant.objects.get(rally=rally, code=code)
        page.get_by_label(f"Situation à 6 mois de {person.first_name} {person.last_name}").select_option(label=label)
    page.get_by_label(f"Commentaire sur {nadia.first_name} {nadia.last_name}").fill("Embauchée après une visite")
    page.get_by_role("button", name="Enregistrer le suivi").click()
    expect(page.get_by_text("Suivi enregistré : 4 situations modifiées.")).to_be_visible()
    expect(page.get_by_role("heading", name="Solution professionnelle à 6 mois : 50 %")).to_be_visible()
    expect(page.get_by_text("Comment ce taux est calculé")).to_be_visible()
    assert FollowUp.objects.filter(participant__rally=rally).count() == 4


def test_before_the_rally_the_after_link_and_the_follow_up_say_when(page: Any, browser: Any, live_server: Any) -> None:
    load_demo()
    rally = save_domain_rally(Structure.objects.get(name="MIFE de Haute-Savoie"), load_rally(EXAMPLE_JSON))
    last_day = timezone.localdate() + dt.timedelta(days=12)
    end_rally_on(rally, last_day)
    nadia = Participant.objects.get(rally=rally, code="P01")

    page.goto("/connexion/")
    page.get_by_label("Adresse e-mail").fill(MIFE)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/")
    page.goto(f"/rallyes/{rally.pk}/evaluation/")
    page.get_by_role("link", name="Questionnaires", exact=True).click()
    page.get_by_role("button", name="Préparer les liens").click()
    after_link = page.get_by_label(f"Lien privé : après le rallye, {nadia.first_name} {nadia.last_name}").input_value()
    expect(page.get_by_text(f"s'ouvre le {french.date(last_day)}, dernier jour du rallye").first).to_be_visible()

    # Nadia opens her « après » link too early: the page tells her when, and has nothing to send.
    phone_context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport=PHONE, is_mobile=True, has_touch=True
    )
    phone = phone_context.new_page()
    try:
        phone.goto(after_link)
        expect(
            phone.get_by_text(f"Ce questionnaire s'ouvrira à la fin du rallye, le {french.date(last_day)}.")
        ).to_be_visible()
        expect(phone.get_by_role("button", name="Envoyer mes réponses")).to_have_count(0)
    finally:
        phone_context.close()

    # The follow-up tab says when it is due, with no table to fill yet.
    page.get_by_role("link", name="Suivi à 6 mois", exact=True).click()
    due = french.date(follow_up_due(last_day))
    expect(page.get_by_text(f"le suivi à 6 mois se fera à partir du {due}")).to_be_visible()
    expect(page.get_by_role("button", name="Enregistrer le suivi")).to_have_count(0)
    assert not Questionnaire.objects.filter(rally=rally, answers__isnull=False).exists()


def choose(phone: Any, question: str, answer: str) -> None:
    """Tap an answer of one question, as a thumb would (the whole label is the target)."""
    phone.get_by_role("group", name=question).get_by_text(answer, exact=True).tap()
