"""Rallies beyond the charter's size are planned by parts that share no company nor vehicle."""

from __future__ import annotations

from benchmarks.generator import LARGE, STANDARD, InstanceSpec, generate_rally

from rallye.domain.compliance import check_plan
from rallye.engine.params import Progress, SolveParams
from rallye.engine.parts import needs_parts, split
from rallye.engine.solve import solve

REGIONAL = InstanceSpec("regional", participants=(45, 45), companies=(24, 24), vehicles=10, spread_km=15.0)


def test_charter_sized_rallies_are_planned_whole() -> None:
    assert not needs_parts(generate_rally(STANDARD, 1))
    assert needs_parts(generate_rally(LARGE, 1))


def test_large_rally_is_split_into_disjoint_charter_sized_parts() -> None:
    rally = generate_rally(LARGE, 1)
    parts = split(rally)
    assert len(parts) == 4
    assert all(len(p.participants) <= 30 for p in parts)
    assert sum(len(p.participants) for p in parts) == len(rally.present_participants)
    companies = [c.id for p in parts for c in p.companies]
    vehicles = [v.id for p in parts for v in p.vehicles]
    assert sorted(companies) == sorted(c.id for c in rally.companies)
    assert sorted(vehicles) == sorted(v.id for v in rally.vehicles)
    for part in parts:
        seats = sum(min(8, v.max_members) for v in part.vehicles)
        assert seats >= len(part.participants)
        assert len(part.sectors()) >= rally.visits_per_team.max


def test_regional_rally_gets_a_plan_that_keeps_the_hard_rules() -> None:
    rally = generate_rally(REGIONAL, 2)
    events: list[Progress] = []
    result = solve(rally, SolveParams(time_limit=3, workers=1, on_progress=events.append))
    report = check_plan(rally, result.plan)
    assert report.hard_ok, "\n".join(report.lines())
    assert not report.result("K1").ok  # 45 people: beyond the charter, and said so
    assert result.plan.solver["parts"] == 2
    assert any(e.stage == "first_plan" for e in events)
