"""Re-planning on the morning: the smallest change to a plan once people are absent and
companies withdraw, keeping every hard rule.

The same routing model as for planning, plus the previous plan as an anchor. A first stage
minimises, in this order:

1. ``moved_people`` — people who change team (or join one): nobody moves unless a team falls
   below 3 members; then the fewest moves, which may mean dissolving a team into others;
2. ``visit_changes`` — visits cancelled or added (a visit stays unless its company withdrew or
   a rule forces a change);
3. ``shifted_minutes`` — how far kept visits move in time.

Then the usual stages improve what is left free. Teams and visits marked ``locked`` in the
plan are kept exactly as they are.
"""

from __future__ import annotations

import time
from dataclasses import replace

from ortools.sat.python import cp_model

from rallye.domain import french
from rallye.domain.changes import plan_changes
from rallye.domain.charter import TEAM_SIZE
from rallye.domain.clock import hhmm
from rallye.domain.plan import Plan, Visit
from rallye.domain.rally import Rally
from rallye.domain.travel import TravelTimes
from rallye.engine.params import SolveParams
from rallye.engine.results import NoPlanFound, Reason, SolveResult, UnknownIds
from rallye.engine.routing import RoutingModel, TeamVars
from rallye.engine.stages import Goal, Membership, check_plain_reasons, optimise


def replan(
    rally: Rally,
    previous: Plan,
    *,
    absent: frozenset[str] = frozenset(),
    cancelled: frozenset[str] = frozenset(),
    params: SolveParams | None = None,
    stay_close: bool = True,
) -> SolveResult:
    """The plan closest to ``previous`` that keeps every rule with these people absent and
    these companies withdrawn; ``plan.changes`` lists what changed.

    With ``stay_close=False`` (re-optimising around what is locked), only the locked teams and
    visits are kept: everything else is planned afresh, for the best plan around them."""
    params = params or SolveParams(time_limit=10.0)
    started = time.monotonic()
    _check_ids(rally, previous, absent, cancelled)
    all_absent = absent | frozenset(previous.absent)
    changed = rally.with_changes(absent=all_absent, cancelled=cancelled)
    travel = TravelTimes(changed)
    check_plain_reasons(changed, travel)
    routing = RoutingModel(changed, travel, len(changed.present_participants), break_symmetry=False)
    anchor = _Anchor(routing, previous, cancelled)
    goal = Goal(
        (
            ("moved_people", anchor.moved_people, 0),
            (
                "visit_changes",
                anchor.visit_changes,
                anchor.visit_count + len(routing.teams) * changed.visits_per_team.max,
            ),
            ("shifted_minutes", anchor.shifted_minutes, anchor.visit_count * 24 * 60),
        )
    )
    membership = Membership(
        members={t.vehicle: t.members for t in previous.teams if stay_close or t.locked},
        locked=frozenset(t.vehicle for t in previous.teams if t.locked),
        names={t.vehicle: (t.id, t.name) for t in previous.teams},
    )
    try:
        first = ("stability", goal) if stay_close else None
        result = optimise(routing, params, started, first=first, membership=membership)
    except NoPlanFound as no_plan:
        if anchor.locked_visits or membership.locked:
            raise no_plan.adding(_LOCKS) from None
        raise
    changes = plan_changes(previous, result.plan, absent=tuple(sorted(absent)), cancelled=tuple(sorted(cancelled)))
    details = changes.as_dict() | {
        "stability": {
            "moved_people": changes.moved_people,
            "visit_changes": len(changes.removed_visits) + len(changes.added_visits),
            "shifted_minutes": changes.shifted_minutes,
        }
    }
    return replace(result, plan=replace(result.plan, changes=details), changes=changes)


_LOCKS = Reason(
    "Des équipes ou des visites sont verrouillées : déverrouillez-en pour laisser plus de "
    "possibilités au nouveau planning."
)


