"""Time-limit sweep: each rally solved with several time limits, against the greedy baseline.

For each instance (the examples, ``STANDARD`` 1-5, ``MULTI_SITE`` 1-2, ``SMALL`` 1-2 by default)
and each time limit (10, 30 and 60 s by default; 2 workers, seed 0), one ``solve()``: status,
wall and CPU time, time to the first plan, the stage reports (objective, bound, gap per stage),
travel and longest day; once per instance, ``greedy_plan`` (the plan a careful organiser makes
by hand): its hard rules, travel, longest day, unvisited companies, and the ratios
solver / baseline.

    uv run python -m benchmarks.sweep [--instances NAME...] [--limits S...] [--json FILE] [--out FILE]
    uv run python -m benchmarks.sweep --render FILE.json [--out FILE]

``--json`` saves the raw results after every solve (a long run that stops keeps what it did);
``--render`` prints the report of a saved run again without solving.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from benchmarks.lexgap import days_travel_goals, decoded_bound
from benchmarks.measure import Baseline, Measured, measure_baseline, measure_solve
from benchmarks.report import (
    STAGES,
    append_section,
    header_lines,
    ratio,
    rules_cell,
    seconds,
    stage_base,
    stage_cell,
    table,
    utc_date,
)
from benchmarks.run_planner import DEFAULT_GROUPS, resolve_instances
from rallye.engine.stages import Goal

DEFAULT_LIMITS = (10.0, 30.0, 60.0)
TARGET_GAP = 0.01
TARGET_TRAVEL_RATIO = 0.7
ROUTING_STAGES = STAGES[:3]


# -- gaps ----------------------------------------------------------------------------------


def relative_gap(stage: dict[str, Any]) -> float | None:
    """0 for a proven stage, (objective − bound) / objective otherwise, None without a solution."""
    status = stage.get("status")
    if status == "optimal":
        return 0.0
    if status != "feasible":
        return None
    objective, bound = int(stage["objective"]), int(stage["bound"])
    return (objective - bound) / abs(objective) if objective else 0.0


def worst_gap(run: Measured, names: Sequence[str]) -> float | None:
    gaps = [relative_gap(stage) for stage in run.stages if stage_base(str(stage.get("stage")))[0] in names]
    if not gaps or any(gap is None for gap in gaps):
        return None
    return max(gap for gap in gaps if gap is not None)


# -- running -------------------------------------------------------------------------------


def _decode_all(runs: Sequence[Measured], goals: dict[str, Goal]) -> dict[str, dict[str, dict[str, int]]]:
    """Decoded bounds of the ``days_travel`` stages: run key → stage name → terms."""
    decoded: dict[str, dict[str, dict[str, int]]] = {}
    for run in runs:
        for stage in run.stages:
            terms = decoded_bound(stage, goals)
            if terms is not None:
                decoded.setdefault(run_key(run), {})[str(stage["stage"])] = terms
    return decoded


def run_key(run: Measured) -> str:
    return f"{run.instance}@{run.limit:g}"


def sweep(
    names: Sequence[str], seeds: int, limits: Sequence[float], record: dict[str, Any], json_out: Path | None
) -> None:
    instances = resolve_instances(names, seeds)
    for number, instance in enumerate(instances, start=1):
        rally = instance.load()
        baseline = measure_baseline(instance.name, rally)
        record["baselines"].append(asdict(baseline))
        goals = days_travel_goals(rally)
        for limit in limits:
            print(f"[{number}/{len(instances)}] {instance.name} at {limit:g} s …", file=sys.stderr, flush=True)
            run = measure_solve(instance.name, rally, limit)
            record["runs"].append(asdict(run))
            record["bounds"].update(_decode_all([run], goals))
            print(
                f"    {run.status}, wall {seconds(run.wall)} s, first plan {seconds(run.first_plan)} s, "
                f"travel {run.travel} (baseline {baseline.travel})",
                file=sys.stderr,
                flush=True,
            )
            if json_out is not None:
                json_out.write_text(json.dumps(record, indent=1), encoding="utf-8")


# -- report --------------------------------------------------------------------------------


def _ratios(runs: Sequence[Measured], baseline: Baseline | None, attribute: str) -> str:
    if baseline is None:
        return "–"
    reference = getattr(baseline, attribute)
    return " / ".join(ratio(getattr(run, attribute), reference) for run in runs)


def report_lines(record: dict[str, Any]) -> list[str]:
    runs = [Measured(**run) for run in record["runs"]]
    baselines = {b["instance"]: Baseline(**b) for b in record["baselines"]}
    bounds: dict[str, dict[str, dict[str, int]]] = record["bounds"]
    limits = sorted({run.limit for run in runs})
    by_instance: dict[str, list[Measured]] = {}
    for run in runs:
        by_instance.setdefault(run.instance, []).append(run)

    run_rows = [
        [
            run.instance,
            run.size,
            f"{run.limit:g}",
            seconds(run.wall),
            seconds(run.cpu),
            "–" if run.load is None else f"{run.load:.2f}",
            seconds(run.first_plan),
            run.status if run.has_plan else f"**{run.status}**",
            rules_cell(run.hard_ok, run.failed_rules),
            str(run.longest_day if run.longest_day is not None else "–"),
            str(run.travel if run.travel is not None else "–"),
            str(run.unvisited if run.unvisited is not None else "–"),
        ]
        for run in runs
    ]
    stage_rows = []
    for run in runs:
        cells: dict[str, list[str]] = {name: [] for name in STAGES}
        for stage in run.stages:
            name = str(stage.get("stage", "?"))
            decoded = bounds.get(run_key(run), {}).get(name)
            cells.setdefault(stage_base(name)[0], []).append(stage_cell(stage, decoded))
        stage_rows.append([run.instance, f"{run.limit:g}", *("<br>".join(cells[n]) or "–" for n in STAGES)])
    limits_text = "/".join(f"{limit:g}" for limit in limits)
    baseline_rows = []
    for instance, instance_runs in by_instance.items():
        baseline = baselines.get(instance)
        if baseline is None:
            continue
        baseline_rows.append(
            [
                instance,
                rules_cell(baseline.hard_ok, baseline.failed_rules),
                str(baseline.unvisited),
                str(baseline.travel),
                str(baseline.longest_day),
                " / ".join(str(run.unvisited if run.unvisited is not None else "–") for run in instance_runs),
                " / ".join(str(run.travel if run.travel is not None else "–") for run in instance_runs),
                _ratios(instance_runs, baseline, "travel"),
                " / ".join(str(run.longest_day if run.longest_day is not None else "–") for run in instance_runs),
                _ratios(instance_runs, baseline, "longest_day"),
            ]
        )
    return [
        "P/C/V: present participants / companies / vehicles. Limit: `SolveParams.time_limit` (2 workers, "
        "seed 0). Wall: the whole `solve()` call; CPU: CPU seconds of the process (about 2 × wall when both "
        "cores were free); Load: 1-minute load average just before the solve. 1st plan: the first progress "
        "event (first solution of the first stage), or the `first_plan` event of a rally planned by parts. "
        "Hard rules: `check_plan(rally, plan).hard_ok` (failed charter rules after it). Longest day, travel, "
        "unvisited: `plan.metrics`.",
        "",
        *table(
            [
                "Instance",
                "P/C/V",
                "Limit s",
                "Wall s",
                "CPU s",
                "Load",
                "1st plan s",
                "Status",
                "Hard rules",
                "Longest day min",
                "Travel min",
                "Unvisited",
            ],
            run_rows,
        ),
        "",
        'Stages (`plan.solver["stages"]`): opt (proven optimal) or feas with the objective; for a stage not '
        "proven, its bound and gap (objective − bound, relative to the objective in brackets); then its "
        "seconds. For `days_travel` (one weighted sum of team size spread, total day minutes, travel and "
        "non-hiring visits in strict order) the gap is on the weighted sum; the bound decoded with the "
        "solver's weights (`benchmarks/lexgap.py`) then gives the first term where it is below the plan, "
        "a lower bound on that term for the plans equal to this one on the terms before it.",
        "",
        *table(["Instance", "Limit s", *STAGES], stage_rows),
        "",
        f"Against the baseline (`greedy_plan`, the same for every limit). Solver columns give the values at "
        f"{limits_text} s; ratios are solver / baseline (travel target: ≤ {TARGET_TRAVEL_RATIO:g}).",
        "",
        *table(
            [
                "Instance",
                "Baseline hard rules",
                "Baseline unvisited",
                "Baseline travel",
                "Baseline longest day",
                f"Solver unvisited {limits_text} s",
                f"Solver travel {limits_text} s",
                "Travel ratio",
                f"Solver longest day {limits_text} s",
                "Longest day ratio",
            ],
            baseline_rows,
        ),
        "",
        *summary_lines(runs, baselines, limits),
    ]


def summary_lines(runs: Sequence[Measured], baselines: dict[str, Baseline], limits: Sequence[float]) -> list[str]:
    """Per limit, over the rallies of the charter's size (all but ``small-*``)."""
    lines = [
        f"Summary over the rallies of the charter's size (every instance but `small-*`), gap target {TARGET_GAP:.0%}:"
    ]
    for limit in limits:
        group = [run for run in runs if run.limit == limit and not run.instance.startswith("small")]
        if not group:
            continue
        final = [worst_gap(run, ("days_travel",)) for run in group]
        routing = [worst_gap(run, ROUTING_STAGES) for run in group]
        travel_ok = [
            run
            for run in group
            if run.travel is not None
            and run.instance in baselines
            and run.travel <= TARGET_TRAVEL_RATIO * baselines[run.instance].travel
        ]
        firsts = [run.first_plan for run in group if run.first_plan is not None]
        walls = [run.wall for run in group if run.wall is not None]
        lines.append(
            f"- {limit:g} s: hard rules kept {sum(run.hard_ok is True for run in group)}/{len(group)}; "
            f"proven optimal {sum(run.status.startswith('optimal') for run in group)}/{len(group)}; "
            f"days_travel gap ≤ {TARGET_GAP:.0%} (weighted sum) "
            f"{sum(gap is not None and gap <= TARGET_GAP for gap in final)}/{len(group)}; "
            f"every routing stage proven or ≤ {TARGET_GAP:.0%} "
            f"{sum(gap is not None and gap <= TARGET_GAP for gap in routing)}/{len(group)}; "
            f"travel ≤ {TARGET_TRAVEL_RATIO:g} × baseline {len(travel_ok)}/{len(group)}; "
            f"first plan after {max(firsts, default=0.0):.1f} s at most; wall {max(walls, default=0.0):.1f} s at most."
        )
    return lines


