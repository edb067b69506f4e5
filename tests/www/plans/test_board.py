"""The planning board as people read it (``www/plans/board.py``): a grid covering each whole
session, visits named and coloured by sector, grouped visits said, the free time after the
return explained, the same day as a list per team, and team cards in names."""

from __future__ import annotations

import json
from pathlib import Path

from rallye.domain.clock import hhmm
from rallye.domain.plan import Plan
from rallye.domain.rally import Rally
from rallye.formats.load import load_rally
from rallye.formats.plan_json import plan_from_content
from rallye.www.plans.board import SECTOR_STYLES, SLOT_MINUTES, board, legend, sector_colours, team_cards

EXAMPLE = Path(__file__).parents[3] / "examples" / "annecy-2027"


def example() -> tuple[Rally, Plan]:
    rally = load_rally(EXAMPLE / "rally.json")
    plan = plan_from_content(json.loads((EXAMPLE / "plan.json").read_text(encoding="utf-8")))
    return rally, plan


def test_the_grid_covers_each_whole_session() -> None:
    rally, plan = example()
    boards = board(rally, plan)
    assert len(boards) == len(rally.visit_sessions)
    for session, shown in zip(rally.visit_sessions, boards, strict=True):
        slots = -(-(session.end - session.start) // SLOT_MINUTES)
        assert sum(hour.span for hour in shown.hours) == slots, shown.title
        assert shown.hours[0].label == hhmm(session.start)
        assert shown.end == hhmm(session.end) and shown.title.endswith(f"{hhmm(session.start)}-{hhmm(session.end)}")
        for row in shown.rows:
            assert sum(cell.span for cell in row.cells) == slots, (shown.title, row.team.name)
    long_day = next(b for b in boards if b.end == "17:30")
    assert [hour.label for hour in long_day.hours][-2:] == ["16:00", "17:00"]


def test_visits_are_named_coloured_by_sector_and_grouped_visits_said() -> None:
    rally, plan = example()
    names = {c.name for c in rally.companies}
    colours = sector_colours(rally)
    visits = [cell for b in board(rally, plan) for row in b.rows for cell in row.cells if cell.kind == "visit"]
    assert len(visits) == sum(len(team.visits) for team in plan.teams)
    for cell in visits:
        assert cell.text in names and cell.sector and cell.colour == colours[cell.sector]
        assert f"sector-{cell.colour}" in cell.css
    grouped = [cell for cell in visits if cell.grouped_with]
    assert len(grouped) == 2 * plan.metrics["grouped_visits"]  # each team of a pair says the other
    assert all(name.startswith("Équipe") for cell in grouped for name in cell.grouped_with)
    assert set(colours.values()) <= set(range(1, SECTOR_STYLES + 1))
    if len(colours) <= SECTOR_STYLES:  # each sector its own style (the example has more than 8)
        assert len(set(colours.values())) == len(colours)


def test_free_time_after_the_return_is_explained() -> None:
    rally, plan = example()
    boards = board(rally, plan)
    after = [cell for b in boards for row in b.rows for cell in row.cells if cell.kind == "after"]
    assert after, "no team comes back before the end of a session in the example"
    assert all(cell.text == "libre" and "retour au lieu de rendez-vous" in cell.detail for cell in after)
    items = [item for b in boards for row in b.rows for item in row.items]
    assert any(item.startswith("retour au lieu de rendez-vous à ") for item in items)
    assert any(item.startswith("pause déjeuner ") for item in items)


def test_the_legend_lists_the_sectors_visited() -> None:
    rally, plan = example()
    shown = legend(rally, plan)
    visited = {c.sector for c in rally.companies if any(v.company == c.id for t in plan.teams for v in t.visits)}
    assert {sector for sector, _ in shown.sectors} == visited
    assert shown.grouped


def test_team_cards_read_in_names() -> None:
    rally, plan = example()
    cards = team_cards(rally, plan)
    people = {p.id: p.full_name for p in rally.participants}
    first = cards[0]
    assert [name for _, name in first.members] == [people[m] for m in first.team.members]
    vehicle = next(v for v in rally.vehicles if v.id == first.team.vehicle)
    assert vehicle.label in first.vehicle
    assert first.visits[0].when.startswith(("mardi", "mercredi")) and "-" in first.visits[0].when
    assert {visit.name for visit in first.visits} <= {c.name for c in rally.companies}
