"""The synthetic instance generator: deterministic, valid, and plausible to plan.

Plausibility is shown by a witness: a simple greedy schedule (no solver) that keeps the hard
rules of the spec with exclusive visits (no grouped visit) and balanced teams. When the greedy
finds a plan, a plan exists; the planner, which may group visits, can only do better.
"""

from __future__ import annotations

import dataclasses
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from benchmarks.generator import (
    LARGE,
    MULTI_SITE,
    PRESETS,
    SMALL,
    STANDARD,
    InstanceSpec,
    Programme,
    generate_rally,
)

from rallye.domain.rally import BASE, Company, Rally, Session
from rallye.domain.travel import TravelTimes, haversine_km
from rallye.formats.problems import json_locator
from rallye.formats.rally_input import parse_rally_json, validate_rally
from rallye.formats.rally_json import rally_to_content
from rallye.formats.schemas import RALLY_SCHEMA, schema_errors

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


# -- the witness ---------------------------------------------------------------------------


@dataclass
class _Team:
    size: int
    visits: list[tuple[str, int, int, int]] = field(default_factory=list)
    """(company, day ordinal, start, end)."""
    sectors: set[str] = field(default_factory=set)


def _team_sizes(rally: Rally) -> list[int]:
    """Balanced teams of 3 to 8, one per vehicle, within seats - 1."""
    present = len(rally.present_participants)
    vehicles = sorted(rally.vehicles, key=lambda v: -v.seats)[: present // 3]
    sizes = [0] * len(vehicles)
    for _ in range(present):
        candidates = [i for i, v in enumerate(vehicles) if sizes[i] < min(8, v.max_members)]
        assert candidates, "not enough seats"
        sizes[min(candidates, key=lambda i: (sizes[i], -vehicles[i].seats))] += 1
    assert all(size >= 3 for size in sizes)
    return sizes


def _earliest(
    rally: Rally,
    company: Company,
    session: Session,
    ready: int,
    busy: list[tuple[int, int, int]],
) -> int | None:
    """Earliest start at ``company`` from ``ready`` inside the session, or None."""
    length = rally.visit_minutes_of(company)
    day = session.date.toordinal()
    parts = [(w.start, w.end) for w in session.visit_windows()]
    if company.availability:
        parts = [
            (max(a, w.start), min(b, w.end)) for a, b in parts for w in company.availability if w.date == session.date
        ]
    for a, b in sorted(parts):
        start = max(ready, a)
        moved = True
        while moved:
            moved = False
            for busy_day, s, e in busy:
                if busy_day == day and s < start + length and start < e:
                    start, moved = e, True
        if start + length <= b:
            return start
    return None


def greedy_witness(rally: Rally, attempts: int = 30) -> list[_Team] | None:
    """A plan keeping the hard rules (exclusive visits), found greedily, or None.

    The first attempt takes, for the team that is free first, the visit that ends first;
    later attempts pick at random among the three visits that end first.
    """
    for attempt in range(attempts):
        teams = _greedy(rally, random.Random(attempt) if attempt else None)
        if teams is not None:
            return teams
    return None


def _greedy(rally: Rally, rng: random.Random | None) -> list[_Team] | None:
    travel = TravelTimes(rally)
    teams = [_Team(size) for size in _team_sizes(rally)]
    busy: dict[str, list[tuple[int, int, int]]] = {c.id: [] for c in rally.companies}
    target = rally.visits_per_team.max
    for session in rally.visit_sessions:
        position = [BASE] * len(teams)
        clock = [session.start] * len(teams)
        done = [len(t.visits) >= target for t in teams]
        while not all(done):
            index = min((i for i in range(len(teams)) if not done[i]), key=lambda i: clock[i])
            team = teams[index]
            options: list[tuple[int, int, Company]] = []
            for company in rally.companies:
                if (
                    company.sector in team.sectors
                    or company.capacity < team.size + 1
                    or (company.max_visits is not None and len(busy[company.id]) >= company.max_visits)
                ):
                    continue
                ready = clock[index] + travel(position[index], company.id)
                start = _earliest(rally, company, session, ready, busy[company.id])
                if start is None:
                    continue
                end = start + rally.visit_minutes_of(company)
                if end + travel(company.id, BASE) <= session.end:
                    options.append((end, start, company))
            if not options:
                done[index] = True
                continue
            options.sort(key=lambda o: (o[0], len(busy[o[2].id]), o[2].id))
            end, start, company = options[0] if rng is None else rng.choice(options[:3])
            team.visits.append((company.id, session.date.toordinal(), start, end))
            team.sectors.add(company.sector)
            busy[company.id].append((session.date.toordinal(), start, end))
            position[index], clock[index] = company.id, end
            done[index] = len(team.visits) >= target
    if any(len(t.visits) < rally.visits_per_team.min for t in teams):
        return None
    if len({v[0] for t in teams for v in t.visits}) < 6:
        return None
    return teams


# -- determinism and validity --------------------------------------------------------------


@pytest.mark.parametrize("spec", PRESETS.values(), ids=PRESETS.keys())
def test_same_seed_gives_the_same_rally(spec: InstanceSpec) -> None:
    assert generate_rally(spec, 7) == generate_rally(spec, 7)
    assert rally_to_content(generate_rally(spec, 7)) == rally_to_content(generate_rally(spec, 7))


@pytest.mark.parametrize("spec", PRESETS.values(), ids=PRESETS.keys())
def test_other_seeds_give_other_rallies(spec: InstanceSpec) -> None:
    rallies = [generate_rally(spec, seed) for seed in range(4)]
    assert len({json.dumps(rally_to_content(r), sort_keys=True) for r in rallies}) == 4


@pytest.mark.parametrize("spec", PRESETS.values(), ids=PRESETS.keys())
@pytest.mark.parametrize("seed", range(5))
def test_round_trips_and_matches_the_schema(spec: InstanceSpec, seed: int) -> None:
    rally = generate_rally(spec, seed)
    content = rally_to_content(rally)
    assert schema_errors(content, RALLY_SCHEMA) == []
    assert validate_rally(content, json_locator("generated.json")) == rally


@pytest.mark.parametrize("seed", range(5))
def test_sizes_match_the_presets(seed: int) -> None:
    small = generate_rally(SMALL, seed)
    assert len(small.participants) == 15
    assert 6 <= len(small.companies) <= 7
    assert len({c.address.split(", ")[-1] for c in small.companies}) == 1, "one town"

    standard = generate_rally(STANDARD, seed)
    assert 24 <= len(standard.participants) <= 30
    assert 12 <= len(standard.companies) <= 18
    assert len(standard.visit_sessions) == 2

    large = generate_rally(LARGE, seed)
    assert len(large.participants) == 120
    assert len(large.vehicles) == 20
    assert len(large.companies) == 60
    assert [s.end - s.start for s in large.visit_sessions] == [480, 510], "two full visit days"


@pytest.mark.parametrize("seed", range(8))
def test_multi_site_companies_lie_in_distant_towns(seed: int) -> None:
    rally = generate_rally(MULTI_SITE, seed)
    far = [c for c in rally.companies if haversine_km(rally.base, c.place) > 25]
    near = [c for c in rally.companies if haversine_km(rally.base, c.place) < 15]
    assert far, "some companies lie on a distant site"
    assert len(near) >= len(rally.companies) / 2, "the base's site holds at least half the companies"
    assert max(haversine_km(rally.base, c.place) for c in rally.companies) < 55


@pytest.mark.parametrize("spec", PRESETS.values(), ids=PRESETS.keys())
@pytest.mark.parametrize("seed", range(5))
def test_generated_rallies_look_like_rallies(spec: InstanceSpec, seed: int) -> None:
    rally = generate_rally(spec, seed)
    present = len(rally.present_participants)
    assert sum(v.max_members for v in rally.vehicles) >= present
    assert len(rally.sectors()) >= 6
    assert len({p.id for p in rally.participants}) == len(rally.participants)
    assert len({c.name for c in rally.companies}) == len(rally.companies)
    assert all(c.contact and c.contact.phone.startswith("06 00 ") for c in rally.companies)
    assert all(c.contact and c.contact.email.endswith("@example.fr") for c in rally.companies)
    assert all(6 <= c.capacity <= 14 for c in rally.companies)
    assert any(c.availability for c in rally.companies)
    assert any(c.hiring for c in rally.companies)
    ages = [rally.year - p.birth_year for p in rally.participants]
    assert min(ages) >= 19 and max(ages) <= 61


# -- plausibility --------------------------------------------------------------------------


@pytest.mark.parametrize("spec", [SMALL, STANDARD, MULTI_SITE], ids=["small", "standard", "multi_site"])
@pytest.mark.parametrize("seed", range(10))
def test_generated_rallies_can_be_planned(spec: InstanceSpec, seed: int) -> None:
    assert greedy_witness(generate_rally(spec, seed)) is not None


@pytest.mark.parametrize("seed", range(3))
def test_large_rallies_can_be_planned(seed: int) -> None:
    assert greedy_witness(generate_rally(LARGE, seed)) is not None


def test_every_programme_can_be_planned() -> None:
    for programme in Programme:
        spec = dataclasses.replace(STANDARD, name=programme.value, programme=programme)
        assert greedy_witness(generate_rally(spec, 3)) is not None, programme


@pytest.mark.parametrize("name", ["annecy-2027", "voiron-2027"])
def test_example_rallies_can_be_planned(name: str) -> None:
    path = EXAMPLES / name / "rally.json"
    rally = parse_rally_json(path.read_text(encoding="utf-8"), str(path))
    assert greedy_witness(rally) is not None


def test_the_witness_notices_an_impossible_rally() -> None:
    rally = generate_rally(SMALL, 0)
    one_sector = dataclasses.replace(
        rally, companies=tuple(dataclasses.replace(c, sector="Commerce") for c in rally.companies)
    )
    assert greedy_witness(one_sector) is None


def test_spec_rejects_impossible_sizes() -> None:
    with pytest.raises(ValueError, match="companies"):
        InstanceSpec("tiny", participants=(15, 15), companies=(4, 5))
    with pytest.raises(ValueError, match="vehicles"):
        InstanceSpec("crowded", participants=(30, 30), companies=(8, 8), vehicles=3)
