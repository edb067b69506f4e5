"""Plain reasons why no plan can exist, found by counting before any search.

Each check is a safe bound: it only reports a cause when *no* plan can keep the rules, and
says in an organiser's words what to change. Each reason names the rules it bears on, by the
codes of the checker (H1-H7, ``rallye.domain.compliance``) and of the charter (``rallye.domain.charter``).
"""

from __future__ import annotations

from collections.abc import Callable

from rallye.domain import french
from rallye.domain.charter import MIN_COMPANIES, TEAM_SIZE
from rallye.domain.clock import hhmm
from rallye.domain.rally import BASE, Company, Rally
from rallye.domain.travel import TravelTimes
from rallye.engine.candidates import all_candidates, can_host_a_team, candidate, company_windows
from rallye.engine.results import Reason

Check = Callable[[Rally, TravelTimes], list[Reason]]


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def _team_capacity(rally: Rally) -> list[int]:
    """Most members each usable vehicle can take, largest first."""
    sizes = [min(TEAM_SIZE.max, v.max_members) for v in rally.vehicles]
    return sorted((s for s in sizes if s >= TEAM_SIZE.min), reverse=True)


def fewest_teams(rally: Rally) -> int | None:
    """How many teams at least are needed to seat everyone (None: impossible)."""
    people = len(rally.present_participants)
    seated = 0
    for count, size in enumerate(_team_capacity(rally), start=1):
        seated += size
        if seated >= people:
            return count
    return None


def check_people(rally: Rally, travel: TravelTimes) -> list[Reason]:
    people = len(rally.present_participants)
    if people < TEAM_SIZE.min:
        return [
            Reason(
                f"Il n'y a que {_plural(people, 'participant présent', 'participants présents')} ; "
                f"une équipe en compte au moins {TEAM_SIZE.min}.",
                ("K2",),
            )
        ]
    return []


def check_seats(rally: Rally, travel: TravelTimes) -> list[Reason]:
    people = len(rally.present_participants)
    seats = sum(_team_capacity(rally))
    if seats >= people:
        return []
    too_small = [v.id for v in rally.vehicles if v.max_members < TEAM_SIZE.min]
    reason = (
        f"Les véhicules offrent {_plural(seats, 'place')} pour les équipes (conducteur non compris, "
        f"{TEAM_SIZE.max} au plus par équipe) pour {_plural(people, 'participant')} : il manque "
        f"{_plural(people - seats, 'place')}. Ajoutez un véhicule ou un monospace."
    )
    if too_small:
        reason += (
            f" Les véhicules {', '.join(too_small)} ont trop peu de places pour une équipe de "
            f"{TEAM_SIZE.min} et son accompagnateur."
        )
    return [Reason(reason, ("H2", "K2", "K3"))]


def unusable_company_reason(rally: Rally, travel: TravelTimes, company: Company) -> str | None:
    """Why this company cannot receive any team, or ``None`` if it can."""
    name = f"{company.name} ({company.id})"
    if company.capacity < TEAM_SIZE.min + 1:
        return (
            f"{name} n'accueille que {company.capacity} personnes à la fois : une équipe de "
            f"{TEAM_SIZE.min} et son accompagnateur ne peuvent pas y aller."
        )
    if company.max_visits == 0:
        return f"{name} ne peut recevoir aucune visite (maximum de visites : 0)."
    if any(candidate(rally, travel, company, i) for i in range(len(rally.visit_sessions))):
        return None
    windows = [w for s in rally.visit_sessions for w in company_windows(company, s)]
    if not windows:
        return f"Les disponibilités de {name} ne tombent dans aucune session de visites (hors pause déjeuner)."
    duration = rally.visit_minutes_of(company)
    listed = ", ".join(f"{french.day_short(w.date)} {hhmm(w.start)}-{hhmm(w.end)}" for w in windows)
    if all(w.minutes < duration for w in windows):
        return f"Les disponibilités de {name} ({listed}) sont plus courtes qu'une visite ({duration} min)."
    return (
        f"{name} est à {travel(BASE, company.id)} min du lieu de rendez-vous : ses disponibilités "
        f"({listed}) ne laissent pas le temps d'y aller, de faire une visite de {duration} min et de "
        "revenir avant la fin de la session."
    )


def check_companies(rally: Rally, travel: TravelTimes) -> list[Reason]:
    reasons = [
        Reason(r, ("H4", "H6")) for c in rally.companies if (r := unusable_company_reason(rally, travel, c)) is not None
    ]
    usable = {c.company.id for c in all_candidates(rally, travel)}
    sectors = sorted({rally.company(c).sector for c in usable})
    needed = rally.visits_per_team.min
    result = []
    if len(usable) < max(MIN_COMPANIES, needed):
        result.append(
            Reason(
                f"Seulement {_plural(len(usable), 'entreprise')} peuvent recevoir une équipe pendant les "
                f"sessions de visites ; il en faut au moins {max(MIN_COMPANIES, needed)}.",
                ("H7", "K5", "K4"),
            )
        )
    if len(sectors) < needed:
        result.append(
            Reason(
                f"Seulement {_plural(len(sectors), 'secteur')} différents parmi les entreprises qui peuvent "
                f"recevoir ({', '.join(sectors) or 'aucun'}) ; chaque équipe doit visiter {needed} entreprises "
                "de secteurs tous différents. Mobilisez une entreprise d'un autre secteur.",
                ("K4", "E1"),
            )
        )
    return result + reasons if result else []


