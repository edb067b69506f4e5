"""The organiser's main journey in a real browser, for each demo coordinator: log in, create a
rally, import the example workbook, launch planning, see the board and the map, tick two
absences, re-plan, export."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from rallye.demo import DEMO_PASSWORD, load_demo
from rallye.plans.models import PlanState, PlanVersion
from rallye.rallies.models import Rally

pytestmark = pytest.mark.django_db(transaction=True)
EXAMPLES = Path(__file__).parent.parent.parent / "examples"


@pytest.mark.parametrize(
    ("email", "example", "first_day"),
    [
        ("coordination@mife74.demo", "annecy-2027", "2027-03-16"),
        ("coordination@ti38.demo", "voiron-2027", "2027-05-18"),
    ],
)
def test_organiser_journey(page: Any, email: str, example: str, first_day: str, tmp_path: Path) -> None:
    load_demo()
    # Log in.
    page.goto("/connexion/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/")

    # Create a rally (the programme's usual rows only need their dates).
    page.goto("/rallyes/nouveau/")
    page.get_by_label("Nom du rallye").fill("Rallye d'essai dans le navigateur")
    page.get_by_label("Latitude du lieu de rendez-vous").fill("45,9")
    page.get_by_label("Longitude du lieu de rendez-vous").fill("6,12")
    for index in range(3):
        page.locator(f"#id_sessions-{index}-date").fill(first_day if index < 2 else _next_day(first_day))
    page.get_by_role("button", name="Créer le rallye").click()
    page.wait_for_url(re.compile(r"/rallyes/\d+/$"))
    rally = Rally.objects.get(name="Rallye d'essai dans le navigateur")

    # Import the example workbook into it: preview first, then confirm.
    page.goto(f"/rallyes/{rally.pk}/importer/")
    page.locator("input[type=file]").set_input_files(str(EXAMPLES / example / "rally.xlsx"))
    page.get_by_role("button", name="Voir l'aperçu").click()
    page.get_by_role("button", name="Remplacer le contenu du rallye").click()
    page.wait_for_url(re.compile(rf"/rallyes/{rally.pk}/$"))
    rally.refresh_from_db()
    assert rally.participants.count() >= 24

    # Launch planning, then see the board and the map.
    page.get_by_role("link", name="Planning", exact=True).click()
    page.get_by_role("button", name="Calculer le planning").click()
    page.wait_for_url(re.compile(r"/planning/versions/1/$"))
    version = PlanVersion.objects.get(rally=rally, number=1)
    assert version.state == PlanState.SUCCEEDED, version.message
    page.reload()
    expect(page.get_by_role("heading", name="Tableau des visites")).to_be_visible()
    assert page.locator(".board-grid td.visit").count() >= 24
    assert page.locator("#plan-map.leaflet-container").count() == 1
    assert page.locator("#plan-map path.leaflet-interactive").count() >= 4

    # On the day: two absences, re-plan, see what changed.
    page.get_by_role("link", name="Le jour J : absences et désistements").click()
    people = page.locator("input[name=absent]")
    people.nth(0).check()
    people.nth(1).check()
    page.get_by_role("button", name="Refaire le planning").click()
    page.wait_for_url(re.compile(r"/planning/versions/2/$"))
    replanned = PlanVersion.objects.get(rally=rally, number=2)
    assert replanned.state == PlanState.SUCCEEDED and replanned.is_current, replanned.message
    page.reload()
    expect(page.get_by_text("Changements par rapport au planning précédent")).to_be_visible()

    # Export the rally.
    page.goto(f"/rallyes/{rally.pk}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le fichier rally.json").click()
    target = tmp_path / "export.json"
    download.value.save_as(target)
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert exported["format"] == "rallye/1"
    assert len(exported["participants"]) == rally.participants.count()


def _next_day(day: str) -> str:
    import datetime as dt

    return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()
