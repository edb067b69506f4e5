"""Compliance of a plan with its rally: the spec's hard rules, then the charter, rule by rule.

``check_plan(rally, plan)`` reads any plan (from the solver or made by hand) against the rally
it was made for and returns one :class:`RuleResult` per rule, in a fixed order: H1 to H7, the
hard rules 1 to 7 of the interchange spec that every plan must keep, then the charter's F1-F4,
K1-K5, E1 and P2 (``rallye.domain.charter``), which are reported, not enforced by the planner.
Each result has a figure an organiser can read and, when the rule fails, one French sentence
per violation naming the team, the company and the time. The figures (team sizes, companies in
all, participants…) come from ``rallye.domain.charter``, the same ones the planner uses.

Decisions worth knowing:

- Absence: a participant is absent when the rally file says so *or* the plan lists them in
  ``absent`` (a re-plan keeps the rally file and records in the plan who stayed home).
- A grouped visit (teams at the same company with the same start and end) counts as one visit
  towards the company's ``max_visits``: the company receives one group.
- Capacity counts the listed members of every team present plus its accompanier, at the
  busiest moment of the company's day.
- H5 takes each visit at its planned time: a team late for one visit is reported once, and the
  next leg is measured from the planned end of the visit, so each fault is named where it is.
- F1, "two or three consecutive days": we count the days that hold a session (``charter.RALLY_DAYS``) and ask
  the visit days to follow one another, a weekend in between being tolerated (Friday then
  Monday). Feedback and closing may come a few days later: organisers do so to let participants
  step back, and the charter's evaluators still judged such rallies true to the format.
- F2, F3 are counted in half days: each part of a session (before or after its lunch) covers
  the morning of its date when it holds time before ``charter.AFTERNOON_STARTS`` (13:00), the
  afternoon when it holds time after; the same half day is counted once.
- F4: a closing session dated on or after the first feedback session (on or after the last
  visits day when the schedule has no feedback).
- P2 fails only on the group (fewer than two genders or two age bands among the present
  participants); the teams' mixity gaps (``rallye.domain.mixity``) are reported in the figure.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from rallye.domain import charter, french, mixity
from rallye.domain.clock import duration_fr, hhmm
from rallye.domain.plan import Plan, Team, Visit
from rallye.domain.rally import BASE, Company, Gender, Participant, Rally, Session, SessionKind, Vehicle
from rallye.domain.travel import TravelTimes

OK_MARK, FAIL_MARK = "✓", "✗"
ACCOMPANIERS_PER_TEAM = 1
"""Each team travels with one accompanier, who also counts as a visitor (capacity)."""


class RuleKind(StrEnum):
    HARD = "hard"
    """A hard rule of the spec: every plan must keep it."""
    CHARTER = "charter"
    """A rule of the charter: checked and reported, not enforced by the planner."""


@dataclass(frozen=True)
class RuleResult:
    code: str
    label: str
    figure: str
    kind: RuleKind
    violations: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.violations

    @property
    def line(self) -> str:
        """``K1 Participants : 24 (attendu …) ✓``: code, label, figure, and whether the rule holds."""
        return f"{self.code} {self.label} : {self.figure} {OK_MARK if self.ok else FAIL_MARK}"


@dataclass(frozen=True)
class ComplianceReport:
    results: tuple[RuleResult, ...]

    @property
    def ok(self) -> bool:
        return all(result.ok for result in self.results)

    @property
    def hard_ok(self) -> bool:
        """True when the plan keeps every hard rule (whatever the charter says)."""
        return all(result.ok for result in self.results if result.kind is RuleKind.HARD)

    @property
    def failed(self) -> tuple[RuleResult, ...]:
        return tuple(result for result in self.results if not result.ok)

    def result(self, code: str) -> RuleResult:
        for result in self.results:
            if result.code == code:
                return result
        raise KeyError(code)

    def lines(self) -> list[str]:
        """One line per rule with ✓ or ✗, each followed by its violations, indented."""
        lines: list[str] = []
        for result in self.results:
            lines.append(result.line)
            lines.extend(f"    {violation}" for violation in result.violations)
        return lines


def check_plan(rally: Rally, plan: Plan) -> ComplianceReport:
    """Check ``plan`` against every rule, in the order of :data:`RULE_CHECKS`."""
    facts = PlanFacts(rally, plan)
    results = []
    for rule in RULE_CHECKS:
        finding = rule.check(facts)
        results.append(RuleResult(rule.code, rule.label, finding.figure, rule.kind, tuple(finding.violations)))
    return ComplianceReport(tuple(results))


# --- French wording ---------------------------------------------------------------------------


def _agree(person: Participant, adjective: str) -> str:
    """``absent`` → ``absente`` for a woman, ``absent·e`` when the gender is other."""
    return {Gender.F: f"{adjective}e", Gender.M: adjective}.get(person.gender, f"{adjective}·e")


def _when(visit: Visit) -> str:
    return f"le {french.day_short(visit.date)} de {hhmm(visit.start)} à {hhmm(visit.end)}"


def _span(values: Sequence[int]) -> str:
    low, high = min(values), max(values)
    return str(low) if low == high else f"{low} à {high}"


def _names(items: Iterable[str]) -> str:
    return ", ".join(items)


# --- The plan read against its rally ------------------------------------------------------------


class PlanFacts:
    """The plan read once against its rally: lookups and names shared by every rule check."""

    def __init__(self, rally: Rally, plan: Plan) -> None:
        self.rally = rally.with_changes(absent=frozenset(plan.absent))
        self.plan = plan
        self.teams = plan.teams
        self.travel = TravelTimes(self.rally)
        self.companies = {c.id: c for c in self.rally.companies}
        self.participants = {p.id: p for p in self.rally.participants}
        self.vehicles = {v.id: v for v in self.rally.vehicles}

    @cached_property
    def present(self) -> tuple[Participant, ...]:
        return self.rally.present_participants

    @cached_property
    def visits(self) -> list[tuple[Team, Visit]]:
        """Every team's visits, in time order."""
        pairs = [(team, visit) for team in self.teams for visit in team.visits]
        return sorted(pairs, key=lambda pair: (pair[1].date, pair[1].start, pair[1].end))

    @cached_property
    def visited_companies(self) -> list[Company]:
        """The rally's companies that at least one team visits."""
        visited = {visit.company for _, visit in self.visits}
        return [c for c in self.rally.companies if c.id in visited]

    def team_companies(self, team: Team) -> list[Company]:
        """The distinct known companies a team visits, in the order of its visits."""
        ids = dict.fromkeys(v.company for v in sorted(team.visits, key=lambda v: (v.date, v.start)))
        return [self.companies[cid] for cid in ids if cid in self.companies]

    def members(self, team: Team) -> list[Participant]:
        """The team's present participants (unknown ids and absent people left out)."""
        people = (self.participants.get(pid) for pid in dict.fromkeys(team.members))
        return [person for person in people if person is not None and person.present]

    def session_of(self, visit: Visit) -> Session | None:
        """The visits session that holds the whole visit, if any."""
        for session in self.rally.visit_sessions:
            if session.window.contains(visit.date, visit.start, visit.end):
                return session
        return None

    @staticmethod
    def team_name(team: Team) -> str:
        return team.name or team.id

    def company_name(self, company_id: str) -> str:
        company = self.companies.get(company_id)
        return f"{company.name} ({company.id})" if company else f"« {company_id} »"

    def place_name(self, place_id: str) -> str:
        return "la base" if place_id == BASE else self.company_name(place_id)

    @staticmethod
    def person_name(person: Participant) -> str:
        return f"{person.full_name} ({person.id})"

    @staticmethod
    def vehicle_name(vehicle: Vehicle) -> str:
        return f"{vehicle.label} ({vehicle.id})" if vehicle.label else vehicle.id


