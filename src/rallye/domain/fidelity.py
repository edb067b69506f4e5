"""The fidelity grid (annex 1 of the evaluation report): how closely a rally follows the model.

Nineteen principles under seven headings, each scored 0 to 4 (0: the structure does not do it;
4: done exactly as in the model) or « non évaluable à ce stade » (``None``). Fifteen of them are
rules of the charter and share its codes (F1-F4, E1, K1-K4, P1, P2, C1, R1-R3); the four
objectives are O1-O4.

``prefill`` proposes a score wherever the data can measure it, with the evidence in one French
sentence; an evaluator then confirms or changes each score. How a score is proposed:

- charter rules checked on the plan (F1-F4, K1-K4, E1, P2): 4 when the rule holds, 0 when what it
  asks for is missing altogether (no feedback time, no closing), 2 otherwise;
- O1-O3 (discovery, re-mobilisation, network): from the before/after questionnaires: the mean
  change of the matching questions, over the people who answered both times (+0.5 point or more
  on the four-point scale: 4; any gain: 3; no change: 2; a loss: 1); not assessable without
  answers;
- O4 (a territorial project): one point per kind of actor engaged, out of four: companies (at
  least six), the public employment service among the prescribers, funders, and several funders
  or institutions;
- P1 (job seekers): the share of participants whose status category says they look for work;
- C1 (name and logo): the rally's name says « Rallye … emploi », and a logo is set;
- R1-R3 (reporting): from the dates recorded on the rally; not assessable until the rally has
  taken place; R2 concerns a structure's first rally only.

Evidence never names a person: it is shown to evaluators, who see pseudonymised data only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rallye.domain import charter, french
from rallye.domain.charter import HEADING_LABELS as HEADING_LABELS
from rallye.domain.charter import Heading as Heading
from rallye.domain.compliance import CHECKED_CODES, ComplianceReport, check_plan
from rallye.domain.plan import Plan
from rallye.domain.questionnaires import ItemChange
from rallye.domain.rally import Rally, SessionKind
from rallye.domain.statuses import category_of

SCORES = (0, 1, 2, 3, 4)
NOT_ASSESSABLE = "non évaluable à ce stade"
SCORE_LABELS = {
    0: "0 — ne le fait pas",
    1: "1",
    2: "2",
    3: "3",
    4: "4 — comme dans le modèle",
}


@dataclass(frozen=True)
class Principle:
    code: str
    heading: Heading
    text: str


OBJECTIVES: tuple[Principle, ...] = (
    Principle("O1", Heading.OBJECTIVES, "Permettre une découverte mutuelle entre entreprises et chercheurs d'emploi"),
    Principle("O2", Heading.OBJECTIVES, "Remobilisation professionnelle des demandeurs d'emploi"),
    Principle("O3", Heading.OBJECTIVES, "Amorcer la constitution d'un réseau pour les chercheurs d'emploi"),
    Principle(
        "O4",
        Heading.OBJECTIVES,
        "Action comme un projet de territoire (entreprises, service public de l'emploi, formation, "
        "institutions locales)",
    ),
)
PRINCIPLES: tuple[Principle, ...] = OBJECTIVES + tuple(
    Principle(rule.code, rule.heading, rule.text) for rule in charter.RULES.values() if rule.in_grid
)
"""The four objectives, then the charter's rules as ``rallye.domain.charter`` states them."""
PRINCIPLES_BY_CODE = {p.code: p for p in PRINCIPLES}

JOB_SEEKER_ACRONYMS = frozenset({"DELD", "BRSA", "RSA", "NEET", "CDDI", "IAE", "SIAE"})
"""Acronyms in a participant's status that say the person looks for work (P1), in any case;
« DE » (demandeur d'emploi) counts only in capitals, since « de » is also a French word."""
JOB_SEEKER_WORD_STARTS = ("demandeu", "recherch", "insertion", "reconversion", "chomage", "chomeu")
"""Beginnings of words of a status that say the same, compared without accents or case."""
PUBLIC_EMPLOYMENT_SERVICE = ("france travail", "pole emploi", "cap emploi", "mission locale")
CHARTER_CODES = tuple(p.code for p in PRINCIPLES if p.code in CHECKED_CODES)
"""Principles that are charter rules checked on the plan (``rallye.domain.compliance``)."""
SURVEY_THEMES = {
    "O1": ("companies_open", "companies_known"),
    "O2": ("confidence",),
    "O3": ("network", "isolation"),
}
"""The questionnaire questions whose before/after change measures each objective."""


