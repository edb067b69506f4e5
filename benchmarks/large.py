"""Large rallies (``LARGE``: 120 participants, 60 companies, 20 vehicles), planned by parts.

Each solve runs in its own process under ``/usr/bin/time -v``, so that its peak memory ("Maximum
resident set size") is its own: time to the ``first_plan`` event, wall time, status and parts,
hard rules (K1, participants within the charter's range, fails as expected), the stage reports
of every part, peak memory; and the greedy baseline on the same rally.

    uv run python -m benchmarks.large [--seeds N...] [--limits S...] [--json FILE] [--out FILE]
    uv run python -m benchmarks.large --render FILE.json [--out FILE]
    uv run python -m benchmarks.large --one large-1 --limit 60 --result FILE   # one solve, as JSON
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from benchmarks.generator import LARGE, generate_rally
from benchmarks.lexgap import days_travel_goals, decoded_bound
from benchmarks.measure import Baseline, Measured, measure_baseline, measure_solve
from benchmarks.report import (
    ROOT,
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

DEFAULT_SEEDS = (1, 2)
DEFAULT_LIMITS = (60.0, 120.0)
TIME = Path("/usr/bin/time")
_MAX_RSS = re.compile(r"Maximum resident set size \(kbytes\): (\d+)")


def solve_one(name: str, limit: float, result: Path) -> None:
    """The child: one solve of ``large-SEED``, written as JSON to ``result``."""
    seed = int(name.rpartition("-")[2])
    outcome = measure_solve(name, generate_rally(LARGE, seed), limit)
    outcome.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result.write_text(json.dumps(asdict(outcome)), encoding="utf-8")


def solve_in_child(name: str, limit: float) -> Measured:
    with tempfile.TemporaryDirectory() as folder:
        result = Path(folder) / "result.json"
        command = [sys.executable, "-m", "benchmarks.large", "--one", name, "--limit", f"{limit:g}"]
        command += ["--result", str(result)]
        if TIME.exists():
            command = [str(TIME), "-v", *command]
        completed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        if not result.exists():
            sys.stderr.write(completed.stdout + completed.stderr)
            return Measured(name, limit, detail=f"child exited with {completed.returncode}")
        outcome = Measured(**json.loads(result.read_text(encoding="utf-8")))
    found = _MAX_RSS.search(completed.stderr)
    if found is not None:  # /usr/bin/time's figure, for the whole child process
        outcome.peak_rss_mb = int(found.group(1)) / 1024
    return outcome


def run(seeds: Sequence[int], limits: Sequence[float], record: dict[str, Any], json_out: Path | None) -> None:
    for seed in seeds:
        name = f"large-{seed}"
        rally = generate_rally(LARGE, seed)
        record["baselines"].append(asdict(measure_baseline(name, rally)))
        goals = days_travel_goals(rally)
        for limit in limits:
            print(f"{name} at {limit:g} s …", file=sys.stderr, flush=True)
            outcome = solve_in_child(name, limit)
            record["runs"].append(asdict(outcome))
            for stage in outcome.stages:
                decoded = decoded_bound(stage, goals)
                if decoded is not None:
                    record["bounds"].setdefault(f"{name}@{limit:g}", {})[str(stage["stage"])] = decoded
            print(
                f"    {outcome.status}, wall {seconds(outcome.wall)} s, first plan {seconds(outcome.first_plan)} s, "
                f"peak {seconds(outcome.peak_rss_mb)} MB, hard rules {outcome.hard_ok}",
                file=sys.stderr,
                flush=True,
            )
            if json_out is not None:
                json_out.write_text(json.dumps(record, indent=1), encoding="utf-8")


# -- report --------------------------------------------------------------------------------


def _run_row(run: Measured, baseline: Baseline | None) -> list[str]:
    return [
        run.instance,
        run.size,
        f"{run.limit:g}",
        str(run.parts or "–"),
        seconds(run.first_plan),
        seconds(run.wall),
        seconds(run.cpu),
        "–" if run.load is None else f"{run.load:.2f}",
        "–" if run.peak_rss_mb is None else f"{run.peak_rss_mb:.0f}",
        run.status if run.has_plan else f"**{run.status}**",
        rules_cell(run.hard_ok, run.failed_rules),
        str(run.longest_day if run.longest_day is not None else "–"),
        str(run.travel if run.travel is not None else "–"),
        str(run.unvisited if run.unvisited is not None else "–"),
        "–" if baseline is None else f"{baseline.longest_day} / {baseline.travel} / {baseline.unvisited}",
        "–" if baseline is None else ratio(run.longest_day, baseline.longest_day),
        "–" if baseline is None else ratio(run.travel, baseline.travel),
    ]


def _worst(run: Measured, name: str) -> str:
    """The largest relative gap of one stage over the parts."""
    gaps = []
    for stage in run.stages:
        if stage_base(str(stage.get("stage")))[0] != name:
            continue
        if stage.get("status") == "optimal":
            gaps.append(0.0)
        elif stage.get("status") == "feasible" and int(stage["objective"]):
            gaps.append((int(stage["objective"]) - int(stage["bound"])) / abs(int(stage["objective"])))
    return f"{100 * max(gaps):.1f} %" if gaps else "–"


def report_lines(record: dict[str, Any]) -> list[str]:
    runs = [Measured(**run) for run in record["runs"]]
    baselines = {b["instance"]: Baseline(**b) for b in record["baselines"]}
    bounds: dict[str, dict[str, dict[str, int]]] = record["bounds"]
    stage_rows = []
    for run in runs:
        cells: dict[str, list[str]] = {name: [] for name in STAGES}
        for stage in run.stages:
            name = str(stage.get("stage", "?"))
            decoded = bounds.get(f"{run.instance}@{run.limit:g}", {}).get(name)
            cells.setdefault(stage_base(name)[0], []).append(stage_cell(stage, decoded))
        stage_rows.append([run.instance, f"{run.limit:g}", *("<br>".join(cells[n]) or "–" for n in STAGES)])
    worst_rows = [[run.instance, f"{run.limit:g}", *(_worst(run, name) for name in STAGES)] for run in runs]
    return [
        "Each solve in its own process (`python -m benchmarks.large --one …` under `/usr/bin/time -v`), 2 "
        "workers, seed 0. 1st plan: the `first_plan` progress event (every part has a plan). Wall: the whole "
        "`solve()` call; CPU: CPU seconds of the solving process; Load: 1-minute load average before it. Peak "
        "MB: `Maximum resident set size` of the child process (Python, OR-Tools and the solve). Hard rules: "
        "`check_plan(rally, plan).hard_ok` (failed charter rules after it). Baseline: `greedy_plan` on the same "
        "rally (longest day / travel / unvisited companies); ratios are solver / baseline.",
        "",
        *table(
            [
                "Instance",
                "P/C/V",
                "Limit s",
                "Parts",
                "1st plan s",
                "Wall s",
                "CPU s",
                "Load",
                "Peak MB",
                "Status",
                "Hard rules",
                "Longest day min",
                "Travel min",
                "Unvisited",
                "Baseline",
                "Longest day ratio",
                "Travel ratio",
            ],
            [_run_row(run, baselines.get(run.instance)) for run in runs],
        ),
        "",
        "Stages, one line per part (same reading as in the sweep; a plan by parts has only these per-part "
        "bounds, no bound for the whole rally).",
        "",
        *table(["Instance", "Limit s", *STAGES], stage_rows),
        "",
        "Largest relative gap over the parts, per stage (on the weighted sum for `days_travel`):",
        "",
        *table(["Instance", "Limit s", *STAGES], worst_rows),
    ]


# -- command line --------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.large", description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", nargs="+", type=int, default=list(DEFAULT_SEEDS), metavar="N")
    parser.add_argument("--limits", nargs="+", type=float, default=list(DEFAULT_LIMITS), metavar="S")
    parser.add_argument("--json", type=Path, metavar="FILE", help="save the raw results (after every solve)")
    parser.add_argument("--render", type=Path, metavar="FILE", help="report a saved run, without solving")
    parser.add_argument("--out", type=Path, metavar="FILE", help="append the Markdown section to FILE")
    parser.add_argument("--one", metavar="large-SEED", help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=float, default=60.0, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = _parser().parse_args(arguments)
    if args.one is not None:
        if args.result is None:
            raise SystemExit("--one needs --result FILE")
        solve_one(args.one, args.limit, args.result)
        return 0
    if args.render is not None:
        record: dict[str, Any] = json.loads(args.render.read_text(encoding="utf-8"))
    else:
        command = shlex.join(["uv", "run", "python", "-m", "benchmarks.large", *arguments])
        record = {"header": header_lines("Large rallies", command, utc_date()), "baselines": [], "runs": []}
        record["bounds"] = {}
        run(args.seeds, args.limits, record, args.json)
    section = [*record["header"], *report_lines(record)]
    print("\n".join(section))
    if args.out is not None:
        append_section(args.out, section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
