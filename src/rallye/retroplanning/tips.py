"""The tips organisers learnt the hard way (``shared/domain/DOMAIN.md``, « Preparation
phases »), each defined once: a key, a condition over the rally's own facts, why (in the
organisers' words) and what to do. A tip is shown only when its condition holds; a condition
whose facts are unknown (``None``) stays silent rather than guess.

Where they show: with the tasks that name them (``template.TaskTemplate.tips``), on the
programme form (``PROGRAMME_TIPS``), on the rally's overview and in ``rallye retroplanning``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from rallye.domain import french
from rallye.domain.clock import duration_fr
from rallye.domain.metrics import team_day_lengths
from rallye.domain.plan import Plan
from rallye.domain.rally import Rally, Session, SessionKind
from rallye.domain.travel import TravelTimes

INFORMATION_SESSION_EARLIEST = 35
"""Days before the first day: earlier, people forget the action or are no longer looking."""
INFORMATION_SESSION_LATEST = 14
"""Days before the first day: later, there is no time left to find more participants."""
LONG_DAY_MINUTES = 9 * 60
"""« Days of 8h-18h exhaust people »: above about nine hours, a day is too long."""
VEHICLES_PER_LARGE_VEHICLE = 4
"""At least one vehicle of more than five seats for every four vehicles, to rebalance teams."""
LARGE_VEHICLE_SEATS = 5
CLOSING_WORDS_MINUTES = 90
"""A closing shorter than this leaves no time for the participants' own words once the
companies and institutions have spoken."""


@dataclass(frozen=True)
class Facts:
    """What the tips look at. ``None``: not known (a rally file has no mobilisation log, no
    civil liability attestations, no RSA target)."""

    first_day: dt.date | None
    schedule: tuple[Session, ...] = ()
    day_minutes: Mapping[dt.date, int] = field(default_factory=dict)
    """Each day's length: the plan's longest team day when there is a plan, else the span of
    the day's sessions."""
    vehicle_seats: tuple[int, ...] = ()
    information_sessions: tuple[dt.date, ...] = ()
    companies_email_only: tuple[str, ...] | None = None
    """Names of the companies of the mobilisation log reached by e-mail only."""
    without_liability: int | None = None
    """Participants without a civil liability attestation."""
    rsa_count: int | None = None
    rsa_target: int | None = None


def facts_of(
    rally: Rally | None,
    *,
    day_minutes: Mapping[dt.date, int] | None = None,
    information_sessions: tuple[dt.date, ...] = (),
    companies_email_only: tuple[str, ...] | None = None,
    without_liability: int | None = None,
    rsa_count: int | None = None,
    rsa_target: int | None = None,
) -> Facts:
    """The facts of a domain rally (its programme, its vehicles), the rest given by name.
    ``day_minutes`` defaults to the span of each day's sessions."""
    schedule = rally.schedule if rally is not None else ()
    return Facts(
        first_day=min((s.date for s in schedule), default=None),
        schedule=schedule,
        day_minutes=day_minutes if day_minutes is not None else schedule_day_minutes(schedule),
        vehicle_seats=tuple(v.seats for v in rally.vehicles) if rally is not None else (),
        information_sessions=information_sessions,
        companies_email_only=companies_email_only,
        without_liability=without_liability,
        rsa_count=rsa_count,
        rsa_target=rsa_target,
    )


def schedule_day_minutes(schedule: Iterable[Session]) -> dict[dt.date, int]:
    """Each day's span in the programme, from its first start to its last end."""
    spans: dict[dt.date, tuple[int, int]] = {}
    for s in schedule:
        start, end = spans.get(s.date, (s.start, s.end))
        spans[s.date] = (min(start, s.start), max(end, s.end))
    return {day: end - start for day, (start, end) in spans.items()}


@dataclass(frozen=True)
class Tip:
    key: str
    title: str
    why: str
    todo: str
    condition: Callable[[Facts], str | None]
    """The fact that triggers the tip, in words, or ``None`` when it does not apply."""


@dataclass(frozen=True)
class Triggered:
    tip: Tip
    detail: str

    @property
    def key(self) -> str:
        return self.tip.key


def _days(schedule: Iterable[Session], kind: SessionKind) -> list[dt.date]:
    return sorted({s.date for s in schedule if s.kind is kind})