@dataclass(frozen=True)
class Finding:
    """What a rule check found: the figure to show, and the violations (none when it holds)."""

    figure: str
    violations: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RuleCheck:
    code: str
    label: str
    kind: RuleKind
    check: Callable[[PlanFacts], Finding]


# --- Hard rules (spec, rules 1 to 7) ------------------------------------------------------------


def check_members(facts: PlanFacts) -> Finding:
    """H1: every present participant in exactly one team, absent ones in none."""
    violations: list[str] = []
    placements: dict[str, list[Team]] = defaultdict(list)
    for team in facts.teams:
        for pid in team.members:
            placements[pid].append(team)
            if pid not in facts.participants:
                violations.append(f"{facts.team_name(team)} : « {pid} » n'est pas un participant du rallye")
    violations += [
        f"« {pid} », noté absent dans le plan, n'est pas un participant du rallye"
        for pid in facts.plan.absent
        if pid not in facts.participants
    ]
    placed_once = 0
    for person in facts.rally.participants:
        teams = placements.get(person.id, [])
        name = facts.person_name(person)
        if not person.present:
            marked = _agree(person, "absent")
            violations += [
                f"{facts.team_name(team)} : {name} fait partie de l'équipe mais est {marked}"
                for team in dict.fromkeys(teams)
            ]
        elif not teams:
            violations.append(f"{name} : {_agree(person, 'présent')}, mais dans aucune équipe")
        elif len(teams) > 1:
            listed = _names(facts.team_name(team) for team in teams)
            violations.append(f"{name} : {_agree(person, 'placé')} {len(teams)} fois ({listed}) au lieu d'une")
        else:
            placed_once += 1
    absent = len(facts.rally.participants) - len(facts.present)
    figure = (
        f"{french.count(len(facts.present), 'présent')}, {placed_once} dans une seule équipe ; "
        f"{french.count(absent, 'absent')}"
    )
    return Finding(figure, violations)