# -- command line --------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.sweep", description=__doc__.splitlines()[0])
    parser.add_argument("--instances", nargs="+", metavar="NAME", default=list(DEFAULT_GROUPS))
    parser.add_argument("--seeds", type=int, default=5, metavar="N", help="STANDARD seeds 1..N (5)")
    parser.add_argument("--limits", nargs="+", type=float, default=list(DEFAULT_LIMITS), metavar="S")
    parser.add_argument("--json", type=Path, metavar="FILE", help="save the raw results (after every solve)")
    parser.add_argument("--render", type=Path, metavar="FILE", help="report a saved run, without solving")
    parser.add_argument("--out", type=Path, metavar="FILE", help="append the Markdown section to FILE")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = _parser().parse_args(arguments)
    if args.render is not None:
        record: dict[str, Any] = json.loads(args.render.read_text(encoding="utf-8"))
    else:
        if any(limit <= 0 for limit in args.limits):
            raise SystemExit("--limits must be positive")
        command = shlex.join(["uv", "run", "python", "-m", "benchmarks.sweep", *arguments])
        record = {"header": header_lines("Time-limit sweep", command, utc_date()), "baselines": [], "runs": []}
        record["bounds"] = {}
        sweep(args.instances, args.seeds, args.limits, record, args.json)
    section = [*record["header"], *report_lines(record)]
    print("\n".join(section))
    if args.out is not None:
        append_section(args.out, section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
