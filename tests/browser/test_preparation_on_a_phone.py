"""On a phone (360 px), an organiser opens a new rally, lays out its preparation, sees its tasks
and the tips drawn from its programme, ticks a task, and subscribes to its calendar; every page
fits the screen and axe finds no serious or critical problem."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import time_machine

from rallye.demo import load_demo
from rallye.domain.rally import SessionKind
from rallye.formats.load import load_rally
from rallye.organisations.models import Structure
from rallye.preparation.models import RallyTask
from rallye.rallies.conversion import save_domain_rally
from tests.browser.test_companies_on_a_phone import WIDTH, check_page
from tests.browser.test_network_journey import log_in

pytestmark = pytest.mark.django_db(transaction=True)
EXAMPLE = Path(__file__).parents[2] / "examples" / "annecy-2027" / "rally.json"
TODAY = dt.datetime(2027, 2, 1, 9, tzinfo=dt.UTC)


def test_an_organiser_prepares_a_new_rally_on_a_phone(page: Any) -> None:
    load_demo()
    mife = Structure.objects.get(name="MIFE de Haute-Savoie")
    example = load_rally(EXAMPLE)
    without_icebreaker = tuple(s for s in example.schedule if s.kind is not SessionKind.ICEBREAKER)
    rally = save_domain_rally(mife, replace(example, name="Rallye d'automne", schedule=without_icebreaker))
    with time_machine.travel(TODAY, tick=True):
        page.set_viewport_size({"width": WIDTH, "height": 800})
        log_in(page, "coordination@mife74.demo")
        page.goto(f"/rallyes/{rally.pk}/")
        check_page(page)
        page.get_by_role("link", name="Préparation", exact=True).click()
        page.wait_for_url(f"**/rallyes/{rally.pk}/preparation/")
        check_page(page)
        page.get_by_role("button", name="Préparer le rétroplanning").click()
        page.get_by_text("Le rétroplanning du rallye est prêt.").wait_for()
        check_page(page)
        page.get_by_role("heading", name="Les huit phases").wait_for()
        page.get_by_role("heading", name="En retard (8)").wait_for()
        page.get_by_text("aucun temps d'accueil (brise-glace) le mardi 16 mars 2027").first.wait_for()

        page.get_by_role("button", name="Marquer comme faite : Financeurs rencontrés").first.click()
        page.get_by_text("« Financeurs rencontrés » : faite.").wait_for()
        page.get_by_role("heading", name="En retard (7)").wait_for()
        assert RallyTask.objects.get(rally=rally, key="funders_met").done

        page.get_by_role("link", name="Préparer le brise-glace du premier jour").first.click()
        page.get_by_role("heading", name="Conseils tirés des données du rallye").wait_for()
        check_page(page)
        page.get_by_label("Nouvelle date").fill("2027-03-01")
        page.get_by_role("button", name="Enregistrer la date").click()
        page.get_by_text("pour le 1er mars 2027").wait_for()
        check_page(page)

        page.goto(f"/rallyes/{rally.pk}/preparation/agenda/")
        page.get_by_role("button", name="Créer le lien de l'agenda").click()
        page.get_by_role("button", name="Copier le lien").wait_for()
        check_page(page)

        page.goto(f"/rallyes/{rally.pk}/")
        page.get_by_role("heading", name="Préparation", exact=True).wait_for()
        check_page(page)