def _team_size_violations(facts: PlanFacts) -> list[str]:
    size = charter.TEAM_SIZE
    return [
        f"{facts.team_name(team)} : {french.count(len(team.members), 'membre')} (attendu {size.fr()})"
        for team in facts.teams
        if len(team.members) not in size
    ]


def _vehicle_violations(facts: PlanFacts) -> list[str]:
    """Each team in its own known vehicle, with a seat for every member beside the driver."""
    violations: list[str] = []
    users: dict[str, list[Team]] = defaultdict(list)
    for team in facts.teams:
        name = facts.team_name(team)
        vehicle = facts.vehicles.get(team.vehicle)
        if not team.vehicle:
            violations.append(f"{name} : aucun véhicule")
        elif vehicle is None:
            violations.append(f"{name} : le véhicule « {team.vehicle} » n'existe pas dans le rallye")
        else:
            users[vehicle.id].append(team)
            if len(team.members) > vehicle.max_members:
                violations.append(
                    f"{name} : {french.count(len(team.members), 'membre')} pour le véhicule "
                    f"{facts.vehicle_name(vehicle)} de {vehicle.seats} places, soit "
                    f"{french.count(vehicle.max_members, 'passager')} au plus (l'accompagnateur conduit)"
                )
    for vehicle_id, teams in users.items():
        if len(teams) > 1:
            vehicle = facts.vehicles[vehicle_id]
            violations.append(
                f"Véhicule {facts.vehicle_name(vehicle)} attribué à {len(teams)} équipes : "
                f"{_names(facts.team_name(team) for team in teams)}"
            )
    return violations


def check_teams_and_vehicles(facts: PlanFacts) -> Finding:
    """H2: ``charter.TEAM_SIZE`` members, at most the vehicle's seats minus one, each team its own vehicle."""
    if not facts.teams:
        return Finding("aucune équipe")
    sizes = [len(team.members) for team in facts.teams]
    figure = (
        f"{french.count(len(sizes), 'équipe')} de {_span(sizes)} membres (attendu {charter.TEAM_SIZE.fr()}, "
        f"dans la limite des places), {french.count(len({t.vehicle for t in facts.teams}), 'véhicule')}"
    )
    return Finding(figure, _team_size_violations(facts) + _vehicle_violations(facts))


