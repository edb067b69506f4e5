"""Planning pages: launch a solve, see the board and the report, re-plan on the day."""

from __future__ import annotations

import html
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from rallye.demo import DEMO_PASSWORD
from rallye.formats.load import load_rally
from rallye.organisations.models import Membership, Role, Structure, User
from rallye.plans.models import PlanState, PlanVersion
from rallye.rallies.conversion import save_domain_rally
from rallye.rallies.models import Rally
from tests.conftest import demo_loaded

pytestmark = pytest.mark.django_db
EXAMPLE = Path(__file__).parents[3] / "examples" / "annecy-2027" / "rally.json"
OnCommit = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]


@pytest.fixture
def rally(settings: Any) -> Rally:
    demo_loaded()
    return save_domain_rally(Structure.objects.get(name="MIFE de Haute-Savoie"), load_rally(EXAMPLE))


def client_for(email: str) -> Client:
    client = Client()
    assert client.login(email=email, password=DEMO_PASSWORD)
    return client


@pytest.fixture
def planned(rally: Rally, django_capture_on_commit_callbacks: OnCommit, recorded_solves: None) -> Client:
    client = client_for("coordination@mife74.demo")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/rallyes/{rally.pk}/planning/")
    assert response.status_code == 302
    assert response["Location"] == f"/rallyes/{rally.pk}/planning/versions/1/"
    return client


def test_launched_solve_shows_board_map_and_report(rally: Rally, planned: Client) -> None:
    version = PlanVersion.objects.get(rally=rally, number=1)
    assert version.state == PlanState.SUCCEEDED, version.message
    page = planned.get(f"/rallyes/{rally.pk}/planning/versions/1/").content.decode()
    assert "planning en vigueur" in page
    assert "Équipe 1" in page and "Tableau des visites" in page
    assert "Lac &amp; Monts Relation Clients" in page or "Lac & Monts Relation Clients" in page
    assert "K1 Participants : 26 (attendu 15 à 30) ✓" in page
    assert 'id="plan-map"' in page and "plan-map-data" in page
    state = planned.get(f"/rallyes/{rally.pk}/planning/versions/1/etat.json").json()
    assert state["state"] == "succeeded" and state["is_current"]
    overview = planned.get(f"/rallyes/{rally.pk}/planning/").content.decode()
    assert "Planning en vigueur : version 1" in overview


def test_replan_on_the_day_lists_the_changes(
    rally: Rally, planned: Client, django_capture_on_commit_callbacks: OnCommit, settings: Any
) -> None:
    settings.RALLYE_REPLAN_SECONDS = 3.0
    form = planned.get(f"/rallyes/{rally.pk}/planning/jour-j/").content.decode()
    assert "Participants absents" in form
    with django_capture_on_commit_callbacks(execute=True):
        response = planned.post(f"/rallyes/{rally.pk}/planning/jour-j/", {"absent": ["P01", "P02"]})
    assert response.status_code == 302
    version = PlanVersion.objects.get(rally=rally, number=2)
    assert version.state == PlanState.SUCCEEDED and version.is_current, version.message
    page = planned.get(f"/rallyes/{rally.pk}/planning/versions/2/").content.decode()
    assert "Changements par rapport au planning précédent" in page
    names = [
        f"{p.first_name} {p.last_name}" for p in rally.participants.filter(code__in=["P01", "P02"]).order_by("code")
    ]
    assert html.unescape(f"Absents : {', '.join(names)}") in html.unescape(page)
    assert "P01" not in html.unescape(page).split("Changements par rapport au planning précédent")[1].split("</ul>")[0]


def test_replan_without_any_tick_says_what_to_do(rally: Rally, planned: Client) -> None:
    response = planned.post(f"/rallyes/{rally.pk}/planning/jour-j/", {})
    assert response.status_code == 400
    assert "Cochez au moins une personne absente" in response.content.decode()


def test_other_structure_gets_404_on_every_planning_url(rally: Rally, planned: Client) -> None:
    other = client_for("coordination@ti38.demo")
    for url in (
        f"/rallyes/{rally.pk}/planning/",
        f"/rallyes/{rally.pk}/planning/jour-j/",
        f"/rallyes/{rally.pk}/planning/versions/1/",
        f"/rallyes/{rally.pk}/planning/versions/1/etat.json",
    ):
        assert other.get(url).status_code == 404, url
        assert other.post(url).status_code == 404, url


def test_read_only_user_sees_the_plan_but_cannot_launch(rally: Rally, planned: Client) -> None:
    reader = User.objects.create_user("lecture@mife74.demo", DEMO_PASSWORD)
    Membership.objects.create(
        user=reader, federation=rally.structure.federation, structure=rally.structure, role=Role.READ_ONLY
    )
    client = client_for("lecture@mife74.demo")
    assert client.get(f"/rallyes/{rally.pk}/planning/").status_code == 200
    assert client.post(f"/rallyes/{rally.pk}/planning/").status_code == 403
    assert client.get(f"/rallyes/{rally.pk}/planning/jour-j/").status_code == 403


