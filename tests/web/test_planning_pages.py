"""Planning pages: launch a solve, see the board and the report, re-plan on the day."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from rallye.demo import DEMO_PASSWORD, load_demo
from rallye.formats.load import load_rally
from rallye.organisations.models import Membership, Role, Structure, User
from rallye.plans.models import PlanState, PlanVersion
from rallye.rallies.conversion import save_domain_rally
from rallye.rallies.models import Rally

pytestmark = pytest.mark.django_db
EXAMPLE = Path(__file__).parent.parent.parent / "examples" / "annecy-2027" / "rally.json"
OnCommit = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]


@pytest.fixture
def rally(settings: Any) -> Rally:
    load_demo()
    return save_domain_rally(Structure.objects.get(name="MIFE de Haute-Savoie"), load_rally(EXAMPLE))


def client_for(email: str) -> Client:
    client = Client()
    assert client.login(email=email, password=DEMO_PASSWORD)
    return client


@pytest.fixture
def planned(rally: Rally, django_capture_on_commit_callbacks: OnCommit, settings: Any) -> Client:
    settings.RALLYE_PLAN_SECONDS = 4.0
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
    settings.RALLYE_REPLAN_SECONDS = 4.0
    form = planned.get(f"/rallyes/{rally.pk}/planning/jour-j/").content.decode()
    assert "Participants absents" in form
    with django_capture_on_commit_callbacks(execute=True):
        response = planned.post(f"/rallyes/{rally.pk}/planning/jour-j/", {"absent": ["P01", "P02"]})
    assert response.status_code == 302
    version = PlanVersion.objects.get(rally=rally, number=2)
    assert version.state == PlanState.SUCCEEDED and version.is_current, version.message
    page = planned.get(f"/rallyes/{rally.pk}/planning/versions/2/").content.decode()
    assert "Changements par rapport au planning précédent" in page
    assert "Absents : P01, P02" in page


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