@dataclass(frozen=True)
class RallyFacts:
    """What the grid reads beyond the rally and plan files (``None``: not known)."""

    taken_place: bool | None = None
    first_rally: bool | None = None
    reported_to_federation: bool | None = None
    reported_to_ansa: bool | None = None
    network_meetings: bool | None = None
    funders: int | None = None
    survey: tuple[ItemChange, ...] = ()


@dataclass(frozen=True)
class Assessment:
    principle: Principle
    score: int | None
    evidence: str

    @property
    def score_fr(self) -> str:
        return NOT_ASSESSABLE if self.score is None else f"{self.score}/4"


def prefill(rally: Rally, plan: Plan | None, facts: RallyFacts | None = None) -> tuple[Assessment, ...]:
    """The grid as the data fills it, in the order of :data:`PRINCIPLES`."""
    facts = facts or RallyFacts()
    report = check_plan(rally, plan) if plan is not None else None
    measured: dict[str, tuple[int | None, str]] = {
        **_objectives(rally, facts),
        **{code: _charter_rule(rally, plan, report, code) for code in CHARTER_CODES},
        "P1": _job_seekers(rally),
        "C1": _communication(rally),
        **_reporting(facts),
    }
    return tuple(Assessment(p, *measured[p.code]) for p in PRINCIPLES)


def lines(grid: Sequence[Assessment]) -> list[str]:
    """One line per principle under its heading: ``  F1 4/4 Organisé sur… — 3 jours…``."""
    out: list[str] = []
    heading: Heading | None = None
    for item in grid:
        if item.principle.heading is not heading:
            heading = item.principle.heading
            out.append(heading.label)
        out.append(f"  {item.principle.code} {item.score_fr} — {item.principle.text}")
        out.append(f"      {item.evidence}")
    return out


def heading_means(scores: Mapping[str, int | None]) -> dict[Heading, float | None]:
    """Mean score per heading over its assessable principles (``None`` when none is)."""
    means: dict[Heading, float | None] = {}
    for heading in Heading:
        values = [s for p in PRINCIPLES if p.heading is heading and (s := scores.get(p.code)) is not None]
        means[heading] = sum(values) / len(values) if values else None
    return means


def overall_mean(scores: Mapping[str, int | None]) -> float | None:
    values = [s for s in scores.values() if s is not None]
    return sum(values) / len(values) if values else None


# --- measured principles -------------------------------------------------------------------------


_REQUIRED_SESSION = {"F3": SessionKind.FEEDBACK, "F4": SessionKind.CLOSING}
"""Rules scored 0 when the programme has no session of that kind at all."""


def _charter_rule(
    rally: Rally, plan: Plan | None, report: ComplianceReport | None, code: str
) -> tuple[int | None, str]:
    if report is None or plan is None:
        return None, "Pas encore de planning : à évaluer une fois le planning calculé."
    result = report.result(code)
    if result.ok:
        return 4, f"Règle de la charte respectée : {result.figure}."
    required = _REQUIRED_SESSION.get(code)
    missing = (required is not None and all(s.kind is not required for s in rally.schedule)) or not plan.teams
    return (0 if missing else 2), f"Règle de la charte non respectée : {result.figure}."


def _objectives(rally: Rally, facts: RallyFacts) -> dict[str, tuple[int | None, str]]:
    objectives: dict[str, tuple[int | None, str]] = {}
    by_key = {change.question.key: change for change in facts.survey}
    for code, keys in SURVEY_THEMES.items():
        changes = [by_key[k] for k in keys if k in by_key and by_key[k].improvement is not None]
        if not changes:
            objectives[code] = None, "Pas encore de questionnaires avant et après : à évaluer par l'évaluateur."
            continue
        # Rounded as shown, so that the evidence and the score always agree (+0,5 gives 4).
        gain = round(sum(c.improvement or 0.0 for c in changes) / len(changes), 1)
        pairs = max(c.pairs for c in changes)
        themes = ", ".join(c.question.theme for c in changes)
        score = 4 if gain >= 0.5 else 3 if gain > 0 else 2 if gain == 0 else 1
        objectives[code] = (
            score,
            (
                f"Questionnaires avant/après ({french.count(pairs, 'personne')}, {themes}) : "
                f"évolution moyenne de {_signed(gain)} point sur 4."
            ),
        )
    objectives["O4"] = _territory(rally, facts)
    return objectives