def test_move_a_participant_makes_a_new_current_version(rally: Rally, planned: Client) -> None:
    current = PlanVersion.objects.get(rally=rally, is_current=True)
    assert current.content is not None
    teams = current.content["teams"]
    rally.companies.update(capacity=30)  # room for one more person everywhere: only seats matter
    seats = {v.code: v.seats for v in rally.vehicles.all()}
    target = next(t for t in teams if len(t["members"]) < min(8, seats[t["vehicle"]] - 1))
    source = max((t for t in teams if t["id"] != target["id"]), key=lambda t: len(t["members"]))
    person = source["members"][0]
    response = planned.post(
        f"/rallyes/{rally.pk}/planning/deplacer/", {"participant": person, "team": target["id"]}, follow=True
    )
    assert "Participant déplacé" in response.content.decode(), response.content.decode()[:2500]
    moved = PlanVersion.objects.get(rally=rally, is_current=True)
    assert moved.number == current.number + 1 and moved.kind == "manual"
    assert moved.content is not None
    assert person in next(t for t in moved.content["teams"] if t["id"] == target["id"])["members"]


def test_move_that_breaks_a_rule_changes_nothing(rally: Rally, planned: Client) -> None:
    current = PlanVersion.objects.get(rally=rally, is_current=True)
    assert current.content is not None
    seats = {v.code: v.seats for v in rally.vehicles.all()}
    full = next(t for t in current.content["teams"] if len(t["members"]) == seats[t["vehicle"]] - 1)
    source = next(t for t in current.content["teams"] if t["id"] != full["id"] and len(t["members"]) > 3)
    response = planned.post(
        f"/rallyes/{rally.pk}/planning/deplacer/",
        {"participant": source["members"][0], "team": full["id"]},
        follow=True,
    )
    page = response.content.decode()
    assert "Ce changement enfreindrait les règles ; rien n&#x27;a changé" in page
    assert "passager" in page  # the vehicle has no seat left
    assert PlanVersion.objects.get(rally=rally, is_current=True) == current


def test_lock_then_reoptimise_keeps_the_locked_team(
    rally: Rally, planned: Client, django_capture_on_commit_callbacks: OnCommit, settings: Any
) -> None:
    settings.RALLYE_PLAN_SECONDS = 2.0
    current = PlanVersion.objects.get(rally=rally, is_current=True)
    assert current.content is not None
    team = current.content["teams"][0]
    planned.post(f"/rallyes/{rally.pk}/planning/verrou/", {"team": team["id"]})
    current.refresh_from_db()
    assert current.content is not None and current.content["teams"][0]["locked"] is True
    with django_capture_on_commit_callbacks(execute=True):
        planned.post(f"/rallyes/{rally.pk}/planning/reoptimiser/")
    new = PlanVersion.objects.get(rally=rally, is_current=True)
    assert new.kind == "reoptimise" and new.content is not None, new.message
    kept = next(t for t in new.content["teams"] if t["id"] == team["id"])
    assert kept["members"] == team["members"] and kept["visits"] == team["visits"] and kept["locked"]


def test_the_plan_reads_in_names_words_and_french_dates(rally: Rally, planned: Client) -> None:
    """Figures in words, team cards and board in names, the map's legend, and the referrer
    policy that lets the tile server see which site asks."""
    response = planned.get(f"/rallyes/{rally.pk}/planning/")
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    page = html.unescape(response.content.decode())
    assert "la plus longue journée dure " in page.lower() and " min ·" not in page
    assert "Rallye n'a pas pu prouver qu'il n'existe pas mieux." in page or "Rallye a prouvé" in page
    cards = page.split("<h2>Équipes</h2>")[1].split("<h2>Tableau des visites</h2>")[0]
    for person in rally.participants.all():
        assert f"{person.first_name} {person.last_name}" in cards
        assert f"({person.code})" not in cards
    assert "mardi 16 mars, " in cards and "16/03" not in cards
    assert 'class="legend"' in page and "libre après le retour" in page
    for number in range(1, 7):
        assert f"Équipe {number}</li>" in page.split('aria-label="Légende de la carte"')[1].split("</ul>")[0]
    for version in PlanVersion.objects.filter(rally=rally):
        assert version.requested_at.strftime("%d/%m/%Y") not in page


def test_other_pages_keep_the_default_referrer_policy(rally: Rally, planned: Client) -> None:
    assert planned.get(f"/rallyes/{rally.pk}/")["Referrer-Policy"] == "same-origin"
