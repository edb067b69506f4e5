"""The charter of the Rallyes pour l'emploi: each rule defined once, with its figures.

The planner takes its figures from here (team sizes, visits per team, companies in all) and
the compliance report checks the same definitions (``rallye.domain.compliance``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Range:
    min: int
    max: int

    def __contains__(self, value: object) -> bool:
        return isinstance(value, int | float) and self.min <= value <= self.max

    def fr(self) -> str:
        return f"{self.min} à {self.max}"


@dataclass(frozen=True)
class CharterRule:
    code: str
    heading: str
    text: str


PARTICIPANTS = Range(15, 30)
TEAM_SIZE = Range(3, 8)
VISITS_PER_PARTICIPANT = Range(6, 8)
MIN_COMPANIES = 6
RALLY_DAYS = Range(2, 3)
VISIT_DAYS_HALVES = Range(3, 4)
"""1.5 to 2 days of visits, counted in half days."""
FEEDBACK_DAY_HALVES = Range(1, 2)
"""Half a day to one day of feedback, counted in half days."""
AFTERNOON_STARTS = 13 * 60
"""Half-day counting (F2, F3): session time before 13:00 covers a morning, after it an afternoon."""
MIN_SECTORS = VISITS_PER_PARTICIPANT.min
"""E1: each participant sees companies of different sectors, so the rally needs that many sectors."""
MIN_GENDERS = 2
MIN_AGE_BANDS = 2
"""P2: a mixed group holds at least two genders and two age bands (``rallye.domain.mixity``)."""

RULES: dict[str, CharterRule] = {
    rule.code: rule
    for rule in (
        CharterRule("F1", "Format", "Deux ou trois jours consécutifs"),
        CharterRule("F2", "Format", "Une journée et demie à deux jours de visites d'entreprises"),
        CharterRule("F3", "Format", "Une demi-journée à une journée de retours d'expérience"),
        CharterRule("F4", "Format", "Un temps de clôture, pendant ou après les retours d'expérience"),
        CharterRule("K1", "Chiffres clés", "15 à 30 participants"),
        CharterRule("K2", "Chiffres clés", "Équipes de 3 à 8 personnes"),
        CharterRule("K3", "Chiffres clés", "Chaque équipe dans un même véhicule, avec un accompagnateur"),
        CharterRule("K4", "Chiffres clés", "6 à 8 entreprises de secteurs différents par participant"),
        CharterRule("K5", "Chiffres clés", "Au moins 6 entreprises mobilisées"),
        CharterRule("E1", "Entreprises", "Entreprises de secteurs d'activité différents"),
        CharterRule("P2", "Public", "Participants mixtes : âges, genres, profils, parcours"),
    )
}
