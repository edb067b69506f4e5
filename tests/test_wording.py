"""The planner's figures in words (``rallye.wording``): durations as people say them, companies
by name, and what is known of the plan's quality."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

from rallye.domain.changes import PlanChanges, VisitChange
from rallye.domain.plan import Plan, PlanStatus
from rallye.domain.rally import Rally
from rallye.formats.load import load_rally
from rallye.formats.plan_json import plan_from_content
from rallye.wording import OPTIMALITY_WHY, changes_lines, optimality, plan_figures

EXAMPLE = Path(__file__).parents[1] / "examples" / "annecy-2027"


def example() -> tuple[Rally, Plan]:
    rally = load_rally(EXAMPLE / "rally.json")
    plan = plan_from_content(json.loads((EXAMPLE / "plan.json").read_text(encoding="utf-8")))
    return rally, plan


def test_figures_are_sentences_with_durations_and_names() -> None:
    rally, plan = example()
    metrics = dict(plan.metrics, longest_day_minutes=365, travel_minutes=430, unvisited_companies=["C05"])
    lines = plan_figures(rally, dataclasses.replace(plan, metrics=metrics))
    assert "la plus longue journée dure 6 h 05" in lines
    assert "7 h 10 de trajet en tout, toutes équipes comprises" in lines
    c05 = next(c.name for c in rally.companies if c.id == "C05")
    assert f"1 entreprise sans visite : {c05}" in lines
    assert not any("C05" in line or " min" in line for line in lines)
    assert lines[0].startswith(f"{len(plan.teams)} équipes de ")


def test_every_company_visited_is_said_so() -> None:
    rally, plan = example()
    lines = plan_figures(rally, dataclasses.replace(plan, metrics=dict(plan.metrics, unvisited_companies=[])))
    assert "chaque entreprise reçoit au moins une visite" in lines


def test_an_unproven_plan_says_what_is_not_known_and_why() -> None:
    _, plan = example()
    assert optimality(dataclasses.replace(plan, status=PlanStatus.FEASIBLE)) == (
        "Rallye n'a pas pu prouver qu'il n'existe pas mieux."
    )
    assert "prouvé" in optimality(dataclasses.replace(plan, status=PlanStatus.OPTIMAL))
    assert "temps limité" in OPTIMALITY_WHY and "règles obligatoires de la charte" in OPTIMALITY_WHY


def test_changes_read_in_names_and_french_dates() -> None:
    rally, _ = example()
    company = rally.companies[0]
    removed = VisitChange(team="T2", company=company.id, date=dt.date(2027, 3, 16), start=810, end=870)
    lines = changes_lines(rally, PlanChanges(removed_visits=(removed,)), {"T2": "Équipe 2"})
    assert lines[0] == f"Visite annulée : Équipe 2 chez {company.name}, mardi 16 mars, 13:30-14:30"