def _check_ids(rally: Rally, previous: Plan, absent: frozenset[str], cancelled: frozenset[str]) -> None:
    """Raise :class:`UnknownIds` when the request names what the rally does not hold."""
    people = {p.id for p in rally.participants}
    companies = {c.id for c in rally.companies}
    vehicles = {v.id for v in rally.vehicles}
    mismatches = []
    for team in previous.teams:
        if team.vehicle not in vehicles:
            mismatches.append(f"{team.name} utilise le véhicule « {team.vehicle} », absent du rallye")
        mismatches += [
            f"{team.name} : « {member} » n'est pas un participant du rallye"
            for member in team.members
            if member not in people
        ]
    unknown_absent, unknown_cancelled = sorted(absent - people), sorted(cancelled - companies)
    if unknown_absent or unknown_cancelled or mismatches:
        raise UnknownIds(absent=unknown_absent, cancelled=unknown_cancelled, plan=mismatches)


class _Anchor:
    """Ties the routing model to the previous plan: costs of moves, visit changes and shifts,
    and the locks."""

    def __init__(self, routing: RoutingModel, previous: Plan, cancelled: frozenset[str]) -> None:
        self.routing = routing
        self.model = routing.model
        present = {p.id for p in routing.rally.present_participants}
        moved: list[cp_model.IntVar] = []
        kept_visits: list[cp_model.LinearExprT] = []
        shifts: list[cp_model.IntVar] = []
        previous_pairs: set[tuple[int, str]] = set()
        self.visit_count = 0
        self.locked_visits = 0
        by_vehicle = {t.vehicle: t for t in previous.teams}
        for team in routing.teams:
            before = by_vehicle.get(team.vehicle.id)
            staying = [m for m in before.members if m in present] if before else []
            moved.append(self._arrivals(team, len(staying)))
            if before is None:
                continue
            if before.locked:
                self.model.add(team.size == len(staying))
            for visit in before.visits:
                self.visit_count += 1
                previous_pairs.add((team.index, visit.company))
                var = self._previous_visit(team, visit, cancelled, locked=before.locked or visit.locked)
                if var is None:
                    continue
                present_lit, start = var
                kept_visits.append(present_lit)
                shift = self.model.new_int_var(0, 24 * 60, "")
                self.model.add(shift >= start - visit.start).only_enforce_if(present_lit)
                self.model.add(shift >= visit.start - start).only_enforce_if(present_lit)
                shifts.append(shift)
            if before.locked:
                for candidate in team.visits:
                    if (team.index, candidate.company_id) not in previous_pairs:
                        self.model.add(candidate.present == 0)
        added = [
            v.present for team in routing.teams for v in team.visits if (team.index, v.company_id) not in previous_pairs
        ]
        self.moved_people = cp_model.LinearExpr.sum(moved)
        self.visit_changes = self.visit_count - cp_model.LinearExpr.sum(kept_visits) + cp_model.LinearExpr.sum(added)
        self.shifted_minutes = cp_model.LinearExpr.sum(shifts)

    def _arrivals(self, team: TeamVars, staying: int) -> cp_model.IntVar:
        """People who join this team: everyone above those who stay in it."""
        arrivals = self.model.new_int_var(0, TEAM_SIZE.max, f"arrivals[{team.vehicle.id}]")
        self.model.add(arrivals >= team.size - staying)
        return arrivals

    def _previous_visit(
        self, team: TeamVars, visit: Visit, cancelled: frozenset[str], *, locked: bool
    ) -> tuple[cp_model.IntVar, cp_model.IntVar] | None:
        session = self.routing.session_index_of(visit.date, visit.start)
        var = team.visit(visit.company, session) if session is not None else None
        if locked:
            self.locked_visits += 1
            if var is None:
                reason = (
                    "cette entreprise s'est retirée" if visit.company in cancelled else "ce créneau n'est plus possible"
                )
                raise NoPlanFound(
                    [
                        Reason(
                            f"La visite verrouillée de l'équipe du véhicule {team.vehicle.id} chez {visit.company} "
                            f"le {french.day_short(visit.date)} à {hhmm(visit.start)} ne peut pas être gardée : "
                            f"{reason}. Déverrouillez-la."
                        )
                    ],
                    proven=True,
                )
            self.model.add(var.present == 1)
            self.model.add(var.start == visit.start)
        if var is None:
            return None
        return var.present, var.start
