"""What limits a rally's plan, and what one more answer from a company would bring.

Two kinds of findings, facts only (the words are ``rallye.advice_wording``'s):

- :func:`limits`, by counting (cheap, safe on a request): a sector whose companies can receive
  fewer team visits than there are teams (each team sees a sector once), a visits session where
  no company of a sector can host while it can in others, a company no team can reach in time;
- :func:`what_if`, by bounded solves (run by the background worker): for each sector and
  visits session, one company of the sector whose answer left that session out is supposed to
  host then too (« une disponibilité de plus »), and for each sector with too few slots, one of
  its companies is supposed to host grouped visits; the solve says whether a plan then exists where
  there was none, or by how much the longest day gets shorter. The same solves with the same
  parameters measure the rally as it is, so both sides are compared alike.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from rallye.domain.rally import BASE, GROUPED_VISIT, Company, Rally
from rallye.domain.travel import TravelTimes
from rallye.engine.candidates import all_candidates, can_host_a_team, candidate, company_windows
from rallye.engine.feasibility import fewest_teams, plain_reasons, visit_supply
from rallye.engine.params import SolveParams
from rallye.engine.parts import needs_parts
from rallye.engine.results import NoPlanFound
from rallye.engine.routing import RoutingModel
from rallye.engine.stages import Goal, RoutePlanner


@dataclass(frozen=True)
class SectorShort:
    """The sector's companies can receive ``visits`` team visits in all, fewer than ``teams``."""

    sector: str
    visits: int
    teams: int


@dataclass(frozen=True)
class SessionWithoutSector:
    """No company of ``sector`` can host a team during this visits session (it can in others)."""

    session_index: int
    sector: str


@dataclass(frozen=True)
class Unreachable:
    """The company hosts during the sessions, but ``minutes`` from the base leave no team the
    time to go there, visit and come back within a session."""

    company_id: str
    minutes: int


Limit = SectorShort | SessionWithoutSector | Unreachable


@dataclass(frozen=True)
class OneMoreAnswer:
    """What it would bring if ``company_id`` (of ``sector``) also hosted during this session."""

    session_index: int
    sector: str
    company_id: str
    makes_plan: bool
    """No plan exists without it, one does with it (each team then sees its sectors)."""
    shorter_by: int = 0
    """Minutes taken off the longest team day (0 when it makes no difference)."""


@dataclass(frozen=True)
class GroupedVisitAnswer:
    """What it would bring if ``company_id`` (of a sector that limits the plan) hosted grouped
    visits (``GROUPED_VISIT``: two teams at once)."""

    sector: str
    company_id: str
    makes_plan: bool
    shorter_by: int = 0


Answer = OneMoreAnswer | GroupedVisitAnswer

MIN_GAIN_MINUTES = 10
"""Shorter by less than this, a longest day is not worth an organiser's call."""


def limits(rally: Rally) -> list[Limit]:
    """What limits the plan, by counting; in a stable order (sectors, then sessions, companies)."""
    travel = TravelTimes(rally)
    found: list[Limit] = []
    teams = fewest_teams(rally)
    supply = visit_supply(rally, travel)
    by_sector: dict[str, int] = {}
    for company in rally.companies:
        by_sector[company.sector] = by_sector.get(company.sector, 0) + supply[company.id]
    if teams is not None:
        found += [SectorShort(sector, n, teams) for sector, n in sorted(by_sector.items()) if n < teams]
    hosting = {(c.session_index, c.company.sector) for c in all_candidates(rally, travel)}
    sectors_hosting = sorted({sector for _, sector in hosting})
    for index in range(len(rally.visit_sessions)):
        found += [SessionWithoutSector(index, s) for s in sectors_hosting if (index, s) not in hosting]
    found += [Unreachable(c.id, travel(BASE, c.id)) for c in rally.companies if _unreachable(rally, travel, c)]
    return found


def _unreachable(rally: Rally, travel: TravelTimes, company: Company) -> bool:
    """Hosts teams during some session long enough for a visit, yet no visit fits: travel is why."""
    if not can_host_a_team(company):
        return False
    duration = rally.visit_minutes_of(company)
    sessions = range(len(rally.visit_sessions))
    fits = any(w.minutes >= duration for i in sessions for w in company_windows(company, rally.visit_sessions[i]))
    return fits and not any(candidate(rally, travel, company, i) for i in sessions)