def check_visits_per_team(facts: PlanFacts) -> Finding:
    """H3: the rally's number of visits per team, to distinct companies of distinct sectors."""
    wanted = facts.rally.visits_per_team
    violations: list[str] = []
    for team in facts.teams:
        name = facts.team_name(team)
        if not wanted.min <= len(team.visits) <= wanted.max:
            violations.append(
                f"{name} : {french.count(len(team.visits), 'visite')} (attendu {wanted.min} à {wanted.max})"
            )
        by_company: dict[str, list[Visit]] = defaultdict(list)
        for visit in sorted(team.visits, key=lambda v: (v.date, v.start)):
            by_company[visit.company].append(visit)
        for company_id, visits in by_company.items():
            if company_id not in facts.companies:
                violations += [
                    f"{name} : visite {_when(v)} chez « {company_id} », qui n'est pas une entreprise du rallye"
                    for v in visits
                ]
            elif len(visits) > 1:
                times = _names(f"le {french.day_short(v.date)} à {hhmm(v.start)}" for v in visits)
                violations.append(f"{name} : {len(visits)} visites chez {facts.company_name(company_id)} ({times})")
        by_sector: dict[str, list[str]] = defaultdict(list)
        for company_id, visits in by_company.items():
            if company_id in facts.companies:
                by_sector[facts.companies[company_id].sector].append(
                    f"{facts.company_name(company_id)} le {french.day_short(visits[0].date)} à {hhmm(visits[0].start)}"
                )
        violations += [
            f"{name} : {len(visited)} entreprises du secteur {sector} : {_names(visited)}"
            for sector, visited in by_sector.items()
            if len(visited) > 1
        ]
    counts = [len(team.visits) for team in facts.teams] or [0]
    figure = (
        f"{_span(counts)} visites par équipe (attendu {wanted.min} à {wanted.max}), entreprises et secteurs distincts"
    )
    return Finding(figure, violations)


def _visit_time_violations(facts: PlanFacts, team: Team, visit: Visit) -> list[str]:
    company = facts.companies.get(visit.company)
    where = f"{facts.team_name(team)} : visite chez {facts.company_name(visit.company)} {_when(visit)}"
    violations: list[str] = []
    if company is not None:
        expected = facts.rally.visit_minutes_of(company)
        if visit.end - visit.start != expected:
            violations.append(
                f"{where} : dure {duration_fr(visit.end - visit.start)} au lieu de {duration_fr(expected)}"
            )
    session = facts.session_of(visit)
    if session is None:
        same_day = [s for s in facts.rally.visit_sessions if s.date == visit.date]
        hours = _names(f"{hhmm(s.start)}-{hhmm(s.end)}" for s in same_day)
        context = f"ce jour-là : {hours}" if same_day else "aucune ce jour-là"
        violations.append(f"{where} en dehors de toute session de visites ({context})")
    elif session.lunch is not None and visit.start < session.lunch[1] and session.lunch[0] < visit.end:
        lunch = f"{hhmm(session.lunch[0])}-{hhmm(session.lunch[1])}"
        violations.append(f"{where} pendant la pause déjeuner ({lunch})")
    windows = company.availability if company is not None else ()
    if windows and not any(w.contains(visit.date, visit.start, visit.end) for w in windows):
        listed = _names(f"{french.day_short(w.date)} {hhmm(w.start)}-{hhmm(w.end)}" for w in windows)
        violations.append(f"{where} en dehors des disponibilités de l'entreprise ({listed})")
    return violations


def check_visit_times(facts: PlanFacts) -> Finding:
    """H4: right length, inside a visits session, outside lunch, inside an availability window."""
    violations: list[str] = []
    misplaced = 0
    for team, visit in facts.visits:
        found = _visit_time_violations(facts, team, visit)
        misplaced += bool(found)
        violations += found
    figure = f"{french.count(len(facts.visits), 'visite')}, {french.count(misplaced, 'mal placée', 'mal placées')}"
    return Finding(figure, violations)