def most_visits_per_team(rally: Rally, travel: TravelTimes) -> int:
    """An upper bound of the visits one team can make over all visits sessions."""
    companies = [c for c in rally.companies if can_host_a_team(c)]
    if not companies:
        return 0
    shortest = min(rally.visit_minutes_of(c) for c in companies)
    hop = min(
        (travel(a.id, b.id) for a in companies for b in companies if a.id != b.id),
        default=0,
    )
    total = 0
    for session in rally.visit_sessions:
        for part in session.visit_windows():
            total += (part.minutes + hop) // (shortest + hop)
    return total


def check_session_length(rally: Rally, travel: TravelTimes) -> list[Reason]:
    most = most_visits_per_team(rally, travel)
    needed = rally.visits_per_team.min
    if most >= needed or not rally.companies:
        return []
    sessions = ", ".join(f"{french.day_short(s.date)} {hhmm(s.start)}-{hhmm(s.end)}" for s in rally.visit_sessions)
    return [
        Reason(
            f"Les sessions de visites ({sessions}) ne laissent place qu'à {_plural(most, 'visite')} par "
            f"équipe au plus, trajets compris ; il en faut {needed}. Allongez une session, ajoutez une "
            "demi-journée de visites ou raccourcissez les visites.",
            ("H3", "K4", "F2"),
        )
    ]


def visit_supply(rally: Rally, travel: TravelTimes) -> dict[str, int]:
    """The most team visits each company can receive: its free slots (a grouped visit is one
    slot, within its maximum of visits) times the teams of 3 it can host at once."""
    slots: dict[str, int] = {}
    for c in all_candidates(rally, travel):
        slots[c.company.id] = slots.get(c.company.id, 0) + c.slot_count()
    supply = {}
    for company in rally.companies:
        count = slots.get(company.id, 0)
        if company.max_visits is not None:
            count = min(count, company.max_visits)
        supply[company.id] = count * (company.capacity // (TEAM_SIZE.min + 1))
    return supply


def check_slot_supply(rally: Rally, travel: TravelTimes) -> list[Reason]:
    teams = fewest_teams(rally)
    if teams is None:
        return []
    needed = teams * rally.visits_per_team.min
    supply_by_company = visit_supply(rally, travel)
    supply = sum(supply_by_company.values())
    if supply < needed:
        return [
            Reason(
                f"Les entreprises ne peuvent recevoir que {_plural(supply, 'visite')} en tout (créneaux "
                f"disponibles, capacités et nombres maximum de visites) ; il en faut au moins {needed} "
                f"({_plural(teams, 'équipe')} × {rally.visits_per_team.min} visites). Mobilisez d'autres "
                "entreprises, élargissez leurs disponibilités ou demandez-leur d'accueillir des visites groupées.",
                ("H6", "K4"),
            )
        ]
    # Each team visits a sector once: a sector is useful to at most one visit per team.
    by_sector: dict[str, int] = {}
    for company in rally.companies:
        by_sector[company.sector] = by_sector.get(company.sector, 0) + supply_by_company[company.id]
    useful = sum(min(teams, n) for n in by_sector.values())
    if useful >= needed:
        return []
    short = sorted((n, sector) for sector, n in by_sector.items() if n < teams)
    listed = ", ".join(f"{sector} : {_plural(n, 'visite')}" for n, sector in short)
    return [
        Reason(
            f"Chaque équipe doit voir {rally.visits_per_team.min} secteurs différents : avec "
            f"{_plural(teams, 'équipe')}, il faut {needed} visites, chaque secteur au plus une fois par équipe, "
            f"mais les secteurs n'en offrent que {useful} ainsi. Secteurs qui ne peuvent pas recevoir toutes "
            f"les équipes : {listed}. Mobilisez des entreprises de ces secteurs ou d'autres secteurs, ou "
            "élargissez leurs disponibilités.",
            ("K4", "E1", "H6"),
        )
    ]


CHECKS: tuple[Check, ...] = (
    check_people,
    check_seats,
    check_companies,
    check_session_length,
    check_slot_supply,
)


def plain_reasons(rally: Rally, travel: TravelTimes) -> list[Reason]:
    """Every plain reason why no plan can exist; empty when none is found by counting."""
    return [reason for check in CHECKS for reason in check(rally, travel)]
