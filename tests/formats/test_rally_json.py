"""Writing rally files: ``rally_to_content`` is the inverse of ``validate_rally``."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from benchmarks.generator import PRESETS, generate_rally
from hypothesis import given, settings
from hypothesis import strategies as st

from rallye.domain.rally import (
    Accompanier,
    Company,
    Contact,
    Gender,
    Participant,
    Place,
    Rally,
    Session,
    SessionKind,
    TravelSettings,
    Vehicle,
    VisitsPerTeam,
    Window,
)
from rallye.formats.problems import json_locator
from rallye.formats.rally_input import parse_rally_json, validate_rally
from rallye.formats.rally_json import dump_rally, rally_to_content
from rallye.formats.schemas import RALLY_SCHEMA, schema_errors

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*/rally.json"))
DAY = dt.date(2027, 3, 16)


def _round_trip(rally: Rally) -> Rally:
    return validate_rally(rally_to_content(rally), json_locator("rally.json"))


def _minimal_rally() -> Rally:
    """A rally that sets nothing beyond what the format requires."""
    return Rally(
        name="Rallye minimal",
        organiser="",
        base=Place("Salle", 45.9, 6.12),
        schedule=(Session(SessionKind.VISITS, DAY, 540, 720),),
        companies=(Company("C1", "Atelier", "Industrie", 45.91, 6.1, 8),),
        participants=(Participant("P1", "Nadia", "Benali", Gender.F, 1984),),
        vehicles=(Vehicle("V1", 5),),
    )


def _full_rally() -> Rally:
    """A rally that sets every optional field to something other than its default."""
    minimal = _minimal_rally()
    return dataclasses.replace(
        minimal,
        organiser="MIFE",
        logo="logo.png",
        base=Place("MIFE", 45.9006, 6.1196, "1 rue de l'Exemple, 74000 Annecy"),
        schedule=(
            Session(SessionKind.ICEBREAKER, DAY, 510, 540),
            Session(SessionKind.VISITS, DAY, 540, 1050, (735, 810)),
            Session(SessionKind.CLOSING, DAY + dt.timedelta(days=3), 840, 960),
        ),
        companies=(
            Company(
                "C1",
                "Atelier",
                "Industrie",
                45.91,
                6.1,
                8,
                address="2 rue de l'Usine, 74960 Cran-Gevrier",
                hiring=True,
                visit_minutes=75,
                max_visits=0,
                availability=(Window(DAY, 540, 720), Window(DAY, 840, 1020)),
                contact=Contact("Gilles Mugnier", "06 00 00 00 01", "gilles.mugnier@example.fr"),
            ),
            Company("C2", "Camping", "Tourisme", 45.86, 6.14, 12, contact=Contact(phone="06 00 00 00 02")),
        ),
        participants=(
            Participant("P1", "Nadia", "Benali", Gender.F, 1984, 3, "Commerce", "DELD", "France Travail"),
            Participant("P2", "Alex", "Morel", Gender.X, 1998, present=False),
        ),
        vehicles=(Vehicle("V1", 9, Accompanier("Marc Dufour", "06 00 00 00 03"), "Minibus blanc"),),
        visit_minutes=50,
        visits_per_team=VisitsPerTeam(5, 7),
        travel=TravelSettings(speed_kmh=35.5, detour=1.4, min_minutes=8),
        travel_minutes={("base", "C1"): 12, ("C1", "base"): 14, ("C1", "C2"): 20},
    )


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.parent.name)
def test_examples_round_trip(path: Path) -> None:
    rally = parse_rally_json(path.read_text(encoding="utf-8"), str(path))
    assert _round_trip(rally) == rally
    assert parse_rally_json(dump_rally(rally)) == rally


@pytest.mark.parametrize("make", [_minimal_rally, _full_rally])
def test_rallies_round_trip_and_match_the_schema(make: Callable[[], Rally]) -> None:
    rally = make()
    content = rally_to_content(rally)
    assert _round_trip(rally) == rally
    assert schema_errors(content, RALLY_SCHEMA) == []


def test_defaults_are_left_out() -> None:
    content = rally_to_content(_minimal_rally())
    assert content == {
        "format": "rallye/1",
        "rally": {
            "name": "Rallye minimal",
            "base": {"name": "Salle", "lat": 45.9, "lon": 6.12},
            "schedule": [{"kind": "visits", "date": "2027-03-16", "start": "09:00", "end": "12:00"}],
            "visit_minutes": 60,
        },
        "companies": [{"id": "C1", "name": "Atelier", "sector": "Industrie", "lat": 45.91, "lon": 6.1, "capacity": 8}],
        "participants": [{"id": "P1", "first_name": "Nadia", "last_name": "Benali", "gender": "F", "birth_year": 1984}],
        "vehicles": [{"id": "V1", "seats": 5}],
    }


def test_settings_other_than_the_defaults_are_written() -> None:
    content = rally_to_content(_full_rally())
    header = content["rally"]
    assert header["visits_per_team"] == {"min": 5, "max": 7}
    assert header["travel"] == {"speed_kmh": 35.5, "detour": 1.4, "min_minutes": 8}
    assert header["schedule"][1]["lunch"] == {"start": "12:15", "end": "13:30"}
    assert content["travel_minutes"] == {"base": {"C1": 12}, "C1": {"base": 14, "C2": 20}}
    assert content["participants"][1]["present"] is False
    assert content["companies"][0]["max_visits"] == 0
    assert content["companies"][1]["contact"] == {"phone": "06 00 00 00 02"}
    assert content["vehicles"][0] == {
        "id": "V1",
        "seats": 9,
        "label": "Minibus blanc",
        "accompanier": {"name": "Marc Dufour", "phone": "06 00 00 00 03"},
    }


def test_dump_keeps_accents_and_ends_with_a_newline() -> None:
    text = dump_rally(_full_rally())
    assert "Cran-Gevrier" in text and "l'Usine" in text
    assert "\\u" not in text
    assert text.endswith("}\n")
    assert json.loads(text) == rally_to_content(_full_rally())


@settings(max_examples=25, deadline=None)
@given(preset=st.sampled_from(sorted(PRESETS)), seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_generated_rallies_round_trip(preset: str, seed: int) -> None:
    rally = generate_rally(PRESETS[preset], seed)
    assert _round_trip(rally) == rally
    assert parse_rally_json(dump_rally(rally)) == rally
