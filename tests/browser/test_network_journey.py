"""The network space in a real browser: a federation admin opens the dashboard and its charts,
downloads the federation report, opens a rally's fidelity grid and changes a score with a
comment; an evaluator opens the comparison of the grids."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from rallye.demo import DEMO_PASSWORD, FEDERATION_ADMIN, load_demo
from rallye.evaluation.models import FidelityScore
from rallye.organisations.models import Federation, Membership, Role, User
from rallye.rallies.models import Rally

pytestmark = pytest.mark.django_db(transaction=True)
EVALUATOR = "evaluation@reseau.test"
RALLY = "Rallye pour l'emploi — Annecy, mars 2027"
COMMENT = "Le logo des Rallyes pour l'emploi n'apparaît pas sur les invitations."


def log_in(page: Any, email: str) -> None:
    page.goto("/connexion/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/")


def test_network_journey(page: Any, tmp_path: Path) -> None:
    load_demo()
    evaluator = User.objects.create_user(EVALUATOR, DEMO_PASSWORD)
    Membership.objects.create(user=evaluator, federation=Federation.objects.get(), structure=None, role=Role.EVALUATOR)
    rally = Rally.objects.get(name=RALLY)

    # The federation admin opens the dashboard from the menu and sees the charts.
    log_in(page, FEDERATION_ADMIN)
    page.get_by_role("link", name="Réseau", exact=True).click()
    page.wait_for_url("**/reseau/")
    expect(page.get_by_role("img", name=re.compile(r"^Participants par structure et par année"))).to_be_visible()
    assert page.locator("svg[role=img]").count() >= 5
    # The demo's rallies of 2027 are still to come: counted apart.
    expect(page.get_by_text("rallyes à venir, non comptés")).to_be_visible()

    # It downloads the federation report.
    page.get_by_role("link", name="Bilans", exact=True).click()
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF — bilan de la fédération, toutes les années").click()
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    assert target.name.startswith("bilan-federation") and target.read_bytes().startswith(b"%PDF")

    # It opens the grid of a rally to come (being prepared) and changes a score with a comment.
    page.get_by_role("link", name="Grilles de fidélité", exact=True).click()
    page.get_by_role("table", name="Notes par principe").get_by_role("link", name=RALLY).click()
    page.wait_for_url(f"**/reseau/rallyes/{rally.pk}/fidelite/")
    score = page.get_by_label("Note retenue pour C1")
    new_value = "0" if score.input_value() != "0" else "1"
    score.select_option(new_value)
    page.get_by_label("Commentaire sur C1").fill(COMMENT)
    page.get_by_role("button", name="Enregistrer la grille").click()
    page.wait_for_url(f"**/reseau/rallyes/{rally.pk}/fidelite/")
    expect(page.get_by_text("Grille enregistrée")).to_be_visible()
    assert page.get_by_label("Note retenue pour C1").input_value() == new_value
    assert page.get_by_label("Commentaire sur C1").input_value() == COMMENT
    saved = FidelityScore.objects.get(rally=rally, principle="C1")
    assert saved.score == int(new_value) and saved.comment == COMMENT and saved.assessed_by is not None
    assert saved.assessed_by.email == FEDERATION_ADMIN
    page.get_by_role("button", name="Se déconnecter").click()

    # An evaluator compares the grids of the network's rallies.
    log_in(page, EVALUATOR)
    page.get_by_role("link", name="Grilles de fidélité").first.click()
    page.wait_for_url("**/reseau/fidelite/")
    table = page.get_by_role("table", name="Notes par principe")
    expect(table.get_by_role("link", name=RALLY).first).to_be_visible()
    assert page.locator("svg[role=img]").count() == 7
