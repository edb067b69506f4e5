"""The planner's results in an organiser's words, shared by the command line and the web
application: the French names of the objective's terms and stages, and what to say when no plan
comes out. The engine (``rallye.engine``) returns facts; each caller adds what its users can do
(« relancez avec --time-limit » on the command line, « relancez le calcul avec plus de temps »
on the web)."""

from __future__ import annotations

import datetime as dt

from rallye.domain import french
from rallye.domain.changes import PlanChanges
from rallye.domain.clock import hhmm
from rallye.domain.rally import Rally
from rallye.engine.results import NoPlanFound

TERM_LABELS = {
    "unvisited_companies": "entreprises sans visite",
    "longest_day_minutes": "journée la plus longue (min)",
    "team_size_spread": "écart de taille des équipes",
    "total_day_minutes": "total des journées (min)",
    "travel_minutes": "trajets (min)",
    "non_hiring_visits": "visites d'entreprises qui ne recrutent pas",
    # re-planning (``rallye.engine.replan``)
    "moved_people": "personnes changées d'équipe",
    "visit_changes": "visites annulées ou ajoutées",
    "shifted_minutes": "minutes de décalage des visites",
}
"""French names of the objective's terms, for progress shown to organisers."""

STAGE_LABELS = {
    "coverage": "entreprises sans visite",
    "longest_day": "journée la plus longue",
    "days_travel": "équilibre des équipes, durée des journées, trajets, entreprises qui recrutent",
    "mixity": "mixité des équipes",
}


def term_label(name: str) -> str:
    return TERM_LABELS.get(name, name)


def no_plan_title(failure: NoPlanFound) -> str:
    return "Aucun planning possible" if failure.proven else "Aucun planning trouvé"


def no_plan_reasons(failure: NoPlanFound, retry: str) -> list[str]:
    """The reasons to show; when the search only ran out of time, what to do, ``retry`` being
    the caller's way to give it more time (« Relancez avec plus de temps (--time-limit) »)."""
    if not failure.out_of_time:
        return failure.sentences
    seconds = f" ({french.number(failure.time_limit)} s)" if failure.time_limit is not None else ""
    return [
        f"Aucun planning n'a été trouvé dans le temps imparti{seconds}, sans que l'impossibilité soit "
        f"prouvée. {retry} ou assouplissez les contraintes (disponibilités, capacités, nombre de "
        "visites par équipe)."
    ]


def changes_lines(rally: Rally, changes: PlanChanges, team_names: dict[str, str]) -> list[str]:
    """What an organiser announces after a re-planning, in names and French dates (« Visite
    annulée : Équipe 2 chez Boulangerie du Salève, mardi 9 février, 13:30-14:30 »);
    ``team_names``: team id → name (a team gone keeps its id)."""
    people = {p.id: p.full_name for p in rally.participants}
    companies = {c.id: c.name for c in rally.companies}

    def person(pid: str) -> str:
        return people.get(pid, pid)

    def company(cid: str) -> str:
        return companies.get(cid, cid)

    def day(date: dt.date) -> str:
        return f"{french.WEEKDAYS[date.weekday()]} {date.day} {french.MONTHS[date.month - 1]}"

    def team(tid: str | None) -> str:
        return team_names.get(tid, tid) if tid is not None else "aucune"

    lines = []
    if changes.absent:
        lines.append("Absents : " + ", ".join(person(p) for p in changes.absent))
    if changes.cancelled:
        lines.append("Entreprises retirées : " + ", ".join(company(c) for c in changes.cancelled))
    for move in changes.moves:
        origin = team(move.from_team) if move.from_team else "sans équipe"
        lines.append(f"{person(move.participant)} change d'équipe : {origin} → {team(move.to_team)}")
    for tid in changes.dissolved_teams:
        lines.append(f"Équipe dissoute : {team(tid)} (ses membres rejoignent d'autres équipes)")
    for tid in changes.new_teams:
        lines.append(f"Nouvelle équipe : {team(tid)}")
    for visit in changes.removed_visits:
        lines.append(
            f"Visite annulée : {team(visit.team)} chez {company(visit.company)}, {day(visit.date)}, "
            f"{hhmm(visit.start)}-{hhmm(visit.end)}"
        )
    for visit in changes.added_visits:
        lines.append(
            f"Visite ajoutée : {team(visit.team)} chez {company(visit.company)}, {day(visit.date)}, "
            f"{hhmm(visit.start)}-{hhmm(visit.end)}"
        )
    for retimed in changes.retimed_visits:
        lines.append(
            f"Horaire déplacé : {team(retimed.team)} chez {company(retimed.company)}, {day(retimed.date)} : "
            f"{hhmm(retimed.old_start)} → {hhmm(retimed.new_start)}"
        )
    if not (changes.moves or changes.removed_visits or changes.added_visits or changes.retimed_visits):
        lines.append("Aucun autre changement : chaque équipe garde ses membres, ses visites et ses horaires.")
    return lines