def _information_session(facts: Facts) -> str | None:
    if facts.first_day is None:
        return None
    found = []
    for day in facts.information_sessions:
        before = (facts.first_day - day).days
        if before > INFORMATION_SESSION_EARLIEST:
            found.append(
                f"l'information collective du {french.date(day)} a lieu {before} jours avant le rallye : trop tôt"
            )
        elif before < INFORMATION_SESSION_LATEST:
            when = f"{before} jours avant le rallye" if before > 0 else "après le début du rallye"
            found.append(f"l'information collective du {french.date(day)} a lieu {when} : trop tard")
    return " ; ".join(found) or None


def _feedback_next_day(facts: Facts) -> str | None:
    visits = _days(facts.schedule, SessionKind.VISITS)
    feedback = _days(facts.schedule, SessionKind.FEEDBACK)
    if not visits or not feedback:
        return None
    last = visits[-1]
    close = [day for day in feedback if 0 <= (day - last).days <= 1]
    if not close:
        return None
    day = close[0]
    when = "le jour même" if day == last else "le lendemain"
    return f"les retours d'expérience ont lieu {when} de la dernière journée de visites ({french.day_long(last)})"


def _long_days(facts: Facts) -> str | None:
    long = sorted((day, minutes) for day, minutes in facts.day_minutes.items() if minutes > LONG_DAY_MINUTES)
    if not long:
        return None
    return ", ".join(f"{french.day_long(day)} : {duration_fr(minutes)}" for day, minutes in long)


def _email_only(facts: Facts) -> str | None:
    names = facts.companies_email_only
    if not names:
        return None
    shown = ", ".join(names[:5]) + (f" et {len(names) - 5} autres" if len(names) > 5 else "")
    return f"{french.count(len(names), 'entreprise jointe', 'entreprises jointes')} par e-mail seulement : {shown}"


