"""The planner's results in an organiser's words, shared by the command line and the web
application: the French names of the objective's terms and stages, and what to say when no plan
comes out. The engine (``rallye.engine``) returns facts; each caller adds what its users can do
(« relancez avec --time-limit » on the command line, « relancez le calcul avec plus de temps »
on the web)."""

from __future__ import annotations

from rallye.domain import french
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
