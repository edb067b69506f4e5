"""Every solve is a plan version; the current plan changes only when a solve succeeds.

The first test runs the solver through the workspace; the others start from the example's
recorded plan (what they test is what surrounds a solve), then run the engine where it decides
(a failure, a re-plan)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest

from rallye.formats.load import load_rally
from rallye.formats.plan_json import plan_from_content
from rallye.organisations.models import Federation, Structure
from rallye.plans.models import PlanKind, PlanState, PlanVersion
from rallye.plans.services import request_plan
from rallye.plans.versions import current_plan
from rallye.rallies.conversion import save_domain_rally
from rallye.rallies.models import Rally, Vehicle
from tests.conftest import serve_recorded_plans

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks")]
EXAMPLE = Path(__file__).parent.parent.parent / "examples" / "annecy-2027" / "rally.json"
OnCommit = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]


@pytest.fixture
def rally() -> Rally:
    structure = Structure.objects.create(federation=Federation.objects.create(name="Fédération"), name="MIFE")
    return save_domain_rally(structure, load_rally(EXAMPLE))


def solve_now(rally: Rally, on_commit: OnCommit, **options: Any) -> PlanVersion:
    with on_commit(execute=True):
        version = request_plan(rally, None, time_limit=3, **options)
    version.refresh_from_db()
    return version


def test_successful_solve_becomes_the_current_plan(
    rally: Rally, django_capture_on_commit_callbacks: OnCommit, monkeypatch: pytest.MonkeyPatch
) -> None:
    version = solve_now(rally, django_capture_on_commit_callbacks)
    assert version.state == PlanState.SUCCEEDED, version.message
    assert version.is_current and version.number == 1
    assert version.content is not None
    plan = plan_from_content(version.content)
    assert sum(len(t.members) for t in plan.teams) == 26
    assert version.progress  # the last progress event was recorded
    serve_recorded_plans(monkeypatch)
    second = solve_now(rally, django_capture_on_commit_callbacks)
    assert second.number == 2 and current_plan(rally) == second
    version.refresh_from_db()
    assert not version.is_current


def test_failed_solve_keeps_the_current_plan(
    rally: Rally, django_capture_on_commit_callbacks: OnCommit, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve_recorded_plans(monkeypatch)
    first = solve_now(rally, django_capture_on_commit_callbacks)
    assert first.state == PlanState.SUCCEEDED
    monkeypatch.undo()  # the engine itself finds that no plan is possible
    Vehicle.objects.filter(rally=rally).exclude(code="V1").delete()  # 4 seats for 26 people
    failed = solve_now(rally, django_capture_on_commit_callbacks)
    assert failed.state == PlanState.FAILED
    assert failed.reasons()[0] == "Aucun planning possible :"
    assert any("il manque" in line for line in failed.reasons())
    assert current_plan(rally) == first


def test_crashed_solve_keeps_the_current_plan(
    rally: Rally, django_capture_on_commit_callbacks: OnCommit, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve_recorded_plans(monkeypatch)
    first = solve_now(rally, django_capture_on_commit_callbacks)

    def crash(*_: object, **__: object) -> None:
        raise MemoryError

    monkeypatch.setattr("rallye.engine.solve.solve", crash)
    crashed = solve_now(rally, django_capture_on_commit_callbacks)  # the task fails, the worker goes on
    assert crashed.state == PlanState.FAILED and "planning en vigueur est conservé" in crashed.message
    assert current_plan(rally) == first


def test_replan_on_the_day_is_based_on_the_current_plan(
    rally: Rally, django_capture_on_commit_callbacks: OnCommit, recorded_solves: None
) -> None:
    first = solve_now(rally, django_capture_on_commit_callbacks)
    replanned = solve_now(
        rally,
        django_capture_on_commit_callbacks,
        kind=PlanKind.REPLAN,
        absent=["P01", "P02"],
        cancelled=[],
        based_on=first,
    )
    assert replanned.state == PlanState.SUCCEEDED and replanned.is_current
    assert replanned.content is not None
    assert {"P01", "P02"} <= set(replanned.content["absent"])
    assert replanned.content["changes"]["absent"] == ["P01", "P02"]