def _territory(rally: Rally, facts: RallyFacts) -> tuple[int | None, str]:
    prescribers = {_plain(p.prescriber) for p in rally.participants if p.prescriber}
    actors = {
        f"des entreprises (au moins {charter.in_words(charter.MIN_COMPANIES)})": len(rally.companies)
        >= charter.MIN_COMPANIES,
        "le service public de l'emploi parmi les prescripteurs": any(
            word in prescriber for prescriber in prescribers for word in PUBLIC_EMPLOYMENT_SERVICE
        ),
        "au moins un financeur": (facts.funders or 0) >= 1,
        "plusieurs financeurs ou institutions": (facts.funders or 0) >= 2,
    }
    present = [name for name, engaged in actors.items() if engaged]
    if facts.funders is None and not present:
        return None, "Partenaires du rallye pas encore renseignés."
    listed = ", ".join(present) if present else "aucun acteur identifié"
    return len(present), f"Acteurs engagés : {listed} ({len(present)} sur 4)."


def _job_seekers(rally: Rally) -> tuple[int | None, str]:
    statuses = [p.status for p in rally.participants if p.status]
    if not statuses:
        return None, "Statut des participants non renseigné."
    seeking = sum(1 for status in statuses if _seeks_work(status))
    share = seeking / len(statuses)
    score = 4 if share == 1 else 3 if share >= 0.9 else 2 if share >= 0.5 else 1 if seeking else 0
    return score, (
        f"{french.count(seeking, 'participant')} sur {len(statuses)} dont le statut est renseigné "
        f"{'sont' if seeking > 1 else 'est'} en recherche d'emploi ({round(share * 100)} %)."
    )


def _seeks_work(status: str) -> bool:
    """By the status's category (``rallye.domain.statuses``); a status no category reads yet
    (« à confirmer », or a file's own words) by its words."""
    category = category_of(status)
    return category.looks_for_work if category is not None else looks_for_work(status)


def looks_for_work(status: str) -> bool:
    """Whether a status as written (« DELD », « jeune NEET », « demandeuse d'emploi », « salarié en
    insertion », « DE/BRSA »…) says that the person looks for work."""
    words = [word for word in re.split(r"\W+", status) if word]
    if "DE" in words or any(word.upper() in JOB_SEEKER_ACRONYMS for word in words):
        return True
    return any(_plain(word).startswith(JOB_SEEKER_WORD_STARTS) for word in words)


def _communication(rally: Rally) -> tuple[int | None, str]:
    words = set(_plain(rally.name).replace("'", " ").split())
    named = "rallye" in words and "emploi" in words
    has_logo = bool(rally.logo)
    score = 2 * named + 2 * has_logo
    name_part = "porte le nom des Rallyes pour l'emploi" if named else "ne porte pas le nom des Rallyes pour l'emploi"
    logo_part = "un logo figure sur les documents" if has_logo else "aucun logo sur les documents"
    return score, f"Le rallye {name_part} ; {logo_part}."


def _reporting(facts: RallyFacts) -> dict[str, tuple[int | None, str]]:
    if not facts.taken_place:
        waiting = "Le rallye n'a pas encore eu lieu." if facts.taken_place is False else "Bilan pas encore renseigné."
        return {"R1": (None, waiting), "R2": (None, waiting), "R3": (None, waiting)}
    grid: dict[str, tuple[int | None, str]] = {}
    grid["R1"] = _done(
        facts.reported_to_federation, "Bilan transmis à la fédération.", "Bilan pas encore transmis à la fédération."
    )
    if facts.first_rally is False:
        grid["R2"] = None, "Sans objet : ce n'est pas le premier rallye de la structure."
    else:
        grid["R2"] = _done(
            facts.reported_to_ansa,
            "Bilan du premier rallye transmis à l'Ansa.",
            "Premier rallye : bilan pas encore transmis à l'Ansa.",
        )
    grid["R3"] = _done(
        facts.network_meetings,
        "La structure participe aux rencontres du réseau.",
        "Pas de participation aux rencontres du réseau.",
    )
    return grid


def _done(value: bool | None, yes: str, no: str) -> tuple[int | None, str]:
    if value is None:
        return None, "Pas encore renseigné."
    return (4, yes) if value else (0, no)


def _signed(value: float) -> str:
    text = f"{value:+.1f}".replace(".", ",")
    return text


def _plain(text: str) -> str:
    """Lower case, without accents: « Pôle emploi » → « pole emploi »."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
