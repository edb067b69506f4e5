"""Benchmark of the planner against the project's promise.

The promise (README, docs/planning.md): on the examples and on other rallies of that size
(24-30 participants, 12-18 companies, two visit sessions), ``rallye plan`` writes a plan that
keeps every hard rule in under a minute on a 2-core machine and says whether it is optimal.

For each instance this runs :func:`rallye.engine.solve.solve` with the default
:class:`~rallye.engine.params.SolveParams` except the time limit (45 s by default, as the CLI;
2 workers), then checks the plan with :func:`rallye.domain.compliance.check_plan`. It prints a
Markdown report and, with ``--out``, appends it (with the command, date and machine) to a file.

    uv run python -m benchmarks.run_planner [--instances NAME...] [--time-limit S] [--seeds N] [--out FILE]

Instance names: ``annecy-2027``, ``voiron-2027`` (the examples), ``PRESET-SEED`` for a generated
rally (``standard-3``, ``multi_site-1``, ``small-2``, ``large-1``), a group (``examples``,
``standard`` for seeds 1..N, ``multi_site``, ``small`` for seeds 1..2, ``large`` for seed 1), or
the path of a rally file (``.json`` or ``.xlsx``). Default: examples, standard, multi_site, small.

Exit status: 0 when every instance got a plan that keeps every hard rule in under 60 s of wall
time, 1 otherwise. Rallies with no plan, a hard-rule failure or an error are saved as JSON in
``--failures-dir`` (``/tmp/bench-failures`` by default) to be replayed.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.generator import PRESETS, generate_rally
from benchmarks.report import (
    ROOT,
    STAGES,
    code_line,
    first_plan_seconds,
    load_average,
    machine_lines,
    seconds,
    stage_base,
    stage_cell,
    table,
    utc_date,
    yes_no,
)
from rallye.domain.compliance import check_plan
from rallye.domain.rally import Rally
from rallye.engine.params import Progress, SolveParams
from rallye.engine.results import NoPlanFound
from rallye.engine.solve import solve
from rallye.formats.load import load_rally
from rallye.formats.rally_json import dump_rally

EXAMPLES = ("annecy-2027", "voiron-2027")
PROMISED_WALL_SECONDS = 60.0
DEFAULT_TIME_LIMIT = 45.0
DEFAULT_STANDARD_SEEDS = 5
GROUP_SEEDS = {"multi_site": (1, 2), "small": (1, 2), "large": (1,)}
DEFAULT_GROUPS = ("examples", "standard", "multi_site", "small")


@dataclass(frozen=True)
class Instance:
    name: str
    load: Callable[[], Rally]


@dataclass
class Outcome:
    """What one solve gave."""

    instance: str
    participants: int = 0
    companies: int = 0
    vehicles: int = 0
    visit_sessions: int = 0
    wall: float | None = None
    cpu: float | None = None
    """CPU seconds of this process (all solver threads) during the solve."""
    load: float | None = None
    """The machine's 1-minute load average just before the solve."""
    first_plan: float | None = None
    progress_events: int = 0
    status: str = "error"
    """``optimal``, ``feasible``, ``no plan (proven)``, ``no plan (time)`` or ``error``."""
    stages: list[dict[str, Any]] = field(default_factory=list)
    metrics: dict[str, Any] = field(default_factory=dict)
    hard_ok: bool | None = None
    ok: bool | None = None
    failed_rules: list[str] = field(default_factory=list)
    detail: str = ""
    saved_to: Path | None = None

    @property
    def has_plan(self) -> bool:
        return self.status.startswith(("optimal", "feasible"))

    @property
    def keeps_promise(self) -> bool:
        return self.has_plan and self.hard_ok is True and self.wall is not None and self.wall < PROMISED_WALL_SECONDS


# -- instances -----------------------------------------------------------------------------


def _example(name: str) -> Instance:
    path = ROOT / "examples" / name / "rally.json"
    return Instance(name, lambda: load_rally(path))


