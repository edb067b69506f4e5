"""The charter of the Rallyes pour l'emploi: each rule defined once, with its figures.

:data:`RULES` holds every rule of the charter by its code (F1-F4, E1, K1-K5, P1, P2, C1,
R1-R3): its heading, whether the planner always keeps it (``HARD``) or only reports it
(``FLEXIBLE``), its figures and its text, written from the figures. Everything else reads them
from here: the planner (team sizes, visits per team, companies in all), the compliance report
(``rallye.domain.compliance``, one check per code), the fidelity grid (``rallye.domain.fidelity``),
the explanations of impossible rallies (``rallye.engine.explain``), the default values of the
rally input, the database, the workbook template and the JSON Schema (a test proves that the
static schema agrees). A figure is written once, in the constants below.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class Range:
    min: int
    max: int

    def __contains__(self, value: object) -> bool:
        return isinstance(value, int | float) and self.min <= value <= self.max

    def fr(self) -> str:
        return f"{self.min} à {self.max}"


# --- The figures -------------------------------------------------------------------------------

PARTICIPANTS = Range(15, 30)
TEAM_SIZE = Range(3, 8)
VISITS_PER_PARTICIPANT = Range(6, 8)
"""Companies each participant visits, through their team: each team's visits, by default."""
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

_NUMBER_WORDS = {2: "deux", 3: "trois", 4: "quatre", 6: "six"}
_HALF_DAY_WORDS = {1: "une demi-journée", 2: "une journée", 3: "un jour et demi", 4: "deux jours"}


def in_words(number: int) -> str:
    """Small numbers in words, as the charter writes them."""
    return _NUMBER_WORDS.get(number, str(number))


def _half_days(halves: int) -> str:
    return _HALF_DAY_WORDS.get(halves, f"{halves / 2:g} jours".replace(".", ","))


# --- The rules ---------------------------------------------------------------------------------


class Heading(StrEnum):
    """The headings of the charter and of its fidelity grid."""

    OBJECTIVES = "objectives"
    FORMAT = "format"
    COMPANIES = "companies"
    KEY_FIGURES = "key_figures"
    PUBLIC = "public"
    COMMUNICATION = "communication"
    REPORTING = "reporting"

    @property
    def label(self) -> str:
        return HEADING_LABELS[self]


HEADING_LABELS = {
    Heading.OBJECTIVES: "Respect des objectifs attachés au rallye",
    Heading.FORMAT: "Respect du format du rallye",
    Heading.COMPANIES: "Respect des critères de choix des entreprises visitées",
    Heading.KEY_FIGURES: "Respect des chiffres clés du rallye",
    Heading.PUBLIC: "Respect du public cible du rallye",
    Heading.COMMUNICATION: "Respect des conditions de communication sur le rallye",
    Heading.REPORTING: "Respect de l'attendu en termes de bilan du rallye",
}


class Enforcement(StrEnum):
    HARD = "hard"
    """The planner keeps it in every plan (a constraint of the model)."""
    FLEXIBLE = "flexible"
    """Checked and reported (or assessed in the fidelity grid), not enforced by the planner."""


@dataclass(frozen=True)
class Rule:
    code: str
    heading: Heading
    kind: Enforcement
    label: str
    """A few words for the compliance report: ``K1 Participants : 24 (attendu 15 à 30) ✓``."""
    text: str
    """The rule as the charter and its fidelity grid state it, written from ``figures``."""
    figures: tuple[Range | int, ...] = ()
    in_grid: bool = True
    """Whether the fidelity grid scores this rule (K5 is counted, not scored)."""


def _rules(*rules: Rule) -> dict[str, Rule]:
    return {rule.code: rule for rule in rules}


