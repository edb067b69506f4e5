"""Under the Content-Security-Policy, the pages with scripts still work in a real browser: the
map draws its routes on tiles from ``RALLYE_TILES_URL``, the programme's charter figures refresh
as one types, a private link is copied, the day's live view refreshes; the browser reports no
blocked script, style or image."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect
from pytest_django.fixtures import Settings

from rallye.demo import DEMO_PASSWORD, load_demo
from rallye.domain.rally import Rally as DomainRally
from rallye.evaluation.services import prepare_questionnaires
from rallye.organisations.models import Structure
from rallye.rallies.conversion import save_domain_rally
from rallye.rallies.models import Rally
from tests.logins import MIFE

pytestmark = pytest.mark.django_db(transaction=True)
LOCAL_TILES = "/static/www/favicon.svg?tile={z}/{x}/{y}"
"""A tile server on the test server itself: no request leaves for the internet."""


def test_scripted_pages_work_under_the_policy(
    page: Any, live_server: Any, settings: Settings, small_rally: DomainRally, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.RALLYE_TILES_URL = LOCAL_TILES
    monkeypatch.setattr("rallye.www.field.live.POLL_SECONDS", 1)
    load_demo()
    annecy = Rally.objects.get(name="Rallye pour l'emploi — Annecy, mars 2027")
    small = save_domain_rally(Structure.objects.get(name="MIFE de Haute-Savoie"), small_rally)
    prepare_questionnaires(small)
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))

    page.goto("/connexion/")
    page.get_by_label("Adresse e-mail").fill(MIFE)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/")

    # The map: routes drawn, tiles from the configured server.
    page.goto(f"/rallyes/{annecy.pk}/planning/")
    expect(page.locator("#plan-map path.leaflet-interactive").first).to_be_attached()
    expect(page.locator("#plan-map img.leaflet-tile-loaded").first).to_be_attached()
    assert page.locator("#plan-map img.leaflet-tile").first.get_attribute("src").startswith("/static/www/favicon.svg")

    # The programme: changing a time sends the form to the charter check, whose answer is shown.
    page.goto(f"/rallyes/{annecy.pk}/programme/")
    with page.expect_response(lambda response: response.url.endswith("/programme/charte/")) as checked:
        page.locator("#id_sessions-0-end").fill("23:30")
    answer = checked.value.json()
    rules = page.locator("#charter-box [data-rules] li.rule")
    expect(rules).to_have_count(len(answer["rules"]))
    expect(rules.first).to_contain_text(answer["rules"][0]["label"])

    # The private links: « Copier le lien » copies it.
    page.goto(f"/rallyes/{small.pk}/questionnaires/")
    copy = page.locator("button.copy-link").first
    expect(copy).to_have_text("Copier le lien")
    copy.click()
    expect(copy).to_have_text("Lien copié")

    # The day's live view: the teams' table is fetched again and replaced.
    page.goto(f"/rallyes/{annecy.pk}/terrain/")
    with page.expect_response(lambda response: "/terrain/direct/" in response.url):
        pass
    expect(page.locator("#field-live .field-teams li").first).to_contain_text("Équipe")

    assert [message for message in messages if "Content Security Policy" in message] == []
