"""French sentences of the evaluation pages that depend on counts (« 0 rempli », « 2 remplis »:
French agreement, which the template language's ``pluralize`` gets wrong for zero) or on dates
(« du 17 au 20 mars 2026 », « 1er avril »)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rallye.domain import french
from rallye.domain.french import count
from rallye.domain.outcomes import RATE_METHOD, SolutionRate
from rallye.evaluation.models import Questionnaire
from rallye.evaluation.records import RallyDates
from rallye.evaluation.services import QuestionnaireClosed, rally_solution_rate
from rallye.rallies.models import Rally

NO_FOLLOW_UP_YET = "Aucun suivi renseigné pour l'instant."


def rate_details(rate: SolutionRate) -> str:
    """« 1 personne avec une solution sur 3 suivis renseignés, dont 1 perdue de vue. … », or
    « Aucun suivi renseigné pour l'instant. »"""
    if not rate.counted:
        return NO_FOLLOW_UP_YET
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
    """« 3 suivis renseignés sur 26 participants présents », « Aucun suivi renseigné sur 26 … »."""
    recorded = count(rate.counted, "suivi renseigné", "suivis renseignés") if rate.counted else "Aucun suivi renseigné"
    present = count(rate.counted + rate.not_recorded, "participant présent", "participants présents")
    return f"{recorded} sur {present}"


def people_who_answered(pairs: int) -> str:
    """« 1 personne qui a répondu », « 2 personnes qui ont répondu »."""
    return f"{count(pairs, 'personne')} qui {'a' if pairs < 2 else 'ont'} répondu"


def rally_period(dates: RallyDates) -> str:
    """« du 17 au 20 mars 2026 », « le 18 mai 2027 »; empty while the rally has no dates."""
    if dates.first_day is None or dates.last_day is None:
        return ""
    return french.period(dates.first_day, dates.last_day)


def follow_up_due(dates: RallyDates) -> str:
    """« 19 septembre 2027 »; empty while the rally has no dates."""
    return french.date(dates.follow_up_due) if dates.follow_up_due else ""


def day_or_empty(day: dt.date | None) -> str:
    return french.date(day) if day else ""


def closed_sentence(closed: QuestionnaireClosed) -> str:
    """Why a questionnaire does not take answers, for the person who holds its link."""
    if closed.absent:
        return "Ce questionnaire est réservé aux personnes qui ont participé au rallye."
    if closed.opens_on is None:
        return "Ce questionnaire s'ouvrira à la fin du rallye."
    return f"Ce questionnaire s'ouvrira à la fin du rallye, le {french.date(closed.opens_on)}."


def problems_sentence(problems: int) -> str:
    """« 2 questions à compléter ou corriger, signalées ci-dessous »."""
    flagged = "signalée" if problems < 2 else "signalées"
    return f"{count(problems, 'question')} à compléter ou corriger, {flagged} ci-dessous"


def rate_context(rally: Rally) -> dict[str, Any]:
    """The « solution professionnelle à 6 mois » rate of a rally, its details and how it is computed."""
    rate = rally_solution_rate(rally)
    return {"rate": rate, "rate_details": rate_details(rate), "rate_method": RATE_METHOD}


def who(questionnaire: Questionnaire) -> str:
    """Whom a questionnaire is for: « Awa Traoré (P01) », or the company's name."""
    if questionnaire.participant is not None:
        person = questionnaire.participant
        return f"{person.first_name} {person.last_name} ({person.code})"
    return str(questionnaire.company)
