"""Re-planning benchmark: the morning of the rally, people absent and a company withdrawn.

For each rally (the examples and ``STANDARD`` 1-5 by default): a plan (``solve``, 30 s), then two
re-plannings (``replan``, 10 s), each with 3 absences and 1 withdrawn company, the company
visited by the most teams (ties: the smallest id):

- ``3 teams``: the first member of each of the three smallest teams (ties: team id), so that a
  team of 3 falls below the minimum;
- ``2+1``: the first two members of the smallest team (a team of 3 or 4 falls below 3) and the
  first member of the next one.

It reports when the stability stage (moved people, visit changes, shifted minutes) was done and
whether it was proven, the wall time of ``replan``, what changed and the hard rules.

    uv run python -m benchmarks.replan_bench [--instances NAME...] [--plan-limit S] [--limit S]
        [--json FILE] [--out FILE]
    uv run python -m benchmarks.replan_bench --render FILE.json [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import time
import traceback
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.report import append_section, header_lines, load_average, rules_cell, seconds, table, utc_date
from benchmarks.run_planner import resolve_instances
from rallye.domain.compliance import check_plan
from rallye.domain.plan import Plan, Team
from rallye.domain.rally import Rally
from rallye.engine.params import Progress, SolveParams
from rallye.engine.replan import replan
from rallye.engine.results import NoPlanFound
from rallye.engine.solve import solve

DEFAULT_INSTANCES = ("examples", "standard")
STABILITY = "stability"
TEAM_MINIMUM = 3


@dataclass
class Scenario:
    name: str
    absent: list[str]
    cancelled: str
    sizes: str
    """Sizes of the teams that lose people, before → after (``4→3, 3→2``)."""
    teams_visiting: int
    """How many teams visit the withdrawn company in the previous plan."""


@dataclass
class Replanned:
    instance: str
    plan_wall: float
    plan_status: str
    plan_hard_ok: bool
    scenario: Scenario
    wall: float | None = None
    cpu: float | None = None
    load: float | None = None
    status: str = "error"
    stages: list[dict[str, Any]] = field(default_factory=list)
    stability_found: float | None = None
    """Since the call: the last improving solution of the stability stage."""
    next_stage: float | None = None
    """Since the call: the first solution of the stage after stability (stability is done)."""
    stability_terms: dict[str, int] = field(default_factory=dict)
    moved_people: int | None = None
    visit_changes: int | None = None
    shifted_minutes: int | None = None
    dissolved: list[str] = field(default_factory=list)
    hard_ok: bool | None = None
    failed_rules: list[str] = field(default_factory=list)
    detail: str = ""


# -- scenarios -----------------------------------------------------------------------------


def most_visited(plan: Plan) -> tuple[str, int]:
    counts = Counter(company for team in plan.teams for company in {v.company for v in team.visits})
    company = min(counts, key=lambda c: (-counts[c], c))
    return company, counts[company]


def _smallest(plan: Plan) -> list[Team]:
    return sorted(plan.teams, key=lambda t: (len(t.members), t.id))


def _sizes(plan: Plan, absent: Sequence[str]) -> str:
    hit = [t for t in plan.teams if any(m in absent for m in t.members)]
    return ", ".join(f"{len(t.members)}→{sum(m not in absent for m in t.members)}" for t in hit)


def scenarios(plan: Plan) -> list[Scenario]:
    company, visiting = most_visited(plan)
    teams = _smallest(plan)
    spread = [team.members[0] for team in teams[:3]]
    pair = [*teams[0].members[:2], teams[1].members[0]]
    return [
        Scenario(name, absent, company, _sizes(plan, absent), visiting)
        for name, absent in (("3 teams", spread), ("2+1", pair))
    ]


# -- running -------------------------------------------------------------------------------


def run_scenario(rally: Rally, previous: Plan, scenario: Scenario, limit: float, outcome: Replanned) -> None:
    events: list[Progress] = []
    params = SolveParams(time_limit=limit, on_progress=events.append)
    absent, cancelled = frozenset(scenario.absent), frozenset({scenario.cancelled})
    outcome.load = load_average()
    began, cpu_began = time.monotonic(), time.process_time()
    try:
        result = replan(rally, previous, absent=absent, cancelled=cancelled, params=params)
    except NoPlanFound as no_plan:
        outcome.status = "no plan (proven)" if no_plan.proven else "no plan (time)"
        outcome.detail = " / ".join(no_plan.sentences)
        return
    except Exception as error:  # a benchmark reports every failure and goes on
        outcome.detail = f"{type(error).__name__}: {error}"
        traceback.print_exc()
        return
    finally:
        outcome.wall, outcome.cpu = time.monotonic() - began, time.process_time() - cpu_began
        found = [e.elapsed for e in events if e.stage == STABILITY]
        after = [e.elapsed for e in events if e.stage != STABILITY]
        outcome.stability_found = found[-1] if found else None
        outcome.next_stage = after[0] if after else None
    plan, changes = result.plan, result.changes
    assert changes is not None
    outcome.status = plan.status.value
    outcome.stages = list(plan.solver.get("stages", []))
    outcome.stability_terms = dict((plan.changes or {}).get("stability", {}))
    outcome.moved_people = changes.moved_people
    outcome.visit_changes = len(changes.removed_visits) + len(changes.added_visits)
    outcome.shifted_minutes = changes.shifted_minutes
    outcome.dissolved = list(changes.dissolved_teams)
    changed = rally.with_changes(absent=frozenset(plan.absent), cancelled=cancelled)
    report = check_plan(changed, plan)
    outcome.hard_ok, outcome.failed_rules = report.hard_ok, [rule.code for rule in report.failed]


def run(names: Sequence[str], plan_limit: float, limit: float, record: dict[str, Any], json_out: Path | None) -> None:
    for instance in resolve_instances(names, 5):
        rally = instance.load()
        print(f"{instance.name}: plan ({plan_limit:g} s) …", file=sys.stderr, flush=True)
        began = time.monotonic()
        result = solve(rally, SolveParams(time_limit=plan_limit))
        plan_wall = time.monotonic() - began
        previous = result.plan
        plan_ok = check_plan(rally, previous).hard_ok
        for scenario in scenarios(previous):
            print(f"    replan {scenario.name}: {scenario} …", file=sys.stderr, flush=True)
            outcome = Replanned(instance.name, plan_wall, previous.status.value, plan_ok, scenario)
            run_scenario(rally, previous, scenario, limit, outcome)
            print(
                f"    {outcome.status}, wall {seconds(outcome.wall)} s, stability done by "
                f"{seconds(outcome.next_stage)} s, hard rules {outcome.hard_ok}",
                file=sys.stderr,
                flush=True,
            )
            record["runs"].append(asdict(outcome))
            if json_out is not None:
                json_out.write_text(json.dumps(record, indent=1), encoding="utf-8")


# -- report --------------------------------------------------------------------------------


def _stability_cell(outcome: Replanned) -> str:
    stage = next((s for s in outcome.stages if s.get("stage") == STABILITY), None)
    if stage is None:
        return "–"
    proven = "proven" if stage.get("status") == "optimal" else f"**not proven** ({stage.get('status')})"
    return f"{proven} · {float(stage.get('seconds', 0.0)):.1f} s"


def _terms_match(outcome: Replanned) -> str:
    """Whether the plan's changes are what the stability stage counted."""
    terms = outcome.stability_terms
    if not terms or outcome.moved_people is None:
        return "–"
    counted = (terms.get("moved_people"), terms.get("visit_changes"), terms.get("shifted_minutes"))
    measured = (outcome.moved_people, outcome.visit_changes, outcome.shifted_minutes)
    return "yes" if counted == measured else f"**no**: stage {counted}"