def _tour_violations(facts: PlanFacts, team: Team, session: Session) -> list[str] | None:
    """A team's tour in one visits session; ``None`` when the team makes no visit in it."""
    stops = sorted(
        (v for v in team.visits if v.company in facts.companies and facts.session_of(v) is session),
        key=lambda v: v.start,
    )
    if not stops:
        return None
    who = f"{facts.team_name(team)} le {french.day_short(session.date)}"
    violations: list[str] = []
    place, free_at, moment = BASE, session.start, "départ"
    for visit in stops:
        trip = facts.travel(place, visit.company)
        if free_at + trip > visit.start:
            violations.append(
                f"{who} : arrivée chez {facts.company_name(visit.company)} "
                f"à {hhmm(free_at + trip)} au plus tôt (trajet de {duration_fr(trip)} "
                f"depuis {facts.place_name(place)}, {moment} {hhmm(free_at)}), "
                f"visite prévue à {hhmm(visit.start)}"
            )
        place, free_at, moment = visit.company, visit.end, "fin"
    trip = facts.travel(place, BASE)
    if free_at + trip > session.end:
        violations.append(
            f"{who} : retour à la base à {hhmm(free_at + trip)} au plus tôt "
            f"(trajet de {duration_fr(trip)} depuis {facts.place_name(place)}, fin {hhmm(free_at)}), "
            f"fin de la session à {hhmm(session.end)}"
        )
    return violations


def check_travel(facts: PlanFacts) -> Finding:
    """H5: leave the base at the session start, travel between visits, be back by its end."""
    violations: list[str] = []
    tours = faulty = 0
    for team in facts.teams:
        for session in facts.rally.visit_sessions:
            found = _tour_violations(facts, team, session)
            if found is None:
                continue
            tours += 1
            faulty += bool(found)
            violations += found
    figure = f"{french.count(tours, 'tournée')} d'équipe, {french.count(faulty, 'intenable', 'intenables')}"
    return Finding(figure, violations)


def _hosting_violations(facts: PlanFacts, company: Company, bookings: list[tuple[Team, Visit]]) -> list[str]:
    name = facts.company_name(company.id)
    violations: list[str] = []
    for (team_a, a), (team_b, b) in itertools.combinations(bookings, 2):
        overlap = a.date == b.date and a.start < b.end and b.start < a.end
        if overlap and (a.start, a.end) != (b.start, b.end):
            violations.append(
                f"{name} le {french.day_short(a.date)} : les visites de {facts.team_name(team_a)} "
                f"({hhmm(a.start)}-{hhmm(a.end)}) et de {facts.team_name(team_b)} "
                f"({hhmm(b.start)}-{hhmm(b.end)}) se chevauchent sans être groupées (même début, même fin)"
            )
    crowds: set[frozenset[int]] = set()
    for _, visit in bookings:
        # At each visit's start, everyone on site at that moment (the busiest moments are starts).
        here = frozenset(
            i for i, (_, v) in enumerate(bookings) if v.date == visit.date and v.start <= visit.start < v.end
        )
        visitors = sum(len(bookings[i][0].members) + ACCOMPANIERS_PER_TEAM for i in here)
        if visitors <= company.capacity or here in crowds:
            continue
        crowds.add(here)
        slots = {(bookings[i][1].start, bookings[i][1].end) for i in here}
        time = _when(visit) if len(slots) == 1 else f"le {french.day_short(visit.date)} à {hhmm(visit.start)}"
        detail = " ; ".join(
            f"{facts.team_name(bookings[i][0])} : {french.count(len(bookings[i][0].members), 'membre')} "
            f"+ {ACCOMPANIERS_PER_TEAM} accompagnateur"
            for i in sorted(here)
        )
        violations.append(f"{name} {time} : {visitors} visiteurs pour une capacité de {company.capacity} ({detail})")
    received = sorted({(v.date, v.start, v.end) for _, v in bookings})
    if company.max_visits is not None and len(received) > company.max_visits:
        listed = _names(f"{french.day_short(day)} {hhmm(start)}" for day, start, _ in received)
        violations.append(
            f"{name} : {len(received)} visites ({listed}) pour {company.max_visits} au plus "
            "(une visite groupée compte pour une)"
        )
    return violations


def check_company_hosting(facts: PlanFacts) -> Finding:
    """H6: overlapping visits grouped (same start and end), within capacity; at most max_visits."""
    by_company: dict[str, list[tuple[Team, Visit]]] = defaultdict(list)
    for team, visit in facts.visits:
        by_company[visit.company].append((team, visit))
    violations: list[str] = []
    for company in facts.rally.companies:
        violations += _hosting_violations(facts, company, by_company.get(company.id, []))
    slots = Counter((v.company, v.date, v.start, v.end) for _, v in facts.visits if v.company in facts.companies)
    grouped = sum(1 for teams in slots.values() if teams > 1)
    figure = (
        f"{french.count(len(slots), 'créneau', 'créneaux')} d'accueil, "
        f"dont {french.count(grouped, 'visite groupée', 'visites groupées')}"
    )
    return Finding(figure, violations)


