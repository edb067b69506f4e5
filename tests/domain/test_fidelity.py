"""The fidelity grid prefilled from the data: what each principle reads, and never a name."""

from __future__ import annotations

from dataclasses import replace

import pytest

from rallye.domain import fidelity
from rallye.domain.fidelity import PRINCIPLES, RallyFacts, prefill
from rallye.domain.plan import Plan
from rallye.domain.questionnaires import compare
from rallye.domain.rally import Rally, SessionKind


def scores(rally: Rally, plan: Plan | None, facts: RallyFacts | None = None) -> dict[str, int | None]:
    return {item.principle.code: item.score for item in prefill(rally, plan, facts)}


def test_the_grid_has_nineteen_principles_under_seven_headings() -> None:
    assert len(PRINCIPLES) == 19
    assert len({p.code for p in PRINCIPLES}) == 19
    assert len({p.heading for p in PRINCIPLES}) == 7
    assert [p.code for p in PRINCIPLES if p.heading is fidelity.Heading.KEY_FIGURES] == ["K1", "K2", "K3", "K4"]


def test_a_plan_that_keeps_the_charter_scores_4_on_every_measured_rule(rally: Rally, plan: Plan) -> None:
    grid = scores(rally, plan)
    assert {code: grid[code] for code in fidelity.CHARTER_CODES} == dict.fromkeys(fidelity.CHARTER_CODES, 4)


def test_without_plan_the_plan_rules_are_not_assessable(rally: Rally) -> None:
    grid = prefill(rally, None)
    by_code = {item.principle.code: item for item in grid}
    assert by_code["K2"].score is None
    assert by_code["K2"].score_fr == "non évaluable à ce stade"
    assert "Pas encore de planning" in by_code["K2"].evidence


def test_a_missing_closing_scores_0_and_a_short_rally_scores_2(rally: Rally, plan: Plan) -> None:
    no_closing = replace(rally, schedule=tuple(s for s in rally.schedule if s.kind is not SessionKind.CLOSING))
    assert scores(no_closing, plan)["F4"] == 0
    too_few = replace(rally, participants=rally.participants[:14])
    assert scores(too_few, plan)["K1"] == 2


def test_objectives_come_from_the_questionnaires(rally: Rally, plan: Plan) -> None:
    before = {"a": {"companies_open": 2, "companies_known": 2, "confidence": 2, "isolation": 3, "network": 2}}
    after = {"a": {"companies_open": 4, "companies_known": 3, "confidence": 2, "isolation": 4, "network": 2}}
    grid = {item.principle.code: item for item in prefill(rally, plan, RallyFacts(survey=compare(before, after)))}
    assert grid["O1"].score == 4  # +1.5 on average
    assert "1 personne" in grid["O1"].evidence
    assert grid["O2"].score == 2  # confidence unchanged
    assert grid["O3"].score == 1  # network unchanged, isolation worse: -0.5
    assert scores(rally, plan)["O1"] is None


def test_reporting_waits_for_the_rally_then_reads_the_dates(rally: Rally, plan: Plan) -> None:
    assert scores(rally, plan, RallyFacts(taken_place=False))["R1"] is None
    done = RallyFacts(taken_place=True, first_rally=False, reported_to_federation=True, network_meetings=False)
    grid = {item.principle.code: item for item in prefill(rally, plan, done)}
    assert (grid["R1"].score, grid["R3"].score) == (4, 0)
    assert grid["R2"].score is None and "Sans objet" in grid["R2"].evidence
    first = scores(rally, plan, RallyFacts(taken_place=True, first_rally=True, reported_to_ansa=False))
    assert first["R2"] == 0


def test_territory_counts_the_kinds_of_actors(rally: Rally, plan: Plan) -> None:
    served = replace(rally, participants=tuple(replace(p, prescriber="Pôle emploi") for p in rally.participants))
    assert scores(served, plan, RallyFacts(funders=2))["O4"] == 4
    assert scores(rally, plan, RallyFacts(funders=0))["O4"] == 1  # the companies only


def test_job_seekers_and_communication(rally: Rally, plan: Plan) -> None:
    assert scores(rally, plan)["P1"] is None  # no status written
    mixed = replace(
        rally,
        participants=tuple(
            replace(p, status="DELD" if i % 2 == 0 else "salarié") for i, p in enumerate(rally.participants)
        ),
    )
    assert scores(mixed, plan)["P1"] == 2  # 8 of 15
    assert scores(rally, plan)["C1"] == 2  # named, no logo
    assert scores(replace(rally, name="Journée découverte", logo="logo.png"), plan)["C1"] == 2


def test_evidence_never_names_a_person(rally: Rally, plan: Plan) -> None:
    short = replace(rally, participants=rally.participants[:14])
    names = {p.first_name for p in rally.participants} | {p.last_name for p in rally.participants}
    for item in prefill(short, plan, RallyFacts(taken_place=True, funders=1)):
        assert not any(name in item.evidence for name in names), item


def test_means_skip_what_is_not_assessable() -> None:
    grid = {"F1": 4, "F2": 2, "F3": None, "O1": None}
    means = fidelity.heading_means(grid)
    assert means[fidelity.Heading.FORMAT] == 3
    assert means[fidelity.Heading.OBJECTIVES] is None
    assert fidelity.overall_mean(grid) == 3


@pytest.mark.parametrize(
    ("status", "seeking"),
    [
        ("DELD", True),
        ("DE/BRSA", True),
        ("BRSA,DELD", True),
        ("jeune NEET", True),
        ("demandeuse d'emploi", True),
        ("Salariée en CDDI", True),
        ("salarié en insertion", True),
        ("en reconversion", True),
        ("salarié en contrat de professionnalisation", False),
        ("bénéficiaire de l'AAH", False),
        ("retraité", False),
    ],
)
def test_statuses_that_say_the_person_looks_for_work(status: str, seeking: bool) -> None:
    assert fidelity.looks_for_work(status) is seeking


def test_the_objective_score_agrees_with_the_gain_written(rally: Rally, plan: Plan) -> None:
    # network 2 → 3 for two people, 2 → 2 for one: +0,467, written « +0,5 », scored as +0,5
    before = {k: {"network": 2, "isolation": 2} for k in "abc"}
    after = {
        "a": {"network": 3, "isolation": 2},
        "b": {"network": 3, "isolation": 2},
        "c": {"network": 2, "isolation": 1},
    }
    grid = {item.principle.code: item for item in prefill(rally, plan, RallyFacts(survey=compare(before, after)))}
    assert "+0,5 point" in grid["O3"].evidence and grid["O3"].score == 4