def _generated(preset: str, seed: int) -> Instance:
    spec = PRESETS[preset]
    return Instance(f"{preset}-{seed}", lambda: generate_rally(spec, seed))


def _file(path: Path) -> Instance:
    return Instance(path.stem if path.name != "rally.json" else path.parent.name, lambda: load_rally(path))


def resolve_instances(names: Sequence[str], standard_seeds: int) -> list[Instance]:
    """The instances named on the command line, in order, without duplicates."""
    result: list[Instance] = []
    for name in names:
        if name == "examples":
            result.extend(_example(example) for example in EXAMPLES)
        elif name in EXAMPLES:
            result.append(_example(name))
        elif name == "standard":
            result.extend(_generated(name, seed) for seed in range(1, standard_seeds + 1))
        elif name in PRESETS:
            result.extend(_generated(name, seed) for seed in GROUP_SEEDS[name])
        elif name.rpartition("-")[0] in PRESETS and name.rpartition("-")[2].isdigit():
            preset, _, seed = name.rpartition("-")
            result.append(_generated(preset, int(seed)))
        elif Path(name).suffix.lower() in (".json", ".xlsx") and Path(name).is_file():
            result.append(_file(Path(name)))
        else:
            groups = ", ".join(("examples", *EXAMPLES, *PRESETS))
            raise SystemExit(f"unknown instance {name!r}: expected one of {groups}, PRESET-SEED or a rally file")
    unique: dict[str, Instance] = {}
    for instance in result:
        unique.setdefault(instance.name, instance)
    return list(unique.values())


# -- running -------------------------------------------------------------------------------