def check_enough_companies(facts: PlanFacts) -> Finding:
    """H7 and K5: at least ``charter.MIN_COMPANIES`` distinct companies visited in all."""
    visited = facts.visited_companies
    figure = f"{len(visited)} (attendu au moins {charter.MIN_COMPANIES})"
    if len(visited) >= charter.MIN_COMPANIES:
        return Finding(figure)
    names = _names(facts.company_name(c.id) for c in visited) or "aucune"
    return Finding(
        figure,
        [
            f"{french.count(len(visited), 'entreprise visitée', 'entreprises visitées')} ({names}) ; "
            f"il en faut au moins {charter.MIN_COMPANIES}"
        ],
    )


# --- Charter: format ----------------------------------------------------------------------------

_MORNING, _AFTERNOON = 0, 1
_HALF_NAMES = {_MORNING: "matin", _AFTERNOON: "après-midi"}


def half_days(sessions: Iterable[Session]) -> list[tuple[dt.date, int]]:
    """The half days (date, morning or afternoon) the sessions cover, lunch left out."""
    halves: set[tuple[dt.date, int]] = set()
    for session in sessions:
        for part in session.visit_windows():
            if part.start < charter.AFTERNOON_STARTS:
                halves.add((part.date, _MORNING))
            if part.end > charter.AFTERNOON_STARTS:
                halves.add((part.date, _AFTERNOON))
    return sorted(halves)


def _sessions(facts: PlanFacts, kind: SessionKind) -> list[Session]:
    return sorted((s for s in facts.rally.schedule if s.kind is kind), key=lambda s: (s.date, s.start))


def _follows(earlier: dt.date, later: dt.date) -> bool:
    """Consecutive days, a weekend in between being tolerated (Friday then Monday)."""
    between = (earlier + dt.timedelta(days=n) for n in range(1, (later - earlier).days))
    return all(day.weekday() >= 5 for day in between)


def check_rally_days(facts: PlanFacts) -> Finding:
    """F1: two or three days, the visit days following one another."""
    wanted = charter.RALLY_DAYS
    days = sorted({s.date for s in facts.rally.schedule})
    listed = f"{_names(map(french.day_short, days))} ; " if days else ""
    figure = f"{len(days)} ({listed}attendu {wanted.fr()}, visites sur des jours qui se suivent)"
    violations: list[str] = []
    if len(days) not in wanted:
        violations.append(f"{french.count(len(days), 'jour')} avec une session au programme (attendu {wanted.fr()})")
    visit_days = sorted({s.date for s in facts.rally.visit_sessions})
    violations += [
        f"jours de visites non consécutifs : le {french.day_short(a)} puis le {french.day_short(b)}"
        for a, b in itertools.pairwise(visit_days)
        if not _follows(a, b)
    ]
    return Finding(figure, violations)


def _half_days_finding(facts: PlanFacts, kind: SessionKind, wanted: charter.Range) -> Finding:
    halves = half_days(_sessions(facts, kind))
    days = len(halves) / 2
    expected = f"attendu {french.number(wanted.min / 2)} à {french.number(wanted.max / 2)}"
    figure = f"{french.number(days)} ({expected})"
    if len(halves) in wanted:
        return Finding(figure)
    listed = _names(f"{french.day_short(day)} {_HALF_NAMES[half]}" for day, half in halves) or "aucune session"
    return Finding(figure, [f"{kind.label} : {french.count(days, 'jour')} ({listed}) ; {expected}"])


def check_visit_days(facts: PlanFacts) -> Finding:
    """F2: one and a half to two days of company visits."""
    return _half_days_finding(facts, SessionKind.VISITS, charter.VISIT_DAYS_HALVES)


def check_feedback_days(facts: PlanFacts) -> Finding:
    """F3: half a day to one day of feedback."""
    return _half_days_finding(facts, SessionKind.FEEDBACK, charter.FEEDBACK_DAY_HALVES)


