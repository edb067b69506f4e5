"""The published JSON Schemas: they accept the examples and the planner's own files, and they
refuse what the file contract forbids."""

from __future__ import annotations

import copy
import datetime as dt
import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from rallye.domain.plan import Plan, PlanStatus, Team, Visit
from rallye.formats.plan_json import plan_from_content, plan_to_content
from rallye.formats.problems import InvalidInput, json_locator
from rallye.formats.rally_input import parse_rally_json, validate_rally
from rallye.formats.schemas import PLAN_SCHEMA, RALLY_SCHEMA, SCHEMA_OF_FORMAT, load_schema, schema_errors

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*/rally.json"))

# The two examples of the file contract (spec/rally-files.md), as written there.
SPEC_RALLY: dict[str, Any] = {
    "format": "rallye/1",
    "rally": {
        "name": "Rallye pour l'emploi — Annecy, mars 2027",
        "organiser": "MIFE de Haute-Savoie",
        "base": {"name": "MIFE", "address": "…", "lat": 45.9006, "lon": 6.1196},
        "schedule": [
            {"kind": "icebreaker", "date": "2027-03-16", "start": "08:30", "end": "09:00"},
            {
                "kind": "visits",
                "date": "2027-03-16",
                "start": "09:00",
                "end": "17:30",
                "lunch": {"start": "12:15", "end": "13:30"},
            },
            {"kind": "visits", "date": "2027-03-17", "start": "08:30", "end": "12:30"},
            {"kind": "feedback", "date": "2027-03-19", "start": "09:00", "end": "12:00"},
            {"kind": "closing", "date": "2027-03-19", "start": "14:00", "end": "16:00"},
        ],
        "visit_minutes": 60,
        "visits_per_team": {"min": 6, "max": 8},
        "travel": {"speed_kmh": 40, "detour": 1.3, "min_minutes": 5},
    },
    "companies": [
        {
            "id": "C01",
            "name": "…",
            "sector": "Industrie",
            "address": "…",
            "lat": 45.91,
            "lon": 6.10,
            "capacity": 8,
            "hiring": True,
            "visit_minutes": 75,
            "max_visits": 3,
            "availability": [{"date": "2027-03-16", "start": "09:00", "end": "12:00"}],
            "contact": {"name": "…", "phone": "…", "email": "…"},
        }
    ],
    "participants": [
        {
            "id": "P01",
            "first_name": "…",
            "last_name": "…",
            "gender": "F",
            "birth_year": 1984,
            "diploma_level": 3,
            "background_sector": "Commerce",
            "status": "DELD",
            "prescriber": "France Travail",
            "present": True,
        }
    ],
    "vehicles": [{"id": "V1", "seats": 7, "accompanier": {"name": "…", "phone": "…"}}],
    "travel_minutes": {"base": {"C01": 12}, "C01": {"base": 12}},
}
SPEC_PLAN: dict[str, Any] = {
    "format": "rallye-plan/1",
    "rally": "Rallye pour l'emploi — Annecy, mars 2027",
    "status": "optimal",
    "teams": [
        {
            "id": "T1",
            "name": "Équipe 1",
            "vehicle": "V1",
            "members": ["P01", "P07", "P12"],
            "visits": [{"company": "C03", "date": "2027-03-16", "start": "09:20", "end": "10:20"}],
        }
    ],
    "absent": ["P09"],
    "metrics": {"travel_minutes": 412, "longest_day_minutes": 505},
    "solver": {"seconds": 3.2, "objective": 1234, "bound": 1234},
}


