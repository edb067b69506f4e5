"""The six-month follow-up: each participant's situation six months after the rally, and the
« solution professionnelle à 6 mois » rate the network reports (35 % for the CREPI rallies of 2016).

How the rate is computed (``solution_rate``), written once so that every page, report and export
says the same thing:

- the people counted are those who took part in the rally and whose situation was looked for:
  every recorded outcome, « perdu de vue » included;
- a professional solution is any job (CDI, CDD, interim work), a work-study contract, a
  qualifying training course, an insertion contract or a business creation;
- people lost to follow-up stay in the count without a solution: the rate never looks better
  because the people who could not be reached were left out;
- participants whose follow-up is not recorded yet are not counted, and are shown apart.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

FOLLOW_UP_MONTHS = 6


class Outcome(StrEnum):
    CDI = "cdi"
    CDD_LONG = "cdd_long"
    CDD_SHORT = "cdd_short"
    INTERIM = "interim"
    WORK_STUDY = "work_study"
    TRAINING = "training"
    INSERTION = "insertion"
    BUSINESS = "business"
    NO_SOLUTION = "none"
    LOST = "lost"

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self]

    @property
    def is_solution(self) -> bool:
        return self not in (Outcome.NO_SOLUTION, Outcome.LOST)


OUTCOME_LABELS = {
    Outcome.CDI: "CDI",
    Outcome.CDD_LONG: "CDD de 6 mois ou plus",
    Outcome.CDD_SHORT: "CDD de moins de 6 mois",
    Outcome.INTERIM: "Intérim",
    Outcome.WORK_STUDY: "Alternance",
    Outcome.TRAINING: "Formation qualifiante",
    Outcome.INSERTION: "Contrat d'insertion",
    Outcome.BUSINESS: "Création d'entreprise",
    Outcome.NO_SOLUTION: "Sans solution",
    Outcome.LOST: "Perdu de vue",
}

RATE_METHOD = (
    "Part des participants dont la situation à 6 mois a été recherchée (personnes perdues de vue "
    "comprises, comptées sans solution) qui ont un emploi (CDI, CDD, intérim), une alternance, une "
    "formation qualifiante, un contrat d'insertion ou ont créé leur entreprise. Les suivis pas encore "
    "renseignés ne sont pas comptés."
)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it is shorter: 31 August → 28 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def follow_up_due(rally_end: dt.date) -> dt.date:
    """When a participant's six-month follow-up falls due."""
    return add_months(rally_end, FOLLOW_UP_MONTHS)


@dataclass(frozen=True)
class SolutionRate:
    counted: int
    """Outcomes recorded (people lost to follow-up included)."""
    solutions: int
    lost: int
    not_recorded: int

    @property
    def rate(self) -> float | None:
        """Share of ``counted`` with a professional solution; ``None`` when nobody is counted yet."""
        return self.solutions / self.counted if self.counted else None

    def percent_fr(self) -> str:
        """« 35 % » or « non disponible »."""
        rate = self.rate
        return "non disponible" if rate is None else f"{round(rate * 100)} %"


def solution_rate(outcomes: Iterable[Outcome | None]) -> SolutionRate:
    """The rate over the given participants; ``None`` stands for a follow-up not recorded yet."""
    values = list(outcomes)
    recorded = [o for o in values if o is not None]
    return SolutionRate(
        counted=len(recorded),
        solutions=sum(1 for o in recorded if o.is_solution),
        lost=sum(1 for o in recorded if o is Outcome.LOST),
        not_recorded=len(values) - len(recorded),
    )
