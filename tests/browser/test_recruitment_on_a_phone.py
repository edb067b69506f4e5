"""On a phone (360 px), an organiser adds a prescriber to a rally and makes its private link; the
prescriber, without an account, proposes a candidate (refused until the person's consent is
ticked); the organiser accepts the candidate, who becomes a participant. Every page fits the
screen and axe finds no serious or critical problem."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rallye.demo import load_demo
from rallye.rallies.models import Participant, Rally
from rallye.recruitment.models import Proposal
from tests.browser.test_companies_on_a_phone import WIDTH, check_page
from tests.browser.test_network_journey import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_prescriber_proposes_a_candidate_and_the_organiser_accepts_on_a_phone(
    page: Any, browser: Any, live_server: Any, tmp_path: Path, settings: Any
) -> None:
    settings.DATA_DIR = tmp_path
    load_demo()
    rally = Rally.objects.get(name="Rallye pour l'emploi — Annecy, mars 2027")
    page.set_viewport_size({"width": WIDTH, "height": 800})
    log_in(page, "coordination@mife74.demo")

    page.goto(f"/rallyes/{rally.pk}/")
    page.get_by_role("link", name="Recrutement", exact=True).click()
    page.wait_for_url(f"**/rallyes/{rally.pk}/recrutement/")
    check_page(page)
    page.get_by_text("Nouveau prescripteur").click()
    page.get_by_label("Nom du prescripteur").fill("Mission locale du Genevois")
    page.get_by_label("Type").select_option("ML")
    page.locator("#id_contact_name").fill("Samir Haddad")
    page.get_by_label("E-mail du contact").fill("samir.haddad@example.fr")
    page.get_by_role("button", name="Ajouter le prescripteur").click()
    page.get_by_text("prend part au recrutement du rallye").wait_for()
    page.get_by_role("button", name="Faire le lien privé").click()
    link = page.get_by_label("Lien privé à transmettre").input_value()
    check_page(page)

    prescriber = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport={"width": WIDTH, "height": 800})
    phone = prescriber.new_page()
    phone.goto(link)
    check_page(phone)
    phone.locator("#id_first_name").fill("Inès")
    phone.locator("#id_last_name").fill("Moreau")
    phone.get_by_label("Genre").select_option("F")
    phone.get_by_label("Année de naissance").fill("2004")
    phone.locator("#id_phone").fill("06 98 76 54 32")
    phone.get_by_label("Situation de la personne").select_option("JEUNE")
    phone.get_by_role("button", name="Envoyer la candidature").click()
    phone.get_by_text("la proposition ne peut pas être envoyée").wait_for()
    check_page(phone)
    assert not Proposal.objects.exists()
    phone.get_by_label("La personne est d'accord").check()
    phone.get_by_role("button", name="Envoyer la candidature").click()
    phone.get_by_text("La candidature de Inès Moreau est envoyée").wait_for()
    check_page(phone)

    page.reload()
    page.get_by_text("Inès Moreau").first.wait_for()
    check_page(page)
    page.get_by_role("button", name="Accepter").click()
    page.get_by_text("est participant du rallye").wait_for()
    person = Participant.objects.get(rally=rally, first_name="Inès", last_name="Moreau")
    assert person.status_category == "JEUNE" and person.phone == "06 98 76 54 32" and person.consent

    phone.reload()
    phone.get_by_text("acceptée").wait_for()
    check_page(phone)
    prescriber.close()
