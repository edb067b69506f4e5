"""A newcomer's journey, as a person would go through it, on a phone (360 px) and on a laptop
(1366 px): a structure with nothing in it, the programme of a first rally, the example workbook
imported, the plan calculated (the example's recorded plan, see ``recorded_solves``), then the
roadbooks of every team and of one team downloaded. The map's tile server answers nothing, and
the page says so. At each step nothing scrolls sideways, and a
screenshot is kept (``tests/browser/screenshots.py``)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from rallye.demo import DEMO_PASSWORD, load_demo
from rallye.organisations.models import Federation, Membership, Role, Structure, User
from rallye.plans.models import PlanState, PlanVersion
from rallye.rallies.models import Rally
from tests.browser.screenshots import overflow, shoot

pytestmark = pytest.mark.django_db(transaction=True)
EXAMPLE = Path(__file__).parents[2] / "examples" / "annecy-2027"
NEWCOMER = "nouvelle@mission-locale.test"


def newcomer_structure() -> Structure:
    federation = Federation.objects.order_by("pk").first()
    assert federation is not None
    structure = Structure.objects.create(federation=federation, name="Mission locale du Genevois")
    user = User.objects.create_user(NEWCOMER, DEMO_PASSWORD)
    Membership.objects.create(user=user, federation=federation, structure=structure, role=Role.COORDINATOR)
    return structure


def step(page: Any, name: str, width: int) -> None:
    """The page reached fits its width (and is photographed); called once the step's page is
    there (a click that navigates is followed by a wait for the new page)."""
    page.wait_for_load_state()
    assert overflow(page) == 0, f"{name}: {overflow(page)} px too wide at {width} px"
    shoot(page, f"parcours-{name}")


@pytest.mark.parametrize("width", [360, 1366])
def test_a_newcomer_goes_from_an_empty_structure_to_roadbooks(
    page: Any, width: int, tmp_path: Path, settings: Any
) -> None:
    # A tile server that answers nothing (a closed local port): the map says so.
    settings.RALLYE_TILES_URL = "http://127.0.0.1:9/{z}/{x}/{y}.png"
    load_demo()
    structure = newcomer_structure()
    page.set_viewport_size({"width": width, "height": 900})

    page.goto("/connexion/")
    step(page, "connexion", width)
    page.get_by_label("Adresse e-mail").fill(NEWCOMER)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/")
    expect(page.get_by_text("Mission locale du Genevois").first).to_be_visible()
    step(page, "accueil-vide", width)

    # The programme of a first rally.
    page.get_by_role("link", name="Rallyes", exact=True).click()
    page.get_by_role("link", name="Créer un rallye").click()
    page.get_by_label("Nom du rallye").fill("Premier rallye du Genevois")
    page.get_by_label("Latitude du lieu de rendez-vous").fill("45,9")
    page.get_by_label("Longitude du lieu de rendez-vous").fill("6,12")
    for index, day in enumerate(("2027-03-16", "2027-03-16", "2027-03-17")):
        page.locator(f"#id_sessions-{index}-date").fill(day)
    step(page, "programme", width)
    page.get_by_role("button", name="Créer le rallye").click()
    page.wait_for_url(re.compile(r"/rallyes/\d+/$"))
    rally = Rally.objects.get(name="Premier rallye du Genevois", structure=structure)
    expect(page.get_by_role("heading", name="Où en est le rallye ?")).to_be_visible()
    step(page, "rallye-cree", width)

    # The workbook: a preview, then the rally's content replaced.
    page.get_by_role("link", name="Remplacer le contenu du rallye par un classeur ou un rally.json").click()
    page.locator("input[type=file]").set_input_files(str(EXAMPLE / "rally.xlsx"))
    page.get_by_role("button", name="Voir l'aperçu").click()
    expect(page.get_by_role("button", name="Remplacer le contenu du rallye")).to_be_visible()
    step(page, "apercu-import", width)
    page.get_by_role("button", name="Remplacer le contenu du rallye").click()
    page.wait_for_url(re.compile(rf"/rallyes/{rally.pk}/$"))
    assert rally.participants.count() == 26
    step(page, "rallye-importe", width)

    # The plan.
    page.get_by_role("link", name="Planning", exact=True).click()
    page.get_by_role("button", name="Calculer le planning").click()
    page.wait_for_url(re.compile(r"/planning/versions/1/$"))
    version = PlanVersion.objects.get(rally=rally, number=1)
    assert version.state == PlanState.SUCCEEDED, version.message
    page.reload()
    expect(page.get_by_text("la plus longue journée dure", exact=False).first).to_be_visible()
    board = page.locator(".board-grid").first if width > 768 else page.locator(".board-list").first
    expect(board).to_be_visible()
    legend = page.get_by_role("list", name="Légende de la carte")
    expect(legend.get_by_text("Équipe 1", exact=True)).to_be_visible()
    page.get_by_text("Le fond de carte n'a pas pu être chargé", exact=False).wait_for(state="visible", timeout=15_000)
    step(page, "planning", width)

    # The roadbooks: every team's, then one team's.
    page.get_by_role("link", name="Documents", exact=True).click()
    page.wait_for_url(re.compile(rf"/rallyes/{rally.pk}/documents/$"))
    step(page, "documents", width)
    with page.expect_download() as every:
        page.get_by_role("link", name="Carnets de route des équipes").click()
    assert every.value.suggested_filename == "carnets-de-route.pdf"
    with page.expect_download() as one:
        page.get_by_role("link", name="carnet-de-route-equipe-1.pdf").click()
    target = tmp_path / one.value.suggested_filename
    one.value.save_as(target)
    assert target.name == "carnet-de-route-equipe-1.pdf" and target.read_bytes().startswith(b"%PDF")
