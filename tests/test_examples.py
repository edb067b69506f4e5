"""The examples the README uses: the workbook says the same as rally.json, the plan keeps the rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from rallye.domain.compliance import check_plan
from rallye.formats.load import load_plan, load_rally

EXAMPLES = sorted(p for p in (Path(__file__).parent.parent / "examples").iterdir() if p.is_dir())


@pytest.mark.parametrize("folder", EXAMPLES, ids=lambda p: p.name)
def test_workbook_and_json_hold_the_same_rally(folder: Path) -> None:
    assert load_rally(folder / "rally.xlsx") == load_rally(folder / "rally.json")


@pytest.mark.parametrize("folder", EXAMPLES, ids=lambda p: p.name)
def test_example_plan_keeps_every_rule(folder: Path) -> None:
    rally = load_rally(folder / "rally.json")
    report = check_plan(rally, load_plan(folder / "plan.json"))
    assert report.ok, "\n".join(report.lines())


def test_examples_are_charter_sized() -> None:
    for folder in EXAMPLES:
        rally = load_rally(folder / "rally.json")
        assert len(rally.participants) >= 24
        assert len(rally.companies) >= 12
        assert len(rally.visit_sessions) == 2