def _changed(content: dict[str, Any], path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    """A deep copy of ``content`` with the value at ``path`` replaced (or removed, for ``...``)."""
    result = copy.deepcopy(content)
    target: Any = result
    for key in path[:-1]:
        target = target[key]
    if value is ...:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return result


# -- the schemas themselves ----------------------------------------------------------------


@pytest.mark.parametrize("name", [RALLY_SCHEMA, PLAN_SCHEMA])
def test_schemas_are_valid_draft_2020_12(name: str) -> None:
    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_each_format_has_its_schema() -> None:
    for fmt, name in SCHEMA_OF_FORMAT.items():
        assert load_schema(name)["properties"]["format"]["const"] == fmt


def test_schemas_ship_inside_the_package() -> None:
    folder = files("rallye.formats") / "schemas"
    names = sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".schema.json"))
    assert names == ["rallye-1.schema.json", "rallye-plan-1.schema.json"]


def test_load_schema_accepts_the_file_name_and_returns_a_copy() -> None:
    schema = load_schema("rallye-1.schema.json")
    schema["title"] = "changed"
    assert load_schema(RALLY_SCHEMA)["title"] != "changed"


def test_an_unknown_schema_is_an_error() -> None:
    with pytest.raises(KeyError, match="rallye-2"):
        load_schema("rallye-2")


def test_the_schema_lists_the_session_kinds_and_genders_of_the_spec() -> None:
    defs = load_schema(RALLY_SCHEMA)["$defs"]
    assert defs["session"]["properties"]["kind"]["enum"] == ["icebreaker", "visits", "feedback", "closing"]
    assert defs["participant"]["properties"]["gender"]["enum"] == ["F", "M", "X"]
    assert load_schema(PLAN_SCHEMA)["properties"]["status"]["enum"] == ["optimal", "feasible"]


# -- what the schemas accept ---------------------------------------------------------------


def test_the_example_files_exist() -> None:
    assert {path.parent.name for path in EXAMPLES} >= {"annecy-2027", "voiron-2027"}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.parent.name)
