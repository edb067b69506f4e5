"""The staged lexicographic optimiser: routing stages on one CP-SAT model, then the teams.

The objective terms, from the most to the least important (each named in ``plan.metrics``):

1. ``unvisited_companies`` — every mobilised company receives at least one visit if possible;
2. ``longest_day_minutes`` — the longest team day, then
3. ``team_size_spread`` — teams of even sizes (largest minus smallest), so that short days are
   not bought by packing people into fewer, fuller vehicles;
4. ``total_day_minutes`` — the sum of team day lengths;
5. ``travel_minutes`` — total driving;
6. ``mixity_gap`` — each team's composition close to the group's (charter P2);
7. ``non_hiring_visits`` — prefer companies that are hiring.

Stages solve them in that order on the same CP-SAT model, each fixing the optimum (or best value
found) of the previous ones, with the previous solution as a hint. Mixity depends only on team
sizes, so it is solved last on its own small model (``rallye.engine.composition``). A plan is
``optimal`` only when every stage proved its optimum. The French names of the terms and stages
are the callers' (``rallye.wording``).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from rallye.domain.metrics import plan_metrics
from rallye.domain.plan import Plan, PlanStatus, Team, Visit
from rallye.domain.rally import Rally
from rallye.domain.travel import TravelTimes
from rallye.engine.composition import compose_teams
from rallye.engine.explain import explain_infeasibility
from rallye.engine.feasibility import plain_reasons
from rallye.engine.params import Progress, SolveParams
from rallye.engine.results import NoPlanFound, Reason, SolveResult, StageReport
from rallye.engine.routing import RoutingModel

# Share of the remaining time each routing stage may use (the last one takes the rest).
_STAGE_SHARES = {"coverage": 0.4, "longest_day": 0.35}
_COMPOSITION_SHARE = 0.1
_COMPOSITION_MAX_SECONDS = 10.0
_COMPOSITION_MIN_SECONDS = 0.5
_EXPLAIN_MAX_SECONDS = 20.0


@dataclass(frozen=True)
class Goal:
    """A stage's objective: named terms in strict order of priority, each with an upper bound.

    The weights make the weighted sum lexicographic (a term outweighs all the terms after it at
    their upper bounds), so a value of the sum can be decoded back into the terms."""

    terms: tuple[tuple[str, cp_model.LinearExprT, int], ...]

    @property
    def weights(self) -> list[int]:
        weights, weight = [], 1
        for _, _, upper in reversed(self.terms):
            weights.append(weight)
            weight *= upper + 1
        return list(reversed(weights))

    @property
    def expression(self) -> cp_model.LinearExpr:
        return cp_model.LinearExpr.weighted_sum([expr for _, expr, _ in self.terms], self.weights)

    def decode(self, value: int) -> dict[str, int]:
        named = {}
        for index, ((name, _, upper), weight) in enumerate(zip(self.terms, self.weights, strict=True)):
            term = value // weight
            named[name] = term if index == 0 else term % (upper + 1)
        return named


class _ProgressRelay(cp_model.CpSolverSolutionCallback):
    """Passes each solution on as a progress event; stops the search at the first solution found
    after ``soft_deadline`` (a stage's share of time is soft until it has a solution)."""

    def __init__(
        self, stage: str, goal: Goal, params: SolveParams, started: float, soft_deadline: float | None = None
    ) -> None:
        super().__init__()
        self.stage, self.goal, self.params, self.started = stage, goal, params, started
        self.soft_deadline = soft_deadline
        self.found = False

    def on_solution_callback(self) -> None:
        self.found = True
        if self.soft_deadline is not None and time.monotonic() >= self.soft_deadline:
            self.stop_search()
        if self.params.on_progress is not None:
            self.params.on_progress(
                Progress(
                    self.stage,
                    self.objective_value,
                    self.best_objective_bound,
                    time.monotonic() - self.started,
                    self.goal.decode(round(self.objective_value)),
                )
            )


class _Stages:
    """Runs the routing stages on one model, carrying the best solution from one to the next."""

    def __init__(
        self, routing: RoutingModel, params: SolveParams, budget: float, started: float, label: str = ""
    ) -> None:
        self.routing, self.params, self.started, self.label = routing, params, started, label
        self.remaining = budget
        self.values: list[int] | None = None
        self.reports: list[StageReport] = []

    def run(self, name: str, goal: Goal, share: float | None) -> bool:
        if self.label:
            name = f"{name} ({self.label})"
        model = self.routing.model
        objective = goal.expression
        model.minimize(objective)
        if self.values is not None:
            model.clear_hints()  # type: ignore[no-untyped-call]
            for index, value in enumerate(self.values):
                model.add_hint(model.get_int_var_from_proto_index(index), value)
        limit = self.remaining if share is None else self.remaining * share
        solver = cp_model.CpSolver()
        solver.parameters.random_seed = self.params.seed
        solver.parameters.num_workers = self.params.workers
        began = time.monotonic()
        timer = None
        if self.params.deterministic:
            solver.parameters.interleave_search = True
            solver.parameters.max_deterministic_time = max(limit, 0.1)
            relay = _ProgressRelay(name, goal, self.params, self.started)
        else:
            # The share is soft: past it, the search stops as soon as it has a solution, but a
            # stage without any solution yet may use all the remaining time.
            solver.parameters.max_time_in_seconds = max(self.remaining, 0.1)
            relay = _ProgressRelay(name, goal, self.params, self.started, soft_deadline=began + limit)

            def stop_if_found() -> None:
                if relay.found:
                    solver.stop_search()

            timer = threading.Timer(max(limit, 0.0), stop_if_found)
            timer.start()
        try:
            status = solver.solve(model, relay)
        finally:
            if timer is not None:
                timer.cancel()
        spent = solver.deterministic_time if self.params.deterministic else time.monotonic() - began
        self.remaining = max(self.remaining - spent, 0.0)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            self.reports.append(StageReport(name, solver.status_name(status), 0, 0, time.monotonic() - began))
            return status == cp_model.INFEASIBLE
        best = round(solver.objective_value)
        self.reports.append(
            StageReport(
                name,
                solver.status_name(status),
                best,
                round(solver.best_objective_bound),
                time.monotonic() - began,
                goal.decode(best),
            )
        )
        self.values = [solver.value(model.get_int_var_from_proto_index(i)) for i in range(len(model.proto.variables))]
        model.add(objective <= best)
        return True


def check_plain_reasons(rally: Rally, travel: TravelTimes) -> None:
    """Raise :class:`NoPlanFound` when counting alone shows that no plan can exist."""
    reasons = plain_reasons(rally, travel)
    if reasons:
        raise NoPlanFound(reasons, proven=True)


@dataclass(frozen=True)
class Membership:
    """Who was in which team before a re-planning, by vehicle id (see ``rallye.engine.replan``)."""

    members: dict[str, tuple[str, ...]]
    """Previous members of the team of each vehicle (present or not)."""
    locked: frozenset[str] = frozenset()
    """Vehicles whose team keeps exactly its members."""
    names: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Previous (id, name) of the team of each vehicle, kept by the new plan."""


_NO_SIMPLE_CAUSE = Reason(
    "Aucun planning respectant toutes les règles n'existe pour ces données, sans qu'une "
    "cause simple ait été trouvée (places, secteurs, créneaux, durée des sessions). "
    "Élargissez les disponibilités des entreprises ou leurs capacités, ou ajoutez une "
    "entreprise ou une demi-journée de visites."
)
"""Proven impossible, but no small set of rules in conflict was isolated in time."""

TeamRoute = tuple[str, int, tuple[Visit, ...]]
"""(vehicle id, team size, visits) of one team, before anyone is assigned to it."""


class RoutePlanner:
    """The routing stages of one model: :meth:`open` finds a first plan (or says why none
    exists), :meth:`improve` runs the remaining stages, :meth:`routes` reads the best plan."""

    def __init__(
        self,
        routing: RoutingModel,
        params: SolveParams,
        budget: float,
        started: float,
        *,
        first: tuple[str, Goal] | None = None,
        label: str = "",
    ) -> None:
        """``label`` names the part of a rally planned by parts (see ``rallye.engine.parts``)."""
        self.routing, self.params, self.first = routing, params, first
        self.stages = _Stages(routing, params, budget, started, label)
        self.goals = routing.objectives

    def open(self, share: float = _STAGE_SHARES["coverage"]) -> None:
        coverage = ("coverage", Goal((("unvisited_companies", self.goals.unvisited_companies, 0),)))
        name, goal = self.first or coverage
        found = self.stages.run(name, goal, share)
        if not found and self.stages.remaining > 0:
            # No plan yet within the share: the first plan may take all the time there is.
            found = self.stages.run(name, goal, None)
        if not found:
            raise NoPlanFound((), proven=False, time_limit=self.params.time_limit)
        if self.stages.values is None:
            limit = max(min(self.stages.remaining, _EXPLAIN_MAX_SECONDS), 1.0)
            explained = explain_infeasibility(
                self.routing.rally, self.routing.travel, time_limit=limit, seed=self.params.seed
            )
            raise NoPlanFound(explained or [_NO_SIMPLE_CAUSE], proven=True)
        if self.first is not None:
            self.stages.run(*coverage, 0.3)

    def improve(self, share: float | None = None) -> None:
        """The remaining stages, within ``share`` of the remaining budget (all of it if None)."""
        if share is not None:
            self.stages.remaining *= share
        bounds = self.routing.upper_bounds()
        goals = self.goals
        self.stages.run(
            "longest_day", Goal((("longest_day_minutes", goals.longest_day, 0),)), _STAGE_SHARES["longest_day"]
        )
        days_travel = Goal(
            (
                ("team_size_spread", goals.team_size_spread, 0),
                ("total_day_minutes", goals.total_day_minutes, bounds["total_day_minutes"]),
                ("travel_minutes", goals.travel_minutes, bounds["travel_minutes"]),
                ("non_hiring_visits", goals.non_hiring_visits, bounds["non_hiring_visits"]),
            )
        )
        self.stages.run("days_travel", days_travel, None)

    @property
    def reports(self) -> list[StageReport]:
        return self.stages.reports

    def routes(self) -> list[TeamRoute]:
        assert self.stages.values is not None
        return _teams_from(self.routing, self.stages.values)


def optimise(
    routing: RoutingModel,
    params: SolveParams,
    started: float,
    *,
    first: tuple[str, Goal] | None = None,
    membership: Membership | None = None,
) -> SolveResult:
    """Run the stages on a built model: ``first`` (if any, e.g. stability when re-planning),
    then coverage, longest day, and the remaining terms; then compose the teams."""
    reserve = composition_reserve(params)
    planner = RoutePlanner(routing, params, params.time_limit - reserve, started, first=first)
    planner.open()
    planner.improve()
    return assemble(routing.rally, routing.travel, planner.routes(), planner.reports, params, started, membership)


def composition_reserve(params: SolveParams) -> float:
    """Time kept for composing the teams once the routes are known."""
    return min(params.time_limit * _COMPOSITION_SHARE, _COMPOSITION_MAX_SECONDS)


def assemble(
    rally: Rally,
    travel: TravelTimes,
    teams_routes: list[TeamRoute],
    reports: list[StageReport],
    params: SolveParams,
    started: float,
    membership: Membership | None = None,
) -> SolveResult:
    """Compose the teams for the routes found, and build the plan with its metrics."""
    people = sorted(rally.present_participants, key=lambda p: p.id)
    remaining = params.time_limit - (time.monotonic() - started)
    keep = locked = None
    if membership is not None:
        keep = [membership.members.get(vehicle, ()) for vehicle, _, _ in teams_routes]
        locked = [vehicle in membership.locked for vehicle, _, _ in teams_routes]
    composition = compose_teams(
        people,
        [size for _, size, _ in teams_routes],
        rally.year,
        time_limit=max(min(remaining, composition_reserve(params)), _COMPOSITION_MIN_SECONDS),
        seed=params.seed,
        workers=params.workers,
        deterministic=params.deterministic,
        keep=keep,
        locked=locked,
    )
    names = _team_names([vehicle for vehicle, _, _ in teams_routes], membership)
    teams = tuple(
        Team(*names[vehicle], vehicle, members, visits, locked=bool(membership and vehicle in membership.locked))
        for (vehicle, _, visits), members in zip(teams_routes, composition.members, strict=True)
    )
    reports = [
        *reports,
        StageReport(
            "mixity",
            "OPTIMAL" if composition.optimal else "FEASIBLE",
            composition.objective,
            composition.bound,
            0.0,
        ),
    ]
    optimal = all(r.optimal for r in reports)
    absent = tuple(p.id for p in rally.participants if not p.present)
    plan = Plan(rally.name, teams, PlanStatus.OPTIMAL if optimal else PlanStatus.FEASIBLE, absent)
    metrics = plan_metrics(rally, plan, travel)
    last = next(r for r in reversed(reports) if r.name != "mixity")
    solver_info = {
        "seconds": round(time.monotonic() - started, 2),
        "objective": last.objective,
        "bound": last.bound,
        "workers": params.workers,
        "seed": params.seed,
        "stages": [r.as_dict() for r in reports],
    }
    plan = Plan(plan.rally, plan.teams, plan.status, plan.absent, metrics.as_dict(), solver_info)
    return SolveResult(plan, metrics, tuple(reports))


def _team_names(vehicles: list[str], membership: Membership | None) -> dict[str, tuple[str, str]]:
    """Team ids and names: kept from the previous plan when re-planning, else numbered in order."""
    names = dict(membership.names) if membership is not None else {}
    taken = {team_id for team_id, _ in names.values()}
    number = 1
    for vehicle in vehicles:
        if vehicle in names:
            continue
        while f"T{number}" in taken:
            number += 1
        names[vehicle] = (f"T{number}", f"Équipe {number}")
        taken.add(f"T{number}")
    return names


def _teams_from(routing: RoutingModel, values: list[int]) -> list[TeamRoute]:
    """(vehicle id, size, visits) of each used team, from a solution's variable values."""

    def value(var: cp_model.IntVar) -> int:
        return values[var.index]

    result = []
    for team in routing.teams:
        if not value(team.used):
            continue
        visits = tuple(
            sorted(
                (
                    Visit(
                        v.company_id,
                        routing.rally.visit_sessions[v.session_index].date,
                        value(v.start),
                        value(v.start) + v.duration,
                    )
                    for v in team.visits
                    if value(v.present)
                ),
                key=lambda v: (v.date, v.start),
            )
        )
        result.append((team.vehicle.id, value(team.size), visits))
    return result
