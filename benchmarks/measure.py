"""One measured solve, and the greedy baseline on the same rally, as plain JSON-able records."""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass, field
from typing import Any

from benchmarks.greedy import greedy_plan
from benchmarks.report import first_plan_seconds, load_average
from rallye.domain.compliance import check_plan
from rallye.domain.metrics import plan_metrics
from rallye.domain.rally import Rally
from rallye.domain.travel import TravelTimes
from rallye.engine.params import Progress, SolveParams
from rallye.engine.results import NoPlanFound
from rallye.engine.solve import solve


@dataclass
class Measured:
    """What one ``solve()`` gave, with its clocks."""

    instance: str
    limit: float
    size: str = "–"
    """Present participants / companies / vehicles."""
    wall: float | None = None
    cpu: float | None = None
    """CPU seconds of this process (all solver threads) during the solve."""
    load: float | None = None
    """The machine's 1-minute load average just before the solve."""
    first_plan: float | None = None
    status: str = "error"
    parts: int | None = None
    stages: list[dict[str, Any]] = field(default_factory=list)
    travel: int | None = None
    longest_day: int | None = None
    unvisited: int | None = None
    hard_ok: bool | None = None
    failed_rules: list[str] = field(default_factory=list)
    detail: str = ""
    peak_rss_mb: float | None = None
    """Peak resident memory of the process that solved (only when solved in a subprocess)."""

    @property
    def has_plan(self) -> bool:
        return self.status.startswith(("optimal", "feasible"))


@dataclass
class Baseline:
    """The hand-made plan (``greedy_plan``) on the same rally, checked like any plan."""

    instance: str
    hard_ok: bool
    failed_rules: list[str]
    travel: int
    longest_day: int
    unvisited: int
    seconds: float


def size_of(rally: Rally) -> str:
    return f"{len(rally.present_participants)}/{len(rally.companies)}/{len(rally.vehicles)}"


def measure_solve(instance: str, rally: Rally, limit: float, *, workers: int = 2, seed: int = 0) -> Measured:
    outcome = Measured(instance, limit, size_of(rally))
    events: list[Progress] = []
    params = SolveParams(time_limit=limit, workers=workers, seed=seed, on_progress=events.append)
    outcome.load = load_average()
    began, cpu_began = time.monotonic(), time.process_time()
    try:
        result = solve(rally, params)
    except NoPlanFound as no_plan:
        outcome.status = "no plan (proven)" if no_plan.proven else "no plan (time)"
        outcome.detail = " / ".join(no_plan.sentences)
        return _stopped(outcome, began, cpu_began, events)
    except Exception as error:  # a benchmark reports every failure and goes on
        outcome.detail = f"{type(error).__name__}: {error}"
        traceback.print_exc()
        return _stopped(outcome, began, cpu_began, events)
    _stopped(outcome, began, cpu_began, events)
    plan = result.plan
    outcome.parts = plan.solver.get("parts")
    outcome.status = plan.status.value + (f" ({outcome.parts} parts)" if outcome.parts else "")
    outcome.stages = list(plan.solver.get("stages", []))
    outcome.travel = result.metrics.travel_minutes
    outcome.longest_day = result.metrics.longest_day_minutes
    outcome.unvisited = len(result.metrics.unvisited_companies)
    report = check_plan(rally, plan)
    outcome.hard_ok = report.hard_ok
    outcome.failed_rules = [rule.code for rule in report.failed]
    return outcome


def _stopped(outcome: Measured, began: float, cpu_began: float, events: list[Progress]) -> Measured:
    outcome.wall, outcome.cpu = time.monotonic() - began, time.process_time() - cpu_began
    outcome.first_plan = first_plan_seconds(events)
    return outcome


def measure_baseline(instance: str, rally: Rally) -> Baseline:
    began = time.monotonic()
    travel = TravelTimes(rally)
    plan = greedy_plan(rally, travel)
    spent = time.monotonic() - began
    metrics = plan_metrics(rally, plan, travel)
    report = check_plan(rally, plan)
    return Baseline(
        instance,
        report.hard_ok,
        [rule.code for rule in report.failed],
        metrics.travel_minutes,
        metrics.longest_day_minutes,
        len(metrics.unvisited_companies),
        spent,
    )