def test_examples_load_and_match_the_schema(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    rally = parse_rally_json(text, str(path))
    assert rally.name.startswith("Rallye pour l'emploi")
    assert schema_errors(json.loads(text), RALLY_SCHEMA) == []


def test_the_spec_rally_example_matches_the_schema_and_the_validator() -> None:
    assert schema_errors(SPEC_RALLY, RALLY_SCHEMA) == []
    validate_rally(SPEC_RALLY, json_locator("spec.json"))


def test_the_spec_plan_example_matches_the_plan_schema() -> None:
    assert schema_errors(SPEC_PLAN, PLAN_SCHEMA) == []
    assert plan_from_content(SPEC_PLAN).teams[0].members == ("P01", "P07", "P12")


def test_plans_written_by_the_planner_match_the_plan_schema() -> None:
    day = dt.date(2027, 3, 16)
    plan = Plan(
        rally="Rallye",
        teams=(
            Team("T1", "Équipe 1", "V1", ("P01", "P02", "P03"), (Visit("C01", day, 560, 620, locked=True),)),
            Team("T2", "Équipe 2", "V2", ("P04", "P05", "P06"), (Visit("C02", day, 545, 605),), locked=True),
        ),
        status=PlanStatus.FEASIBLE,
        absent=("P07",),
        metrics={"travel_minutes": 80, "teams": 2},
        solver={"seconds": 0.4, "objective": None, "bound": None, "workers": 1},
        changes={"absent": ["P07"], "cancelled": [], "moved_members": 1},
    )
    assert schema_errors(plan_to_content(plan), PLAN_SCHEMA) == []


# -- what the schemas refuse ---------------------------------------------------------------

BAD_RALLIES: dict[str, tuple[tuple[str | int, ...], Any]] = {
    "misspelt field": (("companies", 0, "capacty"), 8),
    "missing sector": (("companies", 0, "sector"), ...),
    "capacity as text": (("companies", 0, "capacity"), "huit"),
    "capacity zero": (("companies", 0, "capacity"), 0),
    "gender in words": (("participants", 0, "gender"), "Femme"),
    "unknown gender": (("participants", 0, "gender"), "Z"),
    "time not HH:MM": (("rally", "schedule", 0, "start"), "8h30"),
    "hour 24": (("rally", "schedule", 0, "end"), "24:00"),
    "date not ISO": (("rally", "schedule", 0, "date"), "16/03/2027"),
    "impossible month": (("rally", "schedule", 0, "date"), "2027-13-01"),
    "impossible day": (("rally", "schedule", 0, "date"), "2027-02-30"),
    "unknown session kind": (("rally", "schedule", 0, "kind"), "lunch"),
    "lunch without end": (("rally", "schedule", 1, "lunch", "end"), ...),
    "too many seats": (("vehicles", 0, "seats"), 12),
    "accompanier without name": (("vehicles", 0, "accompanier", "name"), ...),
    "present as text": (("participants", 0, "present"), "oui"),
    "diploma level 9": (("participants", 0, "diploma_level"), 9),
    "wrong format": (("format",), "rallye/2"),
    "no rally name": (("rally", "name"), "  "),
    "negative travel time": (("travel_minutes", "base", "C01"), -3),
    "visits_per_team as a number": (("rally", "visits_per_team"), 6),
}


@pytest.mark.parametrize("case", BAD_RALLIES.values(), ids=BAD_RALLIES.keys())
def test_a_rally_with_a_bad_field_fails_the_schema(case: tuple[tuple[str | int, ...], Any]) -> None:
    path, value = case
    assert schema_errors(_changed(SPEC_RALLY, path, value), RALLY_SCHEMA) != []


def test_a_programme_without_visits_fails_the_schema() -> None:
    schedule = [s for s in SPEC_RALLY["rally"]["schedule"] if s["kind"] != "visits"]
    content = _changed(SPEC_RALLY, ("rally", "schedule"), schedule)
    assert schema_errors(content, RALLY_SCHEMA) != []
    with pytest.raises(InvalidInput, match="aucune session de visites"):
        validate_rally(content, json_locator("rally.json"))


@pytest.mark.parametrize(
    "name", ["missing sector", "capacity zero", "unknown gender", "unknown session kind", "too many seats"]
)
def test_the_validator_refuses_what_the_schema_refuses(name: str) -> None:
    path, value = BAD_RALLIES[name]
    with pytest.raises(InvalidInput):
        validate_rally(_changed(SPEC_RALLY, path, value), json_locator("rally.json"))


def test_schema_errors_say_where_the_problem_is() -> None:
    errors = schema_errors(_changed(SPEC_RALLY, ("participants", 0, "gender"), "Femme"), RALLY_SCHEMA)
    assert len(errors) == 1
    assert errors[0].startswith("$.participants[0].gender: ")


BAD_PLANS: dict[str, tuple[tuple[str | int, ...], Any]] = {
    "unknown status": (("status",), "done"),
    "missing teams": (("teams",), ...),
    "team without vehicle": (("teams", 0, "vehicle"), ...),
    "visit time not HH:MM": (("teams", 0, "visits", 0, "start"), "9:20"),
    "visit without company": (("teams", 0, "visits", 0, "company"), ...),
    "member twice": (("teams", 0, "members"), ["P01", "P01", "P07"]),
    "locked as text": (("teams", 0, "locked"), "yes"),
    "misspelt field": (("teams", 0, "visit"), []),
    "solver seconds as text": (("solver", "seconds"), "3 s"),
}


@pytest.mark.parametrize("case", BAD_PLANS.values(), ids=BAD_PLANS.keys())
def test_a_plan_with_a_bad_field_fails_the_schema(case: tuple[tuple[str | int, ...], Any]) -> None:
    path, value = case
    assert schema_errors(_changed(SPEC_PLAN, path, value), PLAN_SCHEMA) != []


def test_metrics_and_solver_may_hold_more_keys() -> None:
    content = _changed(SPEC_PLAN, ("metrics", "grouped_visits"), 2)
    content = _changed(content, ("solver", "workers"), 1)
    assert schema_errors(content, PLAN_SCHEMA) == []