def check_closing(facts: PlanFacts) -> Finding:
    """F4: a closing session, during or after the feedback time."""
    closings = _sessions(facts, SessionKind.CLOSING)
    if not closings:
        return Finding("aucun", ["aucun temps de clôture au programme"])
    feedback = _sessions(facts, SessionKind.FEEDBACK)
    visit_days = [s.date for s in facts.rally.visit_sessions]
    if feedback:
        after, what = feedback[0].date, f"les retours d'expérience du {french.day_short(feedback[0].date)}"
    elif visit_days:
        after, what = max(visit_days), f"les visites du {french.day_short(max(visit_days))}"
    else:
        after, what = closings[0].date, "le début du rallye"
    fitting = [s for s in closings if s.date >= after]
    shown = fitting[0] if fitting else closings[0]
    figure = (
        f"le {french.day_short(shown.date)} de {hhmm(shown.start)} à {hhmm(shown.end)} "
        f"(attendu pendant ou après {what})"
    )
    if fitting:
        return Finding(figure)
    return Finding(figure, [f"le temps de clôture du {french.day_short(shown.date)} précède {what}"])


# --- Charter: key figures, companies, public -----------------------------------------------------


def check_participants(facts: PlanFacts) -> Finding:
    """K1: ``charter.PARTICIPANTS`` (present ones)."""
    wanted = charter.PARTICIPANTS
    present = len(facts.present)
    figure = f"{present} (attendu {wanted.fr()})"
    if present in wanted:
        return Finding(figure)
    return Finding(
        figure,
        [f"{french.count(present, 'participant présent', 'participants présents')} (attendu {wanted.fr()})"],
    )


def check_team_sizes(facts: PlanFacts) -> Finding:
    """K2: teams of ``charter.TEAM_SIZE`` people."""
    if not facts.teams:
        return Finding("aucune équipe", ["le plan ne compte aucune équipe"])
    sizes = [len(team.members) for team in facts.teams]
    return Finding(f"{_span(sizes)} personnes (attendu {charter.TEAM_SIZE.fr()})", _team_size_violations(facts))


def check_vehicles(facts: PlanFacts) -> Finding:
    """K3: each team in one vehicle of its own, with an accompanier."""
    violations = _vehicle_violations(facts)
    equipped = 0
    for team in facts.teams:
        vehicle = facts.vehicles.get(team.vehicle)
        if vehicle is None:
            continue
        if vehicle.accompanier is None or not vehicle.accompanier.name.strip():
            violations.append(
                f"{facts.team_name(team)} : le véhicule {facts.vehicle_name(vehicle)} n'a pas d'accompagnateur"
            )
        else:
            equipped += 1
    figure = f"{french.count(len(facts.teams), 'équipe')}, {equipped} avec véhicule et accompagnateur"
    return Finding(figure, violations)


def check_companies_per_participant(facts: PlanFacts) -> Finding:
    """K4: each participant visits ``charter.VISITS_PER_PARTICIPANT`` companies, of different sectors
    (through their team)."""
    wanted = charter.VISITS_PER_PARTICIPANT
    violations: list[str] = []
    counts: list[int] = []
    for team in facts.teams:
        members = facts.members(team)
        if not members:
            continue
        companies = facts.team_companies(team)
        counts.append(len(companies))
        who = f"{facts.team_name(team)} ({french.count(len(members), 'participant')})"
        if len(companies) not in wanted:
            visited = french.count(len(companies), "entreprise visitée", "entreprises visitées")
            violations.append(f"{who} : {visited} (attendu {wanted.fr()})")
        sectors = Counter(c.sector for c in companies)
        repeated = _names(f"{sector} × {n}" for sector, n in sectors.items() if n > 1)
        if repeated:
            violations.append(f"{who} : secteurs visités plusieurs fois ({repeated})")
    placed = {pid for team in facts.teams for pid in team.members}
    violations += [
        f"{facts.person_name(p)} : dans aucune équipe, ne visite aucune entreprise"
        for p in facts.present
        if p.id not in placed
    ]
    figure = f"{_span(counts)} (attendu {wanted.fr()}, de secteurs différents)" if counts else "aucune équipe"
    return Finding(figure, violations)