def _save(rally: Rally, name: str, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    path.write_text(dump_rally(rally), encoding="utf-8")
    return path


def run_instance(instance: Instance, time_limit: float, failures_dir: Path) -> Outcome:
    outcome = Outcome(instance.name)
    try:
        rally = instance.load()
    except Exception as error:  # a benchmark reports every failure and goes on
        outcome.detail = f"load: {type(error).__name__}: {error}"
        return outcome
    outcome.participants = len(rally.present_participants)
    outcome.companies = len(rally.companies)
    outcome.vehicles = len(rally.vehicles)
    outcome.visit_sessions = len(rally.visit_sessions)

    events: list[Progress] = []
    params = SolveParams(time_limit=time_limit, on_progress=events.append)
    outcome.load = load_average()
    began, cpu_began = time.monotonic(), time.process_time()

    def stop_clocks() -> None:
        outcome.wall, outcome.cpu = time.monotonic() - began, time.process_time() - cpu_began

    try:
        result = solve(rally, params)
    except NoPlanFound as no_plan:
        stop_clocks()
        outcome.status = "no plan (proven)" if no_plan.proven else "no plan (time)"
        outcome.detail = " / ".join(no_plan.sentences)
    except Exception as error:
        stop_clocks()
        outcome.detail = f"{type(error).__name__}: {error}"
        traceback.print_exc(file=sys.stderr)
    else:
        stop_clocks()
        plan = result.plan
        parts = plan.solver.get("parts")
        outcome.status = plan.status.value + (f" ({parts} parts)" if parts else "")
        outcome.stages = list(plan.solver.get("stages", []))
        outcome.metrics = dict(plan.metrics)
        report = check_plan(rally, plan)
        outcome.hard_ok, outcome.ok = report.hard_ok, report.ok
        outcome.failed_rules = [rule.code for rule in report.failed]
    outcome.progress_events = len(events)
    outcome.first_plan = first_plan_seconds(events)
    if not outcome.has_plan or outcome.hard_ok is not True:
        outcome.saved_to = _save(rally, instance.name, failures_dir)
    return outcome


# -- report --------------------------------------------------------------------------------


def stage_columns(outcomes: Sequence[Outcome]) -> list[str]:
    seen = [stage_base(str(stage.get("stage", "?")))[0] for outcome in outcomes for stage in outcome.stages]
    return [*STAGES, *dict.fromkeys(name for name in seen if name not in STAGES)]


def stage_cells(outcome: Outcome, columns: Sequence[str]) -> list[str]:
    cells: dict[str, list[str]] = {column: [] for column in columns}
    for stage in outcome.stages:
        cells[stage_base(str(stage.get("stage", "?")))[0]].append(stage_cell(stage))
    return ["<br>".join(cell) or "–" for cell in cells.values()]


def outcome_row(outcome: Outcome) -> list[str]:
    metrics = outcome.metrics
    unvisited = metrics.get("unvisited_companies")
    mixity = metrics.get("mixity_gap")
    charter = [code for code in outcome.failed_rules if not code.startswith("H")]
    hard = [code for code in outcome.failed_rules if code.startswith("H")]
    return [
        outcome.instance,
        f"{outcome.participants}/{outcome.companies}/{outcome.vehicles}" if outcome.participants else "–",
        seconds(outcome.wall),
        seconds(outcome.cpu),
        "–" if outcome.load is None else f"{outcome.load:.2f}",
        seconds(outcome.first_plan),
        outcome.status if outcome.has_plan else f"**{outcome.status}**",
        yes_no(outcome.hard_ok) + (f" ({', '.join(hard)})" if hard else ""),
        yes_no(outcome.ok).replace("**NO**", "no") + (f" ({', '.join(charter)})" if charter else ""),
        str(metrics.get("longest_day_minutes", "–")),
        str(metrics.get("travel_minutes", "–")),
        "–" if unvisited is None else str(len(unvisited)),
        "–" if mixity is None else f"{float(mixity):.2f}",
    ]


HEADERS = [
    "Instance",
    "P/C/V",
    "Wall s",
    "CPU s",
    "Load",
    "1st plan s",
    "Status",
    "Hard rules",
    "All rules",
    "Longest day min",
    "Travel min",
    "Unvisited",
    "Mixity gap",
]


def report_lines(outcomes: Sequence[Outcome], time_limit: float) -> list[str]:
    rows = [outcome_row(outcome) for outcome in outcomes]
    columns = stage_columns(outcomes)
    stage_rows = [[outcome.instance, *stage_cells(outcome, columns)] for outcome in outcomes]
    valid = [o for o in outcomes if o.keeps_promise]
    optimal = [o for o in outcomes if o.status.startswith("optimal")]
    walls = [o.wall for o in outcomes if o.wall is not None]
    firsts = [o.first_plan for o in outcomes if o.first_plan is not None]
    lines = [
        f"Time limit {time_limit:g} s, 2 workers, seed 0 (default `SolveParams` otherwise). "
        "P/C/V: present participants / companies / vehicles. Wall: the whole `solve()` call. "
        "CPU: CPU seconds of the process during the solve (about 2 × wall when both cores were free). "
        "Load: 1-minute load average just before the solve (other work on the machine). "
        "1st plan: when the first complete plan was found (the `first_plan` progress event of a rally planned "
        "by parts, otherwise the first progress event). "
        "Longest day, travel, unvisited companies and mixity gap: `plan.metrics`. "
        "Hard rules / all rules: `check_plan(rally, plan).hard_ok` / `.ok` (failed rule codes in brackets).",
        "",
        *table(HEADERS, rows),
        "",
        'Stages (`plan.solver["stages"]`, in order): status (opt: proven optimal, feas: not proven) and '
        "objective; for a stage not proven optimal, its best bound and gap (objective − bound, and in brackets "
        "relative to the objective); then the stage's seconds (the mixity stage reports none). A stage whose "
        "objective is a lexicographic sum of terms (`days_travel`) shows its terms and only its relative gap. "
        "A rally planned by parts shows one line per part.",
        "",
        *table(["Instance", *columns], stage_rows),
        "",
        f"Summary: {len(valid)}/{len(outcomes)} instances got a plan that keeps every hard rule in under "
        f"{PROMISED_WALL_SECONDS:g} s of wall time; {len(optimal)}/{len(outcomes)} proven optimal"
        + (f"; wall time max {max(walls):.1f} s" if walls else "")
        + (f"; first plan after {max(firsts):.1f} s at most" if firsts else "")
        + ".",
    ]
    problems = [o for o in outcomes if not o.keeps_promise or o.detail]
    if problems:
        lines.append("")
        for outcome in problems:
            note = f"- {outcome.instance}: {outcome.status}"
            if outcome.wall is not None and outcome.wall >= PROMISED_WALL_SECONDS:
                note += f", wall {outcome.wall:.1f} s ≥ {PROMISED_WALL_SECONDS:g} s"
            if outcome.hard_ok is False:
                note += ", hard rules broken"
            if outcome.detail:
                note += f" — {outcome.detail}"
            if outcome.saved_to is not None:
                note += f" (rally saved to `{outcome.saved_to}`)"
            lines.append(note)
    return lines


def section_lines(command: str, date: str, outcomes: Sequence[Outcome], time_limit: float) -> list[str]:
    return [
        f"## Run of {date}",
        "",
        "```sh",
        command,
        "```",
        "",
        f"- Date: {date}",
        code_line(),
        *machine_lines(),
        "",
        *report_lines(outcomes, time_limit),
        "",
    ]


# -- command line --------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run_planner",
        description="Solve benchmark rallies and report time, status, stages, metrics and compliance.",
    )
    parser.add_argument(
        "--instances",
        nargs="+",
        metavar="NAME",
        default=list(DEFAULT_GROUPS),
        help="examples, annecy-2027, voiron-2027, standard, multi_site, small, large, PRESET-SEED "
        f"(e.g. standard-3) or a rally file (default: {' '.join(DEFAULT_GROUPS)})",
    )
    parser.add_argument(
        "--time-limit",
        type=float,
        default=DEFAULT_TIME_LIMIT,
        metavar="S",
        help=f"solver time limit in seconds ({DEFAULT_TIME_LIMIT:g}, as `rallye plan`)",
    )
    parser.add_argument(
        "--seeds",
        type=int,
        default=DEFAULT_STANDARD_SEEDS,
        metavar="N",
        help=f"generated STANDARD rallies for seeds 1..N ({DEFAULT_STANDARD_SEEDS})",
    )
    parser.add_argument("--out", type=Path, metavar="FILE", help="append the Markdown section to FILE")
    parser.add_argument(
        "--failures-dir",
        type=Path,
        default=Path("/tmp/bench-failures"),
        metavar="DIR",
        help="where to save, as JSON, rallies with no plan or a broken hard rule (/tmp/bench-failures)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = _parser().parse_args(arguments)
    if args.time_limit <= 0 or args.seeds < 0:
        raise SystemExit("--time-limit must be positive and --seeds at least 0")
    instances = resolve_instances(args.instances, args.seeds)
    command = shlex.join(["uv", "run", "python", "-m", "benchmarks.run_planner", *arguments])
    date = utc_date()

    outcomes = []
    for number, instance in enumerate(instances, start=1):
        print(f"[{number}/{len(instances)}] {instance.name} …", file=sys.stderr, flush=True)
        outcome = run_instance(instance, args.time_limit, args.failures_dir)
        print(
            f"    {outcome.status}, wall {seconds(outcome.wall)} s, first plan {seconds(outcome.first_plan)} s, "
            f"hard rules {yes_no(outcome.hard_ok)}",
            file=sys.stderr,
            flush=True,
        )
        outcomes.append(outcome)

    section = section_lines(command, date, outcomes, args.time_limit)
    print("\n".join(section), end="")
    if args.out is not None:
        out: Path = args.out
        out.parent.mkdir(parents=True, exist_ok=True)
        previous = out.read_text(encoding="utf-8") if out.exists() else ""
        separator = "" if not previous or previous.endswith("\n\n") else ("\n" if previous.endswith("\n") else "\n\n")
        out.write_text(previous + separator + "\n".join(section), encoding="utf-8")
        print(f"Section appended to {out}", file=sys.stderr)
    return 0 if all(outcome.keeps_promise for outcome in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
