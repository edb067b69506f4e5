"""The CP-SAT model of teams, vehicles and timed visits (everything but who is in which team).

One *team slot* per vehicle: a slot is used or not, and its size is chosen by the solver. For
each team and visits session, the visits form a circuit from the base back to the base
(``AddCircuit`` with self-loops for the companies not visited), with travel times between
consecutive places. Companies bound capacity with a cumulative constraint whose demands are the
team sizes (+1 for the accompanier); two teams at a company at the same time share the exact
same slot (a grouped visit).

Who goes in which team only matters for mixity, which depends on team sizes alone: it is
solved afterwards (``rallye.engine.composition``) without changing anything decided here.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from rallye.domain.charter import MIN_COMPANIES, TEAM_SIZE
from rallye.domain.metrics import day_bounds
from rallye.domain.rally import BASE, Company, Rally, Vehicle
from rallye.domain.travel import TravelTimes
from rallye.engine.candidates import Candidate, all_candidates, candidate


@dataclass
class VisitVar:
    """A possible visit of one team at one company during one visits session."""

    team: int
    candidate: Candidate
    present: cp_model.IntVar
    start: cp_model.IntVar
    interval: cp_model.IntervalVar

    @property
    def company_id(self) -> str:
        return self.candidate.company.id

    @property
    def session_index(self) -> int:
        return self.candidate.session_index

    @property
    def duration(self) -> int:
        return self.candidate.duration


@dataclass
class TeamVars:
    index: int
    vehicle: Vehicle
    used: cp_model.IntVar
    size: cp_model.IntVar
    visits: list[VisitVar] = field(default_factory=list)
    arcs: list[tuple[cp_model.IntVar, int]] = field(default_factory=list)
    """Arc literals with their travel minutes."""
    day_lengths: list[cp_model.IntVar] = field(default_factory=list)

    def visit(self, company_id: str, session_index: int) -> VisitVar | None:
        return next(
            (v for v in self.visits if v.company_id == company_id and v.session_index == session_index),
            None,
        )


@dataclass(frozen=True)
class Objectives:
    """The named terms of the objective, in order of priority."""

    unvisited_companies: cp_model.LinearExprT
    longest_day: cp_model.IntVar
    total_day_minutes: cp_model.LinearExprT
    travel_minutes: cp_model.LinearExprT
    team_size_spread: cp_model.LinearExprT
    non_hiring_visits: cp_model.LinearExprT


SwitchKey = tuple[str, ...]
"""(kind, subject…): ``("capacity", "C03")``, ``("min_visits",)``."""

SWITCH_RULES = {
    "availability": "H4",
    "lunch": "H4",
    "capacity": "H6",
    "max_visits": "H6",
    "min_visits": "K4",
    "sectors": "E1",
    "min_companies": "K5",
}
"""The rule each kind of switchable constraint group enforces, by the codes of the checker
(``rallye.domain.compliance``) and of the charter (``rallye.domain.charter``)."""


class Switches:
    """Literals that switch rules on, one per rule and subject (explain mode only).

    Solved with all of them as assumptions, an impossible model gives a subset of switches that
    cannot all hold together: the rules and data in conflict (``rallye.engine.explain``)."""

    def __init__(self, model: cp_model.CpModel) -> None:
        self.model = model
        self.literals: dict[SwitchKey, cp_model.IntVar] = {}

    def __call__(self, *key: str) -> cp_model.IntVar:
        if key not in self.literals:
            self.literals[key] = self.model.new_bool_var("switch[" + ",".join(key) + "]")
        return self.literals[key]

    def key_of(self, index: int) -> SwitchKey:
        return next(key for key, literal in self.literals.items() if literal.index == index)


class RoutingModel:
    """Builds the model; ``teams`` and ``objectives`` give access to its variables."""

    def __init__(
        self,
        rally: Rally,
        travel: TravelTimes,
        participant_count: int,
        *,
        break_symmetry: bool = True,
        explain: bool = False,
    ) -> None:
        """``break_symmetry`` orders interchangeable vehicles; a re-planning turns it off, since the
        previous plan's teams must be able to keep their own vehicles. ``explain`` builds the
        model with switchable rules (see :class:`Switches`), for feasibility only."""
        self.rally = rally
        self.break_symmetry = break_symmetry
        self.travel = travel
        self.model = cp_model.CpModel()
        self.switches = Switches(self.model) if explain else None
        self.participant_count = participant_count
        # In explain mode, availability and lunch become switchable constraints on wider domains.
        self.candidates = all_candidates(rally, travel, availability=not explain, lunch=not explain)
        self.teams = [self._team(i, v) for i, v in enumerate(self._usable_vehicles())]
        self._team_sizes()
        for team in self.teams:
            self._team_visits(team)
        self._company_rules()
        self.served = self._coverage()
        self.objectives = self._objectives()

    def session_index_of(self, day: dt.date, start: int) -> int | None:
        """Index of the visits session that holds a visit starting then."""
        return next(
            (i for i, s in enumerate(self.rally.visit_sessions) if s.date == day and s.start <= start < s.end),
            None,
        )

    # -- teams ---------------------------------------------------------------------------
    def _usable_vehicles(self) -> list[Vehicle]:
        return [v for v in self.rally.vehicles if v.max_members >= TEAM_SIZE.min]

    def _team(self, index: int, vehicle: Vehicle) -> TeamVars:
        m = self.model
        largest = min(TEAM_SIZE.max, vehicle.max_members)
        used = m.new_bool_var(f"used[{vehicle.id}]")
        size = m.new_int_var(0, largest, f"size[{vehicle.id}]")
        m.add(size >= TEAM_SIZE.min).only_enforce_if(used)  # K2 (and H2: the vehicle's seats)
        m.add(size == 0).only_enforce_if(~used)
        return TeamVars(index, vehicle, used, size)

    def _team_sizes(self) -> None:
        m = self.model
        m.add(sum(t.size for t in self.teams) == self.participant_count)
        if not self.break_symmetry:
            return
        # Vehicles with the same number of seats are interchangeable: use them in order and
        # give the larger teams to the first ones, so the search does not visit mirror plans.
        by_seats: dict[int, list[TeamVars]] = defaultdict(list)
        for team in self.teams:
            by_seats[team.vehicle.seats].append(team)
        for group in by_seats.values():
            for first, second in itertools.pairwise(group):
                m.add(first.used >= second.used)
                m.add(first.size >= second.size)

    # -- visits of one team --------------------------------------------------------------
    def _team_visits(self, team: TeamVars) -> None:
        m = self.model
        for option in self.candidates:
            domain = option.domain()
            name = f"{team.vehicle.id}@{option.company.id}#{option.session_index}"
            present = m.new_bool_var(f"visit[{name}]")
            start = m.new_int_var_from_domain(domain, f"start[{name}]")
            interval = m.new_optional_fixed_size_interval_var(start, option.duration, present, f"interval[{name}]")
            m.add_implication(present, team.used)
            visit = VisitVar(team.index, option, present, start, interval)
            team.visits.append(visit)
            if self.switches is not None:
                self._switchable_windows(visit, self.switches)

        # K4 (H3): the rally's visits per team, the charter's by default.
        count = sum(v.present for v in team.visits)
        vpt = self.rally.visits_per_team
        self._switched(m.add(count >= vpt.min * team.used), "min_visits")
        m.add(count <= vpt.max * team.used)
        # Distinct companies (H3), then distinct sectors (E1, K4), over the whole rally.
        by_company: dict[str, list[VisitVar]] = defaultdict(list)
        by_sector: dict[str, list[VisitVar]] = defaultdict(list)
        for visit in team.visits:
            by_company[visit.company_id].append(visit)
            by_sector[visit.candidate.company.sector].append(visit)
        for group in by_company.values():
            if len(group) > 1:
                m.add_at_most_one(v.present for v in group)
        for group in by_sector.values():
            if len(group) > 1:
                self._switched(m.add(sum(v.present for v in group) <= 1), "sectors")

        returns_by_date: dict[dt.date, list[cp_model.IntVar]] = defaultdict(list)
        for index, session in enumerate(self.rally.visit_sessions):
            visits = [v for v in team.visits if v.session_index == index]
            returns_by_date[session.date].append(self._session_route(team, index, visits))
        for day, returns in returns_by_date.items():
            day_start, fixed_end = day_bounds(self.rally, day)
            day_end = m.new_int_var(day_start, 24 * 60, f"day_end[{team.vehicle.id},{day}]")
            m.add_max_equality(day_end, [*returns, fixed_end])
            length = m.new_int_var(0, 24 * 60, f"day_length[{team.vehicle.id},{day}]")
            m.add(length == day_end - day_start)
            team.day_lengths.append(length)

    def _switched(self, constraint: cp_model.Constraint, *key: str) -> None:
        """In explain mode, the constraint holds only while its rule is switched on."""
        if self.switches is not None:
            constraint.only_enforce_if(self.switches(*key))

    def _switchable_windows(self, visit: VisitVar, switches: Switches) -> None:
        """Availability and lunch as switchable constraints on a visit's start (explain mode)."""
        company, index = visit.candidate.company, visit.session_index
        rules = []
        if company.availability:
            rules.append((("availability", company.id), {"availability": True, "lunch": False}))
        if self.rally.visit_sessions[index].lunch is not None:
            rules.append((("lunch", str(index)), {"availability": False, "lunch": True}))
        for key, options in rules:
            strict = candidate(self.rally, self.travel, company, index, **options)
            if strict is None:
                self.model.add_bool_or([~visit.present, ~switches(*key)])
            else:
                self.model.add_linear_expression_in_domain(visit.start, strict.domain()).only_enforce_if(
                    [visit.present, switches(*key)]
                )

    def _session_route(self, team: TeamVars, index: int, visits: list[VisitVar]) -> cp_model.IntVar:
        """Circuit base → visits → base for one team and session; returns the return time."""
        m = self.model
        session = self.rally.visit_sessions[index]
        day_start, _ = day_bounds(self.rally, session.date)
        label = f"{team.vehicle.id}#{index}"
        active = m.new_bool_var(f"active[{label}]")
        back = m.new_int_var(min(day_start, session.start), session.end, f"back[{label}]")
        m.add(back == day_start).only_enforce_if(~active)
        arcs: list[tuple[int, int, cp_model.LiteralT]] = [(0, 0, ~active)]
        first_arc = len(team.arcs)
        for node, visit in enumerate(visits, start=1):
            m.add_implication(visit.present, active)
            arcs.append((node, node, ~visit.present))
            out_time = self.travel(BASE, visit.company_id)
            leave = m.new_bool_var(f"from_base[{label}->{visit.company_id}]")
            m.add(visit.start >= session.start + out_time).only_enforce_if(leave)
            arcs.append((0, node, leave))
            team.arcs.append((leave, out_time))
            back_time = self.travel(visit.company_id, BASE)
            home = m.new_bool_var(f"to_base[{label}<-{visit.company_id}]")
            m.add(back >= visit.start + visit.duration + back_time).only_enforce_if(home)
            arcs.append((node, 0, home))
            team.arcs.append((home, back_time))
        for i, first in enumerate(visits, start=1):
            for j, second in enumerate(visits, start=1):
                same_sector = first.candidate.company.sector == second.candidate.company.sector
                if i == j or (same_sector and self.switches is None):
                    continue
                minutes = self.travel(first.company_id, second.company_id)
                earliest = first.candidate.earliest_start + first.duration + minutes
                if earliest > second.candidate.latest_start:
                    continue
                arc = m.new_bool_var(f"arc[{label}:{first.company_id}->{second.company_id}]")
                m.add(second.start >= first.start + first.duration + minutes).only_enforce_if(arc)
                arcs.append((i, j, arc))
                team.arcs.append((arc, minutes))
        m.add_circuit(arcs)
        # Redundant, but it gives the solver good bounds on day lengths: the team is back no
        # earlier than the session start plus its visits and drives in this session. Written
        # without an enforcement literal (it holds as 0 ≥ 0 when the team stays at the base), so
        # that the linear relaxation sees it too.
        m.add(
            back - day_start
            >= (session.start - day_start) * active
            + sum(v.present * v.duration for v in visits)
            + sum(lit * minutes for lit, minutes in team.arcs[first_arc:])
        )
        return back

    # -- companies ------------------------------------------------------------------------
    def _company_rules(self) -> None:
        """H6: capacity, grouped visits and the maximum of visits of each company."""
        m = self.model
        visits_by_company: dict[str, list[VisitVar]] = defaultdict(list)
        for team in self.teams:
            for visit in team.visits:
                visits_by_company[visit.company_id].append(visit)
        size_of = {t.index: t.size for t in self.teams}
        grouping_possible = 2 * (TEAM_SIZE.min + 1)
        for company_id, visits in visits_by_company.items():
            company = self.rally.company(company_id)
            joined: list[cp_model.IntVar] = []
            for index in range(len(self.rally.visit_sessions)):
                here = [v for v in visits if v.session_index == index]
                if not here:
                    continue
                m.add_cumulative(
                    [v.interval for v in here], [size_of[v.team] + 1 for v in here], self._capacity(company)
                )
                if company.capacity < grouping_possible and self.switches is None:
                    m.add_no_overlap([v.interval for v in here])
                    continue
                joined.extend(self._grouping(here))
            if company.max_visits is not None:
                # A grouped visit is one visit for the company: count the slots it hosts.
                limit = m.add(sum(v.present for v in visits) - sum(joined) <= company.max_visits)
                self._switched(limit, "max_visits", company_id)

    def _capacity(self, company: Company) -> cp_model.LinearExprT:
        if self.switches is None:
            return company.capacity
        capacity = self.model.new_int_var(company.capacity, 10 * TEAM_SIZE.max, f"capacity[{company.id}]")
        self._switched(self.model.add(capacity == company.capacity), "capacity", company.id)
        return capacity

    def _grouping(self, visits: list[VisitVar]) -> list[cp_model.IntVar]:
        """Pairwise: two visits at the same company and session share the same slot or do not
        overlap. Returns, for each visit, a flag "joins the slot of an earlier visit"."""
        m = self.model
        joined = []
        for b_index, b in enumerate(visits):
            shared = [self._same_slot_or_apart(a, b) for a in visits[:b_index]]
            if shared:
                flag = m.new_bool_var("")
                m.add_bool_or(shared).only_enforce_if(flag)
                joined.append(flag)
        return joined

    def _same_slot_or_apart(self, a: VisitVar, b: VisitVar) -> cp_model.IntVar:
        """Two visits at one company either share the same slot or do not overlap; returns the
        "same slot" flag (true only if both visits take place)."""
        m = self.model
        same, a_first, b_first = (m.new_bool_var("") for _ in range(3))
        m.add(a.start == b.start).only_enforce_if(same)
        m.add_implication(same, a.present)
        m.add_implication(same, b.present)
        m.add(a.start + a.duration <= b.start).only_enforce_if(a_first)
        m.add(b.start + b.duration <= a.start).only_enforce_if(b_first)
        m.add_bool_or([same, a_first, b_first, ~a.present, ~b.present])
        return same

    def _coverage(self) -> dict[str, cp_model.IntVar]:
        """``served[c]`` is true only if company ``c`` receives at least one visit; K5 (H7): enough
        companies visited in all."""
        m = self.model
        served: dict[str, cp_model.IntVar] = {}
        for company in self.rally.companies:
            visits = [v.present for t in self.teams for v in t.visits if v.company_id == company.id]
            flag = m.new_bool_var(f"served[{company.id}]")
            if visits:
                m.add_bool_or(visits).only_enforce_if(flag)
            else:
                m.add(flag == 0)
            served[company.id] = flag
        self._switched(m.add(sum(served.values()) >= MIN_COMPANIES), "min_companies")
        return served

    # -- objective terms -------------------------------------------------------------------
    def _objectives(self) -> Objectives:
        m = self.model
        lengths = [length for t in self.teams for length in t.day_lengths]
        longest = m.new_int_var(0, 24 * 60, "longest_day")
        if lengths:
            m.add_max_equality(longest, lengths)
        biggest = m.new_int_var(0, TEAM_SIZE.max, "biggest_team")
        smallest = m.new_int_var(0, TEAM_SIZE.max, "smallest_team")
        for team in self.teams:
            m.add(biggest >= team.size)
            m.add(smallest <= team.size).only_enforce_if(team.used)
        m.add(smallest <= biggest)
        non_hiring = [v.present for t in self.teams for v in t.visits if not v.candidate.company.hiring]
        return Objectives(
            unvisited_companies=len(self.served) - sum(self.served.values()),
            longest_day=longest,
            total_day_minutes=sum(lengths),
            travel_minutes=sum(lit * minutes for t in self.teams for lit, minutes in t.arcs),
            team_size_spread=biggest - smallest,
            non_hiring_visits=sum(non_hiring),
        )

    def upper_bounds(self) -> dict[str, int]:
        """Upper bounds of the lower-priority terms, to weigh them lexicographically."""
        session_minutes = sum(s.end - s.start for s in self.rally.visit_sessions)
        day_minutes = sum(24 * 60 for _ in {s.date for s in self.rally.visit_sessions})
        return {
            "total_day_minutes": day_minutes * len(self.teams),
            "non_hiring_visits": self.rally.visits_per_team.max * len(self.teams),
            "team_size_spread": TEAM_SIZE.max,
            "travel_minutes": session_minutes * len(self.teams),
        }