def check_sectors(facts: PlanFacts) -> Finding:
    """E1: the companies visited belong to several different sectors."""
    sectors = sorted({c.sector for c in facts.visited_companies})
    figure = f"{len(sectors)} (attendu au moins {charter.MIN_SECTORS})"
    if len(sectors) >= charter.MIN_SECTORS:
        return Finding(figure)
    listed = _names(sectors) or "aucun"
    return Finding(
        figure,
        [
            f"{french.count(len(sectors), 'secteur')} parmi les entreprises visitées ({listed}) ; "
            f"il en faut au moins {charter.MIN_SECTORS}"
        ],
    )


_AGE_BAND_WORDS = ("tranche d'âge", "tranches d'âge")


def check_mixity(facts: PlanFacts) -> Finding:
    """P2: a group mixing genders and ages; each team's gap to the group is reported."""
    present = facts.present
    year = facts.rally.year if facts.rally.schedule else dt.date.today().year
    groups = mixity.categories(present, year)
    genders, ages = groups["gender"], groups["age"]
    figure = f"{french.count(len(genders), 'genre')}, {french.count(len(ages), *_AGE_BAND_WORDS)}"
    gaps = [
        (mixity.team_mixity(members, present, year).total, facts.team_name(team))
        for team in facts.teams
        if (members := facts.members(team))
    ]
    if gaps:
        mean = sum(gap for gap, _ in gaps) / len(gaps)
        worst, worst_team = max(gaps)
        figure += (
            f" ; écart moyen des équipes {french.count(mean, 'personne')} "
            f"(au plus {french.number(worst)}, {worst_team})"
        )
    violations: list[str] = []
    if len(genders) < charter.MIN_GENDERS:
        detail = _names(f"{label} : {n}" for label, n in genders.items()) or "aucun participant"
        violations.append(
            f"groupe non mixte : {french.count(len(genders), 'genre')} parmi les participants présents "
            f"({detail}), au moins {charter.MIN_GENDERS} attendus"
        )
    if len(ages) < charter.MIN_AGE_BANDS:
        detail = _names(f"{label} : {n}" for label, n in ages.items()) or "aucun participant"
        violations.append(
            f"groupe non mixte : {french.count(len(ages), *_AGE_BAND_WORDS)} parmi les "
            f"participants présents ({detail}), au moins {charter.MIN_AGE_BANDS} attendues"
        )
    return Finding(figure, violations)


def _charter(code: str, check: Callable[[PlanFacts], Finding]) -> RuleCheck:
    """The check of a charter rule, under the rule's own label (``rallye.domain.charter``)."""
    return RuleCheck(code, charter.RULES[code].label, RuleKind.CHARTER, check)


RULE_CHECKS: tuple[RuleCheck, ...] = (
    RuleCheck("H1", "Participants dans les équipes", RuleKind.HARD, check_members),
    RuleCheck("H2", "Équipes et véhicules", RuleKind.HARD, check_teams_and_vehicles),
    RuleCheck("H3", "Visites par équipe", RuleKind.HARD, check_visits_per_team),
    RuleCheck("H4", "Horaires des visites", RuleKind.HARD, check_visit_times),
    RuleCheck("H5", "Trajets", RuleKind.HARD, check_travel),
    RuleCheck("H6", "Accueil en entreprise", RuleKind.HARD, check_company_hosting),
    RuleCheck("H7", "Entreprises visitées", RuleKind.HARD, check_enough_companies),
    _charter("F1", check_rally_days),
    _charter("F2", check_visit_days),
    _charter("F3", check_feedback_days),
    _charter("F4", check_closing),
    _charter("K1", check_participants),
    _charter("K2", check_team_sizes),
    _charter("K3", check_vehicles),
    _charter("K4", check_companies_per_participant),
    _charter("K5", check_enough_companies),
    _charter("E1", check_sectors),
    _charter("P2", check_mixity),
)
"""Every rule, in report order: the spec's hard rules, then the charter's."""
CHECKED_CODES = frozenset(rule.code for rule in RULE_CHECKS)
"""The codes of the rules a plan is checked against (the others are assessed in the fidelity grid)."""
