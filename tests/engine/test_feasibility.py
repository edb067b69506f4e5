"""Plain reasons why no plan can exist: each one names the data to change."""

from __future__ import annotations

from typing import Any

import pytest

from rallye.domain import charter
from rallye.engine.params import SolveParams
from rallye.engine.results import NoPlanFound
from rallye.engine.solve import solve
from tests.factories import build, rally_content

FAST = SolveParams(time_limit=2, workers=1)


def failure_for(content: dict[str, Any]) -> NoPlanFound:
    with pytest.raises(NoPlanFound) as caught:
        solve(build(content), FAST)
    assert caught.value.proven
    return caught.value


def reasons_for(content: dict[str, Any]) -> list[str]:
    return failure_for(content).sentences


def test_fewer_sectors_than_visits_per_team() -> None:
    content = rally_content()
    for company in content["companies"]:
        if company["sector"] in (
            "Santé",
            "BTP",
            "Tourisme",
            "Agriculture",
            "Administration",
            "Transport et logistique",
        ):
            company["sector"] = "Commerce"
    reasons = reasons_for(content)
    assert any("secteurs différents" in r and "Mobilisez une entreprise d'un autre secteur" in r for r in reasons)
    assert any("5 secteurs" in r for r in reasons)


def test_not_enough_seats() -> None:
    failure = failure_for(rally_content(vehicles=(5, 5, 5)))
    assert failure.reasons[0].rules == ("H2", "K2", "K3")
    reasons = failure.sentences
    assert any("12 places" in r and "16 participants" in r and "il manque 4 places" in r for r in reasons)


def test_too_few_companies() -> None:
    reasons = reasons_for(rally_content(companies=5))
    assert any("Seulement 5 entreprises" in r for r in reasons)


def test_sessions_too_short_for_six_visits() -> None:
    content = rally_content()
    schedule = content["rally"]["schedule"]
    schedule[1] = {"kind": "visits", "date": "2027-03-16", "start": "09:00", "end": "12:00"}
    schedule[2] = {"kind": "visits", "date": "2027-03-17", "start": "09:00", "end": "11:00"}
    reasons = reasons_for(content)
    assert any("ne laissent place qu'à 3 visites par équipe" in r for r in reasons)


def test_not_enough_visit_slots() -> None:
    content = rally_content()
    for company in content["companies"]:
        company["max_visits"] = 1
        company["capacity"] = 6  # one team at a time: no grouped visit
    reasons = reasons_for(content)
    assert any(
        "ne peuvent recevoir que 12 visites en tout" in r and "au moins 24 (4 équipes × 6 visites)" in r
        for r in reasons
    )


def test_company_too_small_for_a_team_is_named() -> None:
    content = rally_content(companies=6)
    content["companies"][0]["capacity"] = 3
    reasons = reasons_for(content)
    assert any("Atelier Mécanique du Fier (C01) n'accueille que 3 personnes" in r for r in reasons)


def test_a_sector_that_cannot_receive_every_team_is_named() -> None:
    content = rally_content(companies=7)
    content["companies"][6]["sector"] = "Industrie"  # C07 joins C01's sector: 6 sectors for 6 visits
    content["companies"][5].update({"max_visits": 1, "capacity": 6})  # BTP: one visit in all
    reasons = reasons_for(content)
    assert any("Chaque équipe doit voir 6 secteurs différents" in r and "BTP : 1 visite" in r for r in reasons), reasons


def test_company_whose_windows_are_too_short_is_explained() -> None:
    content = rally_content(companies=6)
    content["companies"][2]["availability"] = [{"date": "2027-03-16", "start": "09:00", "end": "09:40"}]
    reasons = reasons_for(content)
    assert any("Seulement 5 entreprises" in r for r in reasons)
    assert any(
        "Les disponibilités de Clinique du Lac (C03) (16 mars 09:00-09:40) sont plus courtes qu'une visite (60 min)"
        in r
        for r in reasons
    ), reasons


def test_company_too_far_for_its_windows_is_explained() -> None:
    content = rally_content(companies=6)
    content["companies"][2].update({"lat": 45.5, "lon": 6.5})  # about 55 km away
    content["companies"][2]["availability"] = [{"date": "2027-03-17", "start": "08:30", "end": "10:30"}]
    reasons = reasons_for(content)
    assert any("Clinique du Lac (C03) est à" in r and "ne laissent pas le temps d'y aller" in r for r in reasons)


def test_conflict_found_by_the_solver_names_the_rules_and_data() -> None:
    """Two companies open only the same hour: no team can see both, yet each must see all six."""
    content = rally_content(companies=6)
    for company in content["companies"][2:4]:
        company["capacity"] = 30
        company["availability"] = [{"date": "2027-03-16", "start": "09:00", "end": "10:30"}]
    failure = failure_for(content)
    assert len(failure.reasons) == 1
    text = failure.reasons[0].text
    assert text.startswith("Ces règles et données ne peuvent pas être respectées toutes ensemble")
    # The planner's constraint groups carry the checker's and the charter's codes.
    assert set(failure.reasons[0].rules) >= {"H4", "K4"}
    assert charter.mention("K4") in text
    assert "les disponibilités de Clinique du Lac (C03) (16 mars 09:00-10:30)" in text
    assert "les disponibilités de Brasserie du Pâquier (C04) (16 mars 09:00-10:30)" in text
    assert "au moins 6 visites par équipe" in text
    assert "élargir les disponibilités de" in text
