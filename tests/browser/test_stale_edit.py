"""Two people edit the same participant in two browsers: the second save is refused, the page
shows the current values next to what was typed, and the history says who changed what."""

from __future__ import annotations

from typing import Any

import pytest

from rallye.demo import DEMO_PASSWORD, load_demo
from rallye.organisations.models import Membership, Role, Structure, User
from rallye.rallies.models import Participant, Rally
from tests.browser.test_network_journey import log_in

pytestmark = pytest.mark.django_db(transaction=True)
COLLEAGUE = "collegue@mife74.test"


def signed_in(page: Any, email: str) -> None:
    log_in(page, email)
    page.wait_for_url(lambda address: "/connexion/" not in address)


def test_second_save_of_a_participant_is_refused_with_the_current_values(
    page: Any, browser: Any, live_server: Any
) -> None:
    load_demo()
    mife = Structure.objects.get(name="MIFE de Haute-Savoie")
    colleague = User.objects.create_user(COLLEAGUE, DEMO_PASSWORD, first_name="Inès", last_name="Roux")
    Membership.objects.create(user=colleague, federation=mife.federation, structure=mife, role=Role.MEMBER)
    rally = Rally.objects.get(name="Rallye pour l'emploi — Annecy, mars 2027")
    person = Participant.objects.filter(rally=rally).order_by("code")[0]
    url = f"/rallyes/{rally.pk}/participants/{person.pk}/"

    other = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport={"width": 360, "height": 800})
    second = other.new_page()
    signed_in(page, "coordination@mife74.demo")
    signed_in(second, COLLEAGUE)
    page.goto(url)
    second.goto(url)

    page.locator("#id_phone").fill("06 11 22 33 44")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(f"**/rallyes/{rally.pk}/participants/")
    second.locator("#id_phone").fill("07 99 88 77 66")
    second.get_by_role("button", name="Enregistrer").click()

    alert = second.get_by_role("alert")
    assert "Quelqu'un a modifié cette fiche pendant que vous la modifiiez" in alert.inner_text()
    assert "valeur actuelle : 06 11 22 33 44" in alert.inner_text()
    assert "votre saisie (non enregistrée) : 07 99 88 77 66" in alert.inner_text()
    assert second.locator("#id_phone").input_value() == "06 11 22 33 44"
    box = alert.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360  # the message fits a phone's width
    person.refresh_from_db()
    assert person.phone == "06 11 22 33 44"

    # Typed again over the current values, the colleague's change goes through, and the history says so.
    second.locator("#id_phone").fill("07 99 88 77 66")
    second.get_by_role("button", name="Enregistrer").click()
    second.wait_for_url(f"**/rallyes/{rally.pk}/participants/")
    second.get_by_role("link", name="Historique").click()
    entries = second.locator("ul.history > li")
    assert "Inès Roux" in entries.nth(0).inner_text()
    assert "Téléphone : 06 11 22 33 44 → 07 99 88 77 66" in entries.nth(0).inner_text()
    assert "Téléphone : " in entries.nth(1).inner_text() and "→ 06 11 22 33 44" in entries.nth(1).inner_text()
    other.close()