def _few_large_vehicles(facts: Facts) -> str | None:
    seats = facts.vehicle_seats
    if not seats:
        return None
    large = sum(1 for n in seats if n > LARGE_VEHICLE_SEATS)
    needed = -(-len(seats) // VEHICLES_PER_LARGE_VEHICLE)
    if large >= needed:
        return None
    return (
        f"{french.count(large, 'véhicule')} de plus de {LARGE_VEHICLE_SEATS} places sur "
        f"{french.count(len(seats), 'véhicule')} (au moins {needed} conseillé"
        f"{'s' if needed > 1 else ''})"
    )


def _civil_liability(facts: Facts) -> str | None:
    missing = facts.without_liability
    if not missing:
        return None
    return f"{french.count(missing, 'participant')} sans attestation de responsabilité civile"


def _rsa_below_target(facts: Facts) -> str | None:
    if facts.rsa_count is None or facts.rsa_target is None or facts.rsa_count >= facts.rsa_target:
        return None
    people = french.count(facts.rsa_count, "bénéficiaire")
    return f"{people} du RSA pour un objectif de {facts.rsa_target}"


def _no_icebreaker(facts: Facts) -> str | None:
    if facts.first_day is None or not facts.schedule:
        return None
    if any(s.kind is SessionKind.ICEBREAKER and s.date == facts.first_day for s in facts.schedule):
        return None
    return f"aucun temps d'accueil (brise-glace) le {french.day_long(facts.first_day)}, premier jour du rallye"


def _closing_without_words(facts: Facts) -> str | None:
    closings = [s for s in facts.schedule if s.kind is SessionKind.CLOSING]
    if not facts.schedule:
        return None
    if not closings:
        return "le programme n'a pas de temps de clôture"
    longest = max(s.end - s.start for s in closings)
    if longest >= CLOSING_WORDS_MINUTES:
        return None
    return f"la clôture dure {duration_fr(longest)}, moins de {duration_fr(CLOSING_WORDS_MINUTES)}"


TIPS: tuple[Tip, ...] = (
    Tip(
        "information_session_timing",
        "Information collective ni trop tôt ni trop tard",
        "Trop en amont, les personnes oublient l'action ou ne sont plus en recherche d'emploi ; trop près "
        "du rallye, il manque du public le jour venu.",
        f"Placez l'information collective entre {INFORMATION_SESSION_LATEST} et "
        f"{INFORMATION_SESSION_EARLIEST} jours avant le premier jour (trois semaines avant, par exemple).",
        _information_session,
    ),
    Tip(
        "feedback_next_day",
        "Laisser quelques jours avant les retours d'expérience",
        "Les organisateurs conseillent de ne pas faire les retours le lendemain des visites : quelques jours "
        "laissent aux participants le temps de prendre du recul.",
        "Placez les retours d'expérience (et la clôture) deux jours ou plus après la dernière journée de "
        "visites, par exemple une semaine après.",
        _feedback_next_day,
    ),
    Tip(
        "long_days",
        "Des journées moins longues",
        "Des journées de 8 h à 18 h épuisent les participants.",
        "Répartissez les visites sur trois journées, avec moins de visites par jour, pour des journées "
        "d'au plus 9 heures environ.",
        _long_days,
    ),
    Tip(
        "email_only",
        "Des entreprises jointes par e-mail seulement",
        "Un contact par e-mail seulement ne permet pas de s'assurer que l'entreprise a compris les objectifs "
        "et le format des visites.",
        "Appelez ces entreprises ou rencontrez-les, et notez l'échange dans le suivi de la mobilisation.",
        _email_only,
    ),
    Tip(
        "few_large_vehicles",
        "Des véhicules de plus de cinq places",
        "Les véhicules de plus de cinq places permettent de rééquilibrer les équipes quand quelqu'un est absent.",
        "Réservez au moins un monospace ou un minibus pour quatre véhicules.",
        _few_large_vehicles,
    ),
    Tip(
        "civil_liability",
        "Attestations de responsabilité civile",
        "Certains chercheurs d'emploi n'ont pas d'assurance responsabilité civile, demandée pour les visites.",
        "Demandez l'attestation à chaque participant dès l'inscription ; aidez ceux qui n'en ont pas à en obtenir une.",
        _civil_liability,
    ),
    Tip(
        "rsa_below_target",
        "Bénéficiaires du RSA en dessous de l'objectif",
        "Les bénéficiaires du RSA sont difficiles à mobiliser alors que le financement du département en dépend ; "
        "les salariés en insertion qui étaient au RSA avant d'entrer dans la SIAE ne comptent pas.",
        "Relancez le service insertion du département et les référents RSA au comité de pilotage, et prévoyez "
        "une information collective qui leur est ouverte.",
        _rsa_below_target,
    ),
    Tip(
        "no_icebreaker",
        "Un brise-glace le premier jour",
        "Un temps « brise-glace » le premier jour permet aux personnes de se rencontrer avant de se séparer "
        "en équipes.",
        "Ajoutez un temps d'accueil (brise-glace) au début du premier jour, dans le programme.",
        _no_icebreaker,
    ),
    Tip(
        "closing_without_words",
        "Une clôture qui laisse la parole aux participants",
        "La clôture peut devenir trop institutionnelle et laisser les participants de côté.",
        "Prévoyez au moins 1 h 30 : les chercheurs d'emploi présentent leur travail, les entreprises remettent "
        "les diplômes, les institutions parlent brièvement.",
        _closing_without_words,
    ),
)
"""Every tip, once."""

TIPS_BY_KEY: dict[str, Tip] = {tip.key: tip for tip in TIPS}

PROGRAMME_TIPS = ("no_icebreaker", "long_days", "feedback_next_day", "closing_without_words")
"""The tips shown on the programme form (the facts the programme decides)."""


def triggered(facts: Facts, keys: Iterable[str] | None = None) -> list[Triggered]:
    """The tips (all, or those of ``keys``) whose condition holds for ``facts``, in ``TIPS`` order."""
    wanted = None if keys is None else set(keys)
    found = []
    for tip in TIPS:
        if wanted is not None and tip.key not in wanted:
            continue
        detail = tip.condition(facts)
        if detail:
            found.append(Triggered(tip, detail))
    return found


def plan_day_minutes(rally: Rally, plan: Plan) -> dict[dt.date, int]:
    """Each day's planned length: the longest team day of the plan (travel back included)."""
    travel = TravelTimes(rally)
    lengths: dict[dt.date, int] = {}
    for team in plan.teams:
        for day, minutes in team_day_lengths(rally, team, travel).items():
            lengths[day] = max(lengths.get(day, 0), minutes)
    return lengths
