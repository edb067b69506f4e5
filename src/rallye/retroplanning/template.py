"""The default retro-planning: the eight phases of the preparation reported by the organisers
(``shared/domain/DOMAIN.md``, « Preparation phases ») as tasks due a number of days from the
rally's first day (negative: before). Each federation starts from this template and edits it
for its network; each structure may adapt it; a rally's tasks are copied from it once.

Figures chosen here, in one place: the preparation takes « at least two months » (the first
tasks three months ahead, so that funders are met two months ahead); the information session
three weeks ahead (neither too early nor too late, see ``tips.INFORMATION_SESSION``); the
schedule frozen ten days ahead (« a schedule made too late leaves slots without a company »);
one report per funder six weeks after; the follow-up six months after.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Phase(StrEnum):
    FUNDING = "funding"
    COMPANIES = "companies"
    PRESCRIBERS = "prescribers"
    COMMUNICATION = "communication"
    VISITS = "visits"
    CONVIVIAL = "convivial"
    PLAYFUL = "playful"
    ASSESSMENT = "assessment"

    @property
    def label(self) -> str:
        return PHASE_LABELS[self]

    @property
    def number(self) -> int:
        return list(Phase).index(self) + 1


PHASE_LABELS: dict[Phase, str] = {
    Phase.FUNDING: "Sensibiliser les financeurs, obtenir des financements",
    Phase.COMPANIES: "Mobiliser les entreprises",
    Phase.PRESCRIBERS: "Mobiliser les prescripteurs et les chercheurs d'emploi",
    Phase.COMMUNICATION: "Communiquer sur l'action",
    Phase.VISITS: "Organiser les visites et le planning",
    Phase.CONVIVIAL: "Organiser les temps conviviaux",
    Phase.PLAYFUL: "Organiser les aspects ludiques et numériques",
    Phase.ASSESSMENT: "Faire le bilan de l'action",
}


@dataclass(frozen=True)
class TaskTemplate:
    """One task of a template. ``offset_days`` counts from the rally's first day (−21: three
    weeks before; 0: the first day; 183: six months after)."""

    key: str
    title: str
    phase: Phase
    offset_days: int
    milestone: bool = False
    fixed_date: bool = False
    """A date set with others (a booked room): it does not move with the rally, and a move of
    the rally says that it now falls wrong."""
    pathway_only: bool = False
    """Only for a rally inside a longer pathway (support before, intensive support after)."""
    tips: tuple[str, ...] = ()
    """Keys of the tips (``tips.TIPS``) shown with the task when they are triggered."""
    description: str = ""


DEFAULT_TEMPLATE: tuple[TaskTemplate, ...] = (
    # 1. Funders
    TaskTemplate(
        "funders_identified",
        "Repérer les financeurs possibles et les appels à projets",
        Phase.FUNDING,
        -90,
        description="Présenter le rallye comme un rapprochement entre entreprises (et SIAE) et chercheurs "
        "d'emploi ; un partenaire politique (le département) apporte de la légitimité.",
    ),
    TaskTemplate(
        "action_sheet",
        "Rédiger la fiche action de trois pages pour les financeurs",
        Phase.FUNDING,
        -80,
        description="Les financeurs attendent une fiche de trois pages, pas d'une seule.",
    ),
    TaskTemplate(
        "funders_met",
        "Financeurs rencontrés",
        Phase.FUNDING,
        -60,
        milestone=True,
        description="Les rencontrer quand quelques entreprises sont déjà engagées.",
    ),
    # 2. Companies
    TaskTemplate(
        "companies_listed",
        "Lister les entreprises à solliciter (fichiers de suivi des partenaires)",
        Phase.COMPANIES,
        -75,
    ),
    TaskTemplate(
        "companies_contacted",
        "Contacter les entreprises par téléphone ou en rendez-vous",
        Phase.COMPANIES,
        -60,
        tips=("email_only",),
        description="Citer un partenaire public ou une entreprise déjà engagée aide à convaincre.",
    ),
    TaskTemplate(
        "companies_engaged",
        "Entreprises engagées, en nombre suffisant pour le planning",
        Phase.COMPANIES,
        -30,
        milestone=True,
        tips=("email_only",),
    ),
    TaskTemplate(
        "availability_collected",
        "Recueillir les disponibilités des entreprises (accueil de 8 à 12 personnes possible ?)",
        Phase.COMPANIES,
        -25,
    ),
    # 3. Prescribers and job seekers
    TaskTemplate(
        "steering_committee",
        "Comité de pilotage avec les prescripteurs",
        Phase.PRESCRIBERS,
        -56,
        milestone=True,
        tips=("rsa_below_target",),
        description="France Travail, Cap emploi, missions locales, le service insertion du département…",
    ),
    TaskTemplate(
        "pathway_support_before",
        "Début de l'accompagnement avant le rallye (environ trois semaines)",
        Phase.PRESCRIBERS,
        -21,
        pathway_only=True,
        description="Les participants accueillis dans la structure sont accompagnés environ trois semaines "
        "avant le rallye.",
    ),
    TaskTemplate(
        "information_session",
        "Information collective",
        Phase.PRESCRIBERS,
        -21,
        milestone=True,
        tips=("information_session_timing", "rsa_below_target"),
    ),
    TaskTemplate(
        "registrations_closed",
        "Inscriptions closes, participants confirmés",
        Phase.PRESCRIBERS,
        -14,
        tips=("rsa_below_target",),
    ),
    TaskTemplate(
        "liability_attestations",
        "Attestations de responsabilité civile reçues",
        Phase.PRESCRIBERS,
        -7,
        tips=("civil_liability",),
    ),
    # 4. Communication
    TaskTemplate(
        "materials",
        "Préparer les supports de communication (adaptés aux chercheurs d'emploi)",
        Phase.COMMUNICATION,
        -45,
        description="Une collectivité peut aider à réaliser les supports.",
    ),
    TaskTemplate(
        "prizes",
        "Collecter les lots auprès d'entreprises donatrices",
        Phase.COMMUNICATION,
        -20,
        description="Les lots rendent visibles les entreprises partenaires.",
    ),
    TaskTemplate("social_networks", "Annoncer le rallye sur les réseaux sociaux", Phase.COMMUNICATION, -7),
    # 5. Visits and schedule
    TaskTemplate(
        "programme_set",
        "Fixer le programme : journées, horaires, retours d'expérience, clôture",
        Phase.VISITS,
        -45,
        tips=("long_days", "feedback_next_day", "no_icebreaker", "closing_without_words"),
    ),
    TaskTemplate(
        "room_booked",
        "Réserver la salle d'accueil, des retours et de la clôture",
        Phase.VISITS,
        -40,
        fixed_date=True,
    ),
    TaskTemplate(
        "vehicles_booked",
        "Réserver les véhicules (dont des véhicules de plus de cinq places)",
        Phase.VISITS,
        -21,
        tips=("few_large_vehicles",),
    ),
    TaskTemplate(
        "schedule_frozen",
        "Planning figé",
        Phase.VISITS,
        -10,
        milestone=True,
        tips=("long_days",),
        description="Un planning fait trop tard laisse des créneaux sans entreprise ou crée des doublons.",
    ),
    TaskTemplate("convocations_sent", "Convocations envoyées", Phase.VISITS, -7, milestone=True),
    TaskTemplate(
        "documents_printed",
        "Documents imprimés (carnets de route, fiches entreprises, diplômes)",
        Phase.VISITS,
        -2,
        milestone=True,
    ),
    # 6. Convivial times
    TaskTemplate(
        "closing_prepared",
        "Préparer la clôture : parole des participants, remise des diplômes par les entreprises",
        Phase.CONVIVIAL,
        -10,
        tips=("closing_without_words", "feedback_next_day"),
    ),
    TaskTemplate(
        "feedback_and_closing",
        "Retours d'expérience et clôture",
        Phase.CONVIVIAL,
        3,
        milestone=True,
        tips=("feedback_next_day", "closing_without_words"),
    ),
    # 7. Playful and digital
    TaskTemplate(
        "icebreaker_prepared",
        "Préparer le brise-glace du premier jour",
        Phase.PLAYFUL,
        -14,
        tips=("no_icebreaker",),
    ),
    TaskTemplate("games_prepared", "Préparer les jeux et les activités numériques", Phase.PLAYFUL, -14),
    # 8. Assessment
    TaskTemplate(
        "pathway_intensive_support",
        "Accompagnement intensif vers l'entreprise (un mois)",
        Phase.ASSESSMENT,
        5,
        pathway_only=True,
    ),
    TaskTemplate(
        "pathway_review",
        "Fin de l'accompagnement intensif : bilan du parcours de chaque personne",
        Phase.ASSESSMENT,
        35,
        milestone=True,
        pathway_only=True,
    ),
    TaskTemplate(
        "funder_reports",
        "Un bilan par financeur",
        Phase.ASSESSMENT,
        45,
        milestone=True,
        description="Chaque financeur attend son propre bilan.",
    ),
    TaskTemplate(
        "follow_up_six_months",
        "Suivi à 6 mois des participants",
        Phase.ASSESSMENT,
        183,
        milestone=True,
        description="Le retour à l'emploi se mesure six mois après le rallye.",
    ),
)
"""The default template, in the order of the phases."""


def applicable(template: tuple[TaskTemplate, ...] | list[TaskTemplate], pathway: bool) -> list[TaskTemplate]:
    """The tasks of ``template`` that apply to a rally (inside a pathway or not)."""
    return [task for task in template if pathway or not task.pathway_only]