def _row(outcome: Replanned) -> list[str]:
    scenario = outcome.scenario
    return [
        outcome.instance,
        f"{outcome.plan_status}, {outcome.plan_wall:.1f} s",
        scenario.name,
        f"{', '.join(scenario.absent)} ({scenario.sizes})",
        f"{scenario.cancelled} ({scenario.teams_visiting} teams)",
        seconds(outcome.wall),
        "–" if outcome.load is None else f"{outcome.load:.2f}",
        _stability_cell(outcome),
        seconds(outcome.stability_found),
        seconds(outcome.next_stage),
        outcome.status if outcome.status in ("optimal", "feasible") else f"**{outcome.status}**",
        str(outcome.moved_people if outcome.moved_people is not None else "–"),
        str(outcome.visit_changes if outcome.visit_changes is not None else "–"),
        str(outcome.shifted_minutes if outcome.shifted_minutes is not None else "–"),
        ", ".join(outcome.dissolved) or "–",
        rules_cell(outcome.hard_ok, outcome.failed_rules),
        _terms_match(outcome),
    ]


def report_lines(record: dict[str, Any]) -> list[str]:
    outcomes = [Replanned(**(run | {"scenario": Scenario(**run["scenario"])})) for run in record["runs"]]
    limit, plan_limit = record["limit"], record["plan_limit"]
    walls = [o.wall for o in outcomes if o.wall is not None]
    done = [o.next_stage for o in outcomes if o.next_stage is not None]
    proven = sum(_stability_cell(o).startswith("proven") for o in outcomes)
    return [
        f"Plan: `solve`, {plan_limit:g} s (status and wall time of that solve). Re-plan: `replan`, "
        f"{limit:g} s, 2 workers, seed 0. Absent: the ids, then the sizes of the teams they leave (before→after). "
        "Withdrawn: the company visited by the most teams. Wall: the whole `replan()` call; Load: 1-minute load "
        "average before it. Stability: the stage's status and seconds (its stage report). Found at: the last "
        "improving solution of the stability stage; done by: the first solution of the next stage; both since "
        "the call (model building included). Moved, visit changes (cancelled + added), shifted minutes, "
        "dissolved teams: `result.changes`. Hard rules: `check_plan` on the rally with the absences and the "
        "withdrawal. Stage = changes: whether these counts equal the terms of the stability stage "
        "(`plan.changes['stability']`: moved, visit changes, shifted minutes).",
        "",
        *table(
            [
                "Instance",
                "Plan",
                "Scenario",
                "Absent",
                "Withdrawn",
                "Wall s",
                "Load",
                "Stability",
                "Found at s",
                "Done by s",
                "Status",
                "Moved",
                "Visit changes",
                "Shifted min",
                "Dissolved",
                "Hard rules",
                "Stage = changes",
            ],
            [_row(o) for o in outcomes],
        ),
        "",
        f"Summary: {sum(o.hard_ok is True for o in outcomes)}/{len(outcomes)} re-plans keep every hard rule; "
        f"stability proven in {proven}/{len(outcomes)}"
        + (f"; stability done by {max(done):.1f} s at most" if done else "")
        + (f"; wall {min(walls):.1f} to {max(walls):.1f} s" if walls else "")
        + ".",
    ]


# -- command line --------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.replan_bench", description=__doc__.splitlines()[0])
    parser.add_argument("--instances", nargs="+", metavar="NAME", default=list(DEFAULT_INSTANCES))
    parser.add_argument("--plan-limit", type=float, default=30.0, metavar="S", help="time limit of the plan (30)")
    parser.add_argument("--limit", type=float, default=10.0, metavar="S", help="time limit of each replan (10)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="save the raw results (after every replan)")
    parser.add_argument("--render", type=Path, metavar="FILE", help="report a saved run, without solving")
    parser.add_argument("--out", type=Path, metavar="FILE", help="append the Markdown section to FILE")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = _parser().parse_args(arguments)
    if args.render is not None:
        record: dict[str, Any] = json.loads(args.render.read_text(encoding="utf-8"))
    else:
        command = shlex.join(["uv", "run", "python", "-m", "benchmarks.replan_bench", *arguments])
        record = {"header": header_lines("Re-planning", command, utc_date()), "runs": []}
        record |= {"limit": args.limit, "plan_limit": args.plan_limit}
        run(args.instances, args.plan_limit, args.limit, record, args.json)
    section = [*record["header"], *report_lines(record)]
    print("\n".join(section))
    if args.out is not None:
        append_section(args.out, section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