def what_if(rally: Rally, params: SolveParams, *, most: int = 6) -> list[Answer]:
    """What one more answer would bring, from at most ``most`` bounded solves (each within
    ``params.time_limit``) besides the rally's own: one more half-day of a company (for each
    sector and session), then grouped visits at a company of each sector that limits the plan;
    the answers that change something, the most useful first. Empty for a rally planned by
    parts (too large to try answers)."""
    if needs_parts(rally) or not rally.visit_sessions:
        return []
    before = _longest_day(rally, params)
    if before is _UNKNOWN:
        return []  # no plan found in time, none proven impossible: nothing to compare with
    tries: list[tuple[Answer, Rally]] = [
        (OneMoreAnswer(index, c.sector, c.id, False), _also_hosting(rally, c, index)) for index, c in _hypotheses(rally)
    ]
    tries += [(GroupedVisitAnswer(c.sector, c.id, False), _grouped(rally, c)) for c in _grouped_hypotheses(rally)]
    answers: list[Answer] = []
    for answer, changed in tries[:most]:
        after = _longest_day(changed, params)
        if not isinstance(after, int):
            continue
        if before is None:
            answers.append(replace(answer, makes_plan=True))
        elif isinstance(before, int) and before - after >= MIN_GAIN_MINUTES:
            answers.append(replace(answer, shorter_by=before - after))
    return sorted(answers, key=_usefulness)


def _usefulness(answer: Answer) -> tuple[bool, int, bool, int, str]:
    session = answer.session_index if isinstance(answer, OneMoreAnswer) else 0
    return (not answer.makes_plan, -answer.shorter_by, isinstance(answer, GroupedVisitAnswer), session, answer.sector)


def _hypotheses(rally: Rally) -> list[tuple[int, Company]]:
    """(session, company) pairs to try: for each sector and session, the company of the sector
    nearest the base whose availability leaves that session out; the sectors that limit the plan
    first, then the others by name."""
    travel = TravelTimes(rally)
    short = {f.sector for f in limits(rally) if isinstance(f, SectorShort | SessionWithoutSector)}
    pairs = []
    for index, session in enumerate(rally.visit_sessions):
        for sector in sorted(rally.sectors()):
            left_out = [
                c
                for c in rally.companies
                if c.sector == sector and can_host_a_team(c) and c.availability and not company_windows(c, session)
            ]
            if left_out:
                nearest = min(left_out, key=lambda c: (travel(BASE, c.id), c.id))
                pairs.append((sector not in short, sector, index, nearest))
    return [(index, company) for _, _, index, company in sorted(pairs, key=lambda p: p[:3])]


def _grouped_hypotheses(rally: Rally) -> list[Company]:
    """For each sector with too few slots, its company nearest the base that hosts fewer people
    at once than a grouped visit."""
    travel = TravelTimes(rally)
    short = sorted({f.sector for f in limits(rally) if isinstance(f, SectorShort)})
    found = []
    for sector in short:
        small = [
            c for c in rally.companies if c.sector == sector and c.capacity < GROUPED_VISIT[1] and c.max_visits != 0
        ]
        if small:
            found.append(min(small, key=lambda c: (travel(BASE, c.id), c.id)))
    return found


def _grouped(rally: Rally, company: Company) -> Rally:
    more = replace(company, capacity=GROUPED_VISIT[1])
    return replace(rally, companies=tuple(more if c.id == company.id else c for c in rally.companies))


def _also_hosting(rally: Rally, company: Company, session_index: int) -> Rally:
    session = rally.visit_sessions[session_index]
    more = replace(company, availability=(*company.availability, session.window))
    return replace(rally, companies=tuple(more if c.id == company.id else c for c in rally.companies))


class _Unknown:
    """No plan found within the time, and none proven impossible."""


_UNKNOWN = _Unknown()


def _longest_day(rally: Rally, params: SolveParams) -> int | _Unknown | None:
    """The longest team day of the best plan a bounded solve finds (coverage first, as the
    planner does); ``None`` when no plan can exist; ``_UNKNOWN`` when none was found in time."""
    travel = TravelTimes(rally)
    if plain_reasons(rally, travel):
        return None
    routing = RoutingModel(rally, travel, len(rally.present_participants))
    planner = RoutePlanner(routing, params, params.time_limit, time.monotonic())
    try:
        planner.open(0.5)
    except NoPlanFound as failure:
        return None if failure.proven else _UNKNOWN
    longest = routing.objectives.longest_day
    planner.stages.run("longest_day", Goal((("longest_day_minutes", longest, 0),)), None)
    assert planner.stages.values is not None  # the first plan's, if this stage found no better
    return planner.stages.values[longest.index]
