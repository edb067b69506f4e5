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
from rallye.domain.plan import Plan, PlanStatus
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
        return french.day_month(date)

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


OPTIMALITY_WHY = (
    "Le calcul cherche le meilleur planning pendant un temps limité. Celui-ci respecte toutes les "
    "règles obligatoires de la charte ; un planning un peu meilleur (moins de trajets, des journées "
    "plus courtes) existe peut-être, mais le prouver demanderait bien plus de temps que celui donné "
    "au calcul. Vous pouvez le garder, l'ajuster à la main, ou recalculer : un nouveau calcul repart "
    "de zéro et peut trouver un peu mieux."
)
"""Why a plan may not be the best (« pourquoi ? » beside an unproven plan)."""


def plan_figures(rally: Rally, plan: Plan) -> list[str]:
    """A plan's figures in sentences (« la plus longue journée dure 6 h 05 »), from the metrics
    stored with it; company codes become names."""
    metrics = plan.metrics
    sizes = sorted(len(team.members) for team in plan.teams)
    teams = french.count(len(plan.teams), "équipe")
    if sizes:
        people = f"{sizes[0]} personnes" if sizes[0] == sizes[-1] else f"{sizes[0]} à {sizes[-1]} personnes"
        teams += f" de {people}"
    lines = [teams]
    if "visits" in metrics:
        visits = french.count(int(metrics["visits"]), "visite")
        companies = french.count(int(metrics.get("companies_visited", 0)), "entreprise")
        lines.append(f"{visits} dans {companies}")
    if "longest_day_minutes" in metrics:
        lines.append(f"la plus longue journée dure {french.duration(int(metrics['longest_day_minutes']))}")
    if "travel_minutes" in metrics:
        lines.append(f"{french.duration(int(metrics['travel_minutes']))} de trajet en tout, toutes équipes comprises")
    names = {company.id: company.name for company in rally.companies}
    unvisited = [names.get(code, code) for code in metrics.get("unvisited_companies", [])]
    if unvisited:
        lines.append(f"{french.count(len(unvisited), 'entreprise')} sans visite : " + ", ".join(unvisited))
    elif "unvisited_companies" in metrics:
        lines.append("chaque entreprise reçoit au moins une visite")
    grouped = int(metrics.get("grouped_visits", 0))
    if grouped:
        visits = french.count(grouped, "visite groupée", "visites groupées")
        lines.append(f"{visits} (plusieurs équipes reçues ensemble)")
    return lines


def optimality(plan: Plan) -> str:
    """What is known of a plan's quality, in words."""
    if plan.status is PlanStatus.OPTIMAL:
        return "Rallye a prouvé qu'il n'existe pas de meilleur planning selon ses critères."
    return "Rallye n'a pas pu prouver qu'il n'existe pas mieux."
