"""French sentences of the evaluation pages that depend on counts (« 0 rempli », « 2 remplis »:
French agreement, which the template language's ``pluralize`` gets wrong for zero)."""

from __future__ import annotations

from typing import Any

from rallye.domain.french import count
from rallye.domain.outcomes import RATE_METHOD, SolutionRate
from rallye.evaluation.services import rally_solution_rate
from rallye.rallies.models import Rally


def rate_details(rate: SolutionRate) -> str:
    """« 1 personne avec une solution sur 3 suivis renseignés, dont 1 perdue de vue. … »"""
    sentence = (
        f"{count(rate.solutions, 'personne')} avec une solution sur "
        f"{count(rate.counted, 'suivi renseigné', 'suivis renseignés')}"
    )
    if rate.lost:
        sentence += f", dont {count(rate.lost, 'perdue', 'perdues')} de vue"
    sentence += "."
    if rate.not_recorded:
        waiting = count(rate.not_recorded, "suivi pas encore renseigné", "suivis pas encore renseignés")
        sentence += f" {waiting}, non {'compté' if rate.not_recorded < 2 else 'comptés'}."
    return sentence


def follow_up_progress(rate: SolutionRate) -> str:
    """« 3 suivis renseignés sur 26 participants présents »."""
    recorded = count(rate.counted, "suivi renseigné", "suivis renseignés")
    present = count(rate.counted + rate.not_recorded, "participant présent", "participants présents")
    return f"{recorded} sur {present}"


def problems_sentence(problems: int) -> str:
    """« 2 questions à compléter ou corriger, signalées ci-dessous »."""
    flagged = "signalée" if problems < 2 else "signalées"
    return f"{count(problems, 'question')} à compléter ou corriger, {flagged} ci-dessous"


def rate_context(rally: Rally) -> dict[str, Any]:
    """The « solution professionnelle à 6 mois » rate of a rally, its details and how it is computed."""
    rate = rally_solution_rate(rally)
    return {"rate": rate, "rate_details": rate_details(rate), "rate_method": RATE_METHOD}