RULES: dict[str, Rule] = _rules(
    Rule(
        "F1",
        Heading.FORMAT,
        Enforcement.FLEXIBLE,
        "Jours du rallye",
        f"Organisé sur {in_words(RALLY_DAYS.min)} ou {in_words(RALLY_DAYS.max)} jours consécutifs",
        (RALLY_DAYS,),
    ),
    Rule(
        "F2",
        Heading.FORMAT,
        Enforcement.FLEXIBLE,
        "Jours de visites",
        f"Entre {_half_days(VISIT_DAYS_HALVES.min)} et {_half_days(VISIT_DAYS_HALVES.max)} consacrés aux visites "
        "d'entreprises",
        (VISIT_DAYS_HALVES,),
    ),
    Rule(
        "F3",
        Heading.FORMAT,
        Enforcement.FLEXIBLE,
        "Jours de retours d'expérience",
        f"{_half_days(FEEDBACK_DAY_HALVES.min).capitalize()} à {_half_days(FEEDBACK_DAY_HALVES.max)} réservée aux "
        "retours d'expérience",
        (FEEDBACK_DAY_HALVES,),
    ),
    Rule("F4", Heading.FORMAT, Enforcement.FLEXIBLE, "Temps de clôture", "Organisation d'un temps de clôture"),
    Rule(
        "E1",
        Heading.COMPANIES,
        Enforcement.HARD,
        "Secteurs d'activité",
        "Représentation d'une pluralité de secteurs d'activité",
        (MIN_SECTORS,),
    ),
    Rule(
        "K1",
        Heading.KEY_FIGURES,
        Enforcement.FLEXIBLE,
        "Participants",
        f"Avoir entre {PARTICIPANTS.min} et {PARTICIPANTS.max} participants",
        (PARTICIPANTS,),
    ),
    Rule(
        "K2",
        Heading.KEY_FIGURES,
        Enforcement.HARD,
        "Taille des équipes",
        f"Former des équipes de {TEAM_SIZE.fr()} personnes",
        (TEAM_SIZE,),
    ),
    Rule(
        "K3",
        Heading.KEY_FIGURES,
        Enforcement.HARD,
        "Véhicules et accompagnateurs",
        "Déplacement de chaque équipe dans le même véhicule",
    ),
    Rule(
        "K4",
        Heading.KEY_FIGURES,
        Enforcement.HARD,
        "Entreprises par participant",
        f"Chaque participant visite entre {VISITS_PER_PARTICIPANT.min} et {VISITS_PER_PARTICIPANT.max} entreprises",
        (VISITS_PER_PARTICIPANT,),
    ),
    Rule(
        "K5",
        Heading.KEY_FIGURES,
        Enforcement.HARD,
        "Entreprises mobilisées",
        f"Au moins {in_words(MIN_COMPANIES)} entreprises mobilisées",
        (MIN_COMPANIES,),
        in_grid=False,
    ),
    Rule(
        "P1",
        Heading.PUBLIC,
        Enforcement.FLEXIBLE,
        "Public",
        "Concerner des personnes en recherche d'emploi",
    ),
    Rule(
        "P2",
        Heading.PUBLIC,
        Enforcement.FLEXIBLE,
        "Mixité",
        "Mixité des participants (âge, genre et secteur professionnel)",
        (MIN_GENDERS, MIN_AGE_BANDS),
    ),
    Rule(
        "C1",
        Heading.COMMUNICATION,
        Enforcement.FLEXIBLE,
        "Nom et logo",
        "Utiliser le nom et le logo des Rallyes pour l'emploi",
    ),
    Rule(
        "R1",
        Heading.REPORTING,
        Enforcement.FLEXIBLE,
        "Bilan à la fédération",
        "Faire un retour à la Fédération des CREPI sur le nombre et les caractéristiques des rallyes menés",
    ),
    Rule(
        "R2",
        Heading.REPORTING,
        Enforcement.FLEXIBLE,
        "Bilan à l'Ansa",
        "Pour le premier rallye organisé, faire le même retour à l'Ansa",
    ),
    Rule(
        "R3",
        Heading.REPORTING,
        Enforcement.FLEXIBLE,
        "Rencontres du réseau",
        "S'inscrire dans une démarche d'amélioration continue en participant aux rencontres du réseau",
    ),
)


def mention(code: str) -> str:
    """The rule named for an organiser: ``la règle K4 de la charte (« Chaque participant… »)``."""
    return f"la règle {code} de la charte (« {RULES[code].text} »)"
