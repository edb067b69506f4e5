"""The planner's advice in an organiser's words (``rallye.engine.advice`` returns facts): what
limits the plan and what one more answer from a company would bring, in plain French, with
names and French dates, never ids or codes."""

from __future__ import annotations

from rallye.domain import french
from rallye.domain.clock import duration_fr
from rallye.domain.rally import GROUPED_VISIT, Rally, Session
from rallye.engine.advice import Answer, GroupedVisitAnswer, Limit, SectorShort, SessionWithoutSector, Unreachable

NOON = 12 * 60
AFTER_LUNCH = 13 * 60 + 30


def half_day(session: Session) -> str:
    """« le mardi 16 mars après-midi », « le mercredi 17 mars matin », or the day alone when the
    session takes both."""
    date = french.date(session.date).removesuffix(f" {session.date.year}")
    day = f"le {french.WEEKDAYS[session.date.weekday()]} {date}"
    if session.end <= AFTER_LUNCH and session.start < NOON:
        return f"{day} matin"
    if session.start >= NOON:
        return f"{day} après-midi"
    return day


def limit_sentence(rally: Rally, limit: Limit) -> str:
    if isinstance(limit, SectorShort):
        if limit.visits == 0:
            visits = "ne peuvent recevoir aucune visite d'équipe"
        elif limit.visits == 1:
            visits = "ne peuvent recevoir qu'une visite d'équipe"
        else:
            visits = f"ne peuvent recevoir que {limit.visits} visites d'équipe"
        return (
            f"Secteur {limit.sector} : ses entreprises {visits} en tout, pour "
            f"{french.count(limit.teams, 'équipe')} ; toutes les équipes ne pourront pas voir ce secteur."
        )
    if isinstance(limit, SessionWithoutSector):
        session = rally.visit_sessions[limit.session_index]
        when = half_day(session)
        return f"{when[0].upper()}{when[1:]}, aucune entreprise du secteur {limit.sector} ne peut recevoir d'équipe."
    if isinstance(limit, Unreachable):
        company = rally.company(limit.company_id)
        return (
            f"{company.name} est à {limit.minutes} min du lieu de rendez-vous : aucune équipe n'a le temps d'y "
            "aller, de la visiter et de revenir pendant ses disponibilités."
        )
    raise TypeError(limit)


def answer_sentence(rally: Rally, answer: Answer) -> str:
    company = rally.company(answer.company_id)
    if isinstance(answer, GroupedVisitAnswer):
        start = (
            f"Si {company.name} (secteur {answer.sector}) accueillait des visites groupées de "
            f"{GROUPED_VISIT[0]} à {GROUPED_VISIT[1]} personnes, cela"
        )
    else:
        session = rally.visit_sessions[answer.session_index]
        start = (
            f"Une disponibilité de plus {half_day(session)} dans le secteur {answer.sector} "
            f"(par exemple {company.name})"
        )
    if answer.makes_plan:
        sectors = french.count(rally.visits_per_team.min, "secteur")
        return f"{start} permettrait à chaque équipe de voir {sectors} : un planning deviendrait possible."
    return f"{start} raccourcirait la plus longue journée de {duration_fr(answer.shorter_by)}."
