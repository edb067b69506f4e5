"""Write the demo's past season again (``src/rallye/demo_data/demo-season.json``).

The rallies of :data:`rallye.demo_season.SEASONS` drawn by the generator in their territory,
moved to their dates and planned by the solver (one worker, fixed seed: the same file every
time). Run after changing the season, the generator or the solver::

    uv run python -m benchmarks.demo_season
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.generator import ANNECY, VOIRON, InstanceSpec, Programme, Territory, generate_rally
from rallye.domain import rally as domain
from rallye.domain.compliance import check_plan
from rallye.engine.params import SolveParams
from rallye.engine.solve import solve
from rallye.formats.plan_json import plan_to_content
from rallye.formats.rally_json import rally_to_content

if TYPE_CHECKING:
    from rallye.demo_season import SeasonRally

SEASON_FILE = Path(__file__).resolve().parents[1] / "src" / "rallye" / "demo_data" / "demo-season.json"
SOLVE_SECONDS = 5.0
"""Deterministic solver time per rally (about 15 s of wall time)."""
TERRITORIES = {"ANNECY": ANNECY, "VOIRON": VOIRON}
"""The territories a season names (``StructureSeason.territory``)."""


def generated_rally(territory: Territory, spec: SeasonRally) -> domain.Rally:
    """The generator's rally for ``spec``, on its dates and under its name."""
    drawn = generate_rally(
        InstanceSpec(
            spec.key,
            participants=(spec.participants, spec.participants),
            companies=(spec.companies, spec.companies),
            vehicles=spec.vehicles,
            programme=Programme(spec.programme),
            territories=(territory,),
            spread_km=15.0,
            absent_share=spec.absent / spec.participants,
            year=spec.first_day.year,
        ),
        spec.seed,
    )
    shift = spec.first_day - min(s.date for s in drawn.schedule)
    return replace(
        drawn,
        name=spec.name,
        schedule=tuple(replace(s, date=s.date + shift) for s in drawn.schedule),
        companies=tuple(
            replace(c, availability=tuple(replace(w, date=w.date + shift) for w in c.availability))
            for c in drawn.companies
        ),
    )


def regenerate(path: Path = SEASON_FILE, seconds: float = SOLVE_SECONDS) -> None:
    """Generate and plan every rally of the season, and write them to ``path``."""
    from rallye.demo_season import SEASONS

    rallies: dict[str, Any] = {}
    for season in SEASONS:
        for spec in season.rallies:
            data = generated_rally(TERRITORIES[season.territory], spec)
            plan = solve(data, SolveParams(time_limit=seconds, seed=spec.seed, workers=1)).plan
            report = check_plan(data, plan)
            if not report.hard_ok:
                raise ValueError(f"{spec.key}: the plan breaks a rule\n" + "\n".join(report.lines()))
            rallies[spec.key] = {"rally": rally_to_content(data), "plan": plan_to_content(plan)}
    text = json.dumps({"rallies": rallies}, ensure_ascii=False, indent=1)
    path.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rallye.web.settings")
    django.setup()
    regenerate()
