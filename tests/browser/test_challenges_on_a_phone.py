"""On a phone (360 px): the repertoire of challenges, a rally's challenges (a result noted, a
prize added) and the closing's leaderboard fit the screen and pass axe-core; the leaderboard is
in large type and shows first names only."""

from __future__ import annotations

from typing import Any

import pytest

from rallye.challenges.services import visit_rows
from rallye.demo import load_demo
from rallye.plans.reading import planned_rally
from rallye.rallies.models import Rally
from tests.browser.test_companies_on_a_phone import WIDTH, check_page
from tests.browser.test_network_journey import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_organiser_scores_a_visit_and_projects_the_leaderboard_on_a_phone(page: Any) -> None:
    load_demo()
    rally = Rally.objects.get(name="Rallye pour l'emploi — Annecy, mars 2027")
    plan, domain = planned_rally(rally).plan, planned_rally(rally).rally
    assert plan is not None and domain is not None
    team = plan.teams[0]
    row = visit_rows(rally)[(team.id, team.visits[0].company)]
    page.set_viewport_size({"width": WIDTH, "height": 800})
    log_in(page, "coordination@mife74.demo")

    page.goto("/defis/")
    page.get_by_role("heading", name="Répertoire des défis").wait_for()
    check_page(page)
    page.get_by_label("Type").select_option("icebreaker")
    page.get_by_role("button", name="Filtrer").click()
    page.get_by_role("heading", name="Prénom et geste").wait_for()
    check_page(page)

    page.goto(f"/rallyes/{rally.pk}/defis/")
    check_page(page)
    score = page.locator(f"#score-{team.id}-{team.visits[0].company}")
    score.fill(str(row.max_points))
    score.locator("xpath=ancestor::form").get_by_role("button", name="Noter").click()
    page.get_by_text("résultat enregistré").wait_for()
    page.locator("#id_name").fill("Des places de cinéma")
    page.locator("#id_donor").fill("Cinéma du Lac")
    page.get_by_role("button", name="Ajouter le lot").click()
    page.get_by_text("Cinéma du Lac figure parmi les partenaires").wait_for()
    check_page(page)

    page.goto(f"/rallyes/{rally.pk}/defis/visite/{team.id}/{team.visits[0].company}/")
    check_page(page)

    page.goto(f"/rallyes/{rally.pk}/cloture/")
    check_page(page)
    first = page.locator(".leaderboard li").first
    assert team.name in first.inner_text() and f"{row.max_points} pt" in first.inner_text()
    size = float(page.evaluate("getComputedStyle(document.querySelector('.leaderboard .points')).fontSize")[:-2])
    assert size >= 24
    text = page.locator("main").inner_text()
    person = domain.participant(team.members[0])
    assert person.first_name in text and person.last_name not in text
    assert "Cinéma du Lac" in text
