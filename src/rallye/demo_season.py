"""The demo's past season: three finished rallies per structure in 2025 and 2026, with their
funders, reports, questionnaires, six-month outcomes and fidelity scores, so that the network
dashboard, the reports and the evaluator's pages show real figures.

The rallies and their plans are stored in the package data ``rallye/demo_data/demo-season.json``
(read through ``importlib.resources``, so that an installed wheel can run ``rallye demo``):
solving six rallies takes about a minute, far too long for ``rallye demo``, which only reads
the file. The rallies come from the benchmarks' generator (fictitious people and companies, not
installed with the package), moved to the dates of :data:`ANNECY_SEASON` and
:data:`VOIRON_SEASON`, and planned by the solver (one worker, fixed seed: the same file every
time). After changing these constants, the generator or the solver, write the file again with::

    uv run python -m benchmarks.demo_season

Everything else (questionnaire answers, outcomes, scores) is drawn when the demo loads, from
random generators seeded by each rally's key: the same data every time. The season is dated as
seen on :data:`SEASON_DAY`: outcomes are recorded for the rallies whose six-month follow-up was
due by then, except the most recent ones, left for the « suivis à faire » list.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass
from decimal import Decimal
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from django.utils import timezone

from rallye.domain import rally as domain
from rallye.domain.outcomes import Outcome, follow_up_due
from rallye.domain.questionnaires import Kind, Phase, questions
from rallye.evaluation.models import (
    FidelityScore,
    FollowUp,
    Funder,
    FunderKind,
    Funding,
    Questionnaire,
    RallyReporting,
)
from rallye.evaluation.records import fidelity_grid
from rallye.formats.problems import json_locator
from rallye.formats.rally_input import validate_rally
from rallye.organisations.models import Structure, User
from rallye.plans.models import PlanState, PlanVersion
from rallye.rallies.conversion import save_domain_rally
from rallye.rallies.models import Participant, Rally

DEMO_DATA = files("rallye").joinpath("demo_data")
"""The demo's data, installed with the package: the season and the 2027 example rallies (copies
of ``examples/``, kept equal by a test)."""
SEASON_FILE = DEMO_DATA.joinpath("demo-season.json")
SEASON_DAY = dt.date(2026, 11, 29)
"""The day the season's data describe: follow-ups due after it are not recorded."""


@dataclass(frozen=True)
class FunderSpec:
    name: str
    kind: FunderKind


@dataclass(frozen=True)
class SeasonRally:
    key: str
    name: str
    first_day: dt.date
    """A Tuesday: the generator's programmes run from Tuesday to Friday."""
    participants: int
    absent: int
    companies: int
    vehicles: int
    programme: str
    """The generator's programme (``benchmarks.generator.Programme``)."""
    seed: int
    fundings: tuple[tuple[str, int], ...]
    """(funder name, amount in euros)."""
    federation_report_on: dt.date | None = None
    ansa_report_on: dt.date | None = None
    solution_share: float | None = None
    """Share of the followed participants with a professional solution at six months;
    ``None``: the follow-up is not recorded yet."""
    evaluated: bool = False
    """The evaluator has confirmed the grid (the prefill, changed by ``score_changes``)."""
    score_changes: tuple[tuple[str, int, str], ...] = ()
    """(principle, score, comment) where the evaluator changed or commented the prefill."""

    @property
    def present(self) -> int:
        return self.participants - self.absent


@dataclass(frozen=True)
class StructureSeason:
    territory: str
    """The generator's territory the rallies are drawn in (``benchmarks.demo_season.TERRITORIES``)."""
    funders: tuple[FunderSpec, ...]
    network_meetings: bool
    rallies: tuple[SeasonRally, ...]
    """Oldest first: the first one is the structure's first rally."""


ANNECY_SEASON = StructureSeason(
    territory="ANNECY",
    funders=(
        FunderSpec("Département de la Haute-Savoie", FunderKind.DEPARTEMENT),
        FunderSpec("Région Auvergne-Rhône-Alpes", FunderKind.REGION),
        FunderSpec("France Travail Haute-Savoie", FunderKind.FRANCE_TRAVAIL),
        FunderSpec("Fondation Alpes Solidaires", FunderKind.FOUNDATION),
        FunderSpec("Décolletage du Fier", FunderKind.COMPANY),
    ),
    network_meetings=True,
    rallies=(
        SeasonRally(
            key="annecy-2025-03",
            name="Rallye pour l'emploi — Annecy, mars 2025",
            first_day=dt.date(2025, 3, 18),
            participants=19,
            absent=2,
            companies=9,
            vehicles=4,
            programme="day_and_a_half",
            seed=2503,
            fundings=(
                ("Département de la Haute-Savoie", 6000),
                ("France Travail Haute-Savoie", 2500),
                ("Fondation Alpes Solidaires", 1500),
            ),
            federation_report_on=dt.date(2025, 5, 20),
            ansa_report_on=dt.date(2025, 6, 3),
            solution_share=0.35,
            evaluated=True,
            score_changes=(
                (
                    "O3",
                    2,
                    "Le réseau n'a pas été valorisé : aucun temps prévu pour que les participants "
                    "échangent leurs coordonnées après les visites.",
                ),
                (
                    "C1",
                    3,
                    "Le nom des Rallyes pour l'emploi figure sur l'affiche et les convocations ; "
                    "le logo manquait seulement sur les carnets de route.",
                ),
            ),
        ),
        SeasonRally(
            key="annecy-2025-10",
            name="Rallye pour l'emploi — Annecy, octobre 2025",
            first_day=dt.date(2025, 10, 7),
            participants=26,
            absent=3,
            companies=12,
            vehicles=5,
            programme="half_and_full",
            seed=2510,
            fundings=(
                ("Département de la Haute-Savoie", 7000),
                ("Région Auvergne-Rhône-Alpes", 4000),
                ("France Travail Haute-Savoie", 2500),
                ("Décolletage du Fier", 1000),
            ),
            federation_report_on=dt.date(2025, 12, 9),
            solution_share=0.39,
            evaluated=True,
            score_changes=(
                (
                    "F4",
                    3,
                    "Clôture réussie mais un peu institutionnelle : les participants ont eu peu de "
                    "temps pour présenter leur travail.",
                ),
                (
                    "O3",
                    3,
                    "Un groupe d'entraide s'est formé après le rallye ; à proposer dès le temps de "
                    "retours d'expérience.",
                ),
            ),
        ),
        SeasonRally(
            key="annecy-2026-05",
            name="Rallye pour l'emploi — Annecy, mai 2026",
            first_day=dt.date(2026, 5, 19),
            participants=24,
            absent=2,
            companies=11,
            vehicles=5,
            programme="day_and_a_half",
            seed=2605,
            fundings=(
                ("Département de la Haute-Savoie", 7000),
                ("Région Auvergne-Rhône-Alpes", 4000),
                ("Fondation Alpes Solidaires", 2000),
            ),
            federation_report_on=dt.date(2026, 7, 7),
        ),
    ),
)
VOIRON_SEASON = StructureSeason(
    territory="VOIRON",
    funders=(
        FunderSpec("Département de l'Isère", FunderKind.DEPARTEMENT),
        FunderSpec("Région Auvergne-Rhône-Alpes", FunderKind.REGION),
        FunderSpec("Communauté d'agglomération du Pays voironnais", FunderKind.MUNICIPALITY),
        FunderSpec("Fonds social européen (FSE+)", FunderKind.EUROPE),
        FunderSpec("Logistique des Chartreux", FunderKind.COMPANY),
    ),
    network_meetings=False,
    rallies=(
        SeasonRally(
            key="voiron-2025-06",
            name="Rallye pour l'emploi — Voiron, juin 2025",
            first_day=dt.date(2025, 6, 10),
            participants=18,
            absent=2,
            companies=9,
            vehicles=4,
            programme="half_and_full",
            seed=2506,
            fundings=(
                ("Département de l'Isère", 5000),
                ("Communauté d'agglomération du Pays voironnais", 3000),
                ("Fonds social européen (FSE+)", 4000),
            ),
            federation_report_on=dt.date(2025, 9, 16),
            ansa_report_on=dt.date(2025, 9, 16),
            solution_share=0.31,
            evaluated=True,
            score_changes=(
                ("O3", 2, "Le réseau n'a pas été valorisé."),
                ("R3", 1, "La structure est venue à une rencontre du réseau sur trois."),
            ),
        ),
        SeasonRally(
            key="voiron-2026-03",
            name="Rallye pour l'emploi — Voiron, mars 2026",
            first_day=dt.date(2026, 3, 17),
            participants=23,
            absent=3,
            companies=10,
            vehicles=5,
            programme="two_days",
            seed=2603,
            fundings=(
                ("Département de l'Isère", 5500),
                ("Région Auvergne-Rhône-Alpes", 3500),
                ("Communauté d'agglomération du Pays voironnais", 3000),
                ("Logistique des Chartreux", 800),
            ),
            federation_report_on=dt.date(2026, 5, 12),
            solution_share=0.30,
            evaluated=True,
            score_changes=(
                (
                    "C1",
                    2,
                    "Le nom est utilisé, pas encore le logo : à ajouter sur les prochains supports.",
                ),
            ),
        ),
        SeasonRally(
            key="voiron-2026-10",
            name="Rallye pour l'emploi — Voiron, octobre 2026",
            first_day=dt.date(2026, 10, 6),
            participants=28,
            absent=3,
            companies=13,
            vehicles=6,
            programme="half_and_full",
            seed=2610,
            fundings=(
                ("Département de l'Isère", 6000),
                ("Communauté d'agglomération du Pays voironnais", 3000),
            ),
        ),
    ),
)
SEASONS = (ANNECY_SEASON, VOIRON_SEASON)


# --- the stored rallies and plans ------------------------------------------------------------


def stored_season(path: Traversable = SEASON_FILE) -> dict[str, tuple[domain.Rally, dict[str, Any]]]:
    """Each stored rally (as the domain sees it) and its plan content, by key."""
    content = json.loads(path.read_text(encoding="utf-8"))
    return {
        key: (validate_rally(item["rally"], json_locator(f"{path.name}, {key}")), item["plan"])
        for key, item in content["rallies"].items()
    }


# --- loading ---------------------------------------------------------------------------------


def save_planned_rally(
    structure: Structure, data: domain.Rally, plan: dict[str, Any], computed_at: dt.datetime | None = None
) -> Rally:
    """A new rally of ``structure`` with ``plan`` as its current, first plan version."""
    rally = save_domain_rally(structure, data)
    computed_at = computed_at or timezone.now()
    version = PlanVersion.objects.create(
        rally=rally,
        number=1,
        state=PlanState.SUCCEEDED,
        is_current=True,
        content=plan,
        time_limit=float(plan.get("solver", {}).get("seconds", 0) or 0),
        started_at=computed_at,
        finished_at=computed_at,
    )
    PlanVersion.objects.filter(pk=version.pk).update(requested_at=computed_at)
    return rally


def load_season(structure: Structure, season: StructureSeason, *, staff: User, evaluator: User) -> None:
    """The season's rallies of ``structure`` that are not in the database yet, with their
    evaluation data; ``staff`` entered what the structure records, ``evaluator`` scored."""
    funders = {
        f.name: Funder.objects.get_or_create(structure=structure, name=f.name, defaults={"kind": f.kind})[0]
        for f in season.funders
    }
    missing = [s for s in season.rallies if not Rally.objects.filter(structure=structure, name=s.name).exists()]
    if not missing:
        return
    stored = stored_season()
    for spec in missing:
        data, plan = stored[spec.key]
        if data.name != spec.name:
            raise ValueError(f"{SEASON_FILE.name} is out of date for {spec.key}: write it again (see {__name__})")
        rally = save_planned_rally(structure, data, plan, _at(spec.first_day - dt.timedelta(days=21), 10))
        Rally.objects.filter(pk=rally.pk).update(created_at=_at(spec.first_day - dt.timedelta(days=75), 9))
        rally.participants.update(consent=True)
        rally.participants.filter(status_category="RSA").update(rsa_beneficiary=True)
        last_day = max(s.date for s in data.schedule)
        for name, amount in spec.fundings:
            Funding.objects.create(rally=rally, funder=funders[name], amount=Decimal(amount))
        RallyReporting.objects.create(
            rally=rally,
            federation_report_on=spec.federation_report_on,
            ansa_report_on=spec.ansa_report_on,
            network_meetings=season.network_meetings,
        )
        _questionnaires(rally, spec, plan, last_day, staff)
        if spec.solution_share is not None:
            _follow_ups(rally, spec.key, spec.solution_share, last_day, staff)
        if spec.evaluated:
            _scores(rally, spec, evaluator, _at(last_day + dt.timedelta(days=60), 14))


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


# --- questionnaires --------------------------------------------------------------------------

_BEFORE_WEIGHTS = {
    # question → weights of the answers 1, 2, 3, 4 before the rally
    "companies_open": (25, 40, 25, 10),
    "companies_known": (30, 40, 22, 8),
    "confidence": (15, 35, 35, 15),
    "isolation": (10, 25, 40, 25),
    "network": (30, 40, 22, 8),
}
_CHANGE_WEIGHTS = {
    # after minus before, in the good direction (-1, 0, +1, +2): most gain a little, not everybody
    "companies_open": (8, 37, 43, 12),
    "companies_known": (6, 34, 45, 15),
    "confidence": (10, 40, 40, 10),
    "isolation": (10, 45, 37, 8),
    "network": (7, 38, 42, 13),
}
_INTENTIONS = ("apply", "training", "business", "think", "unsure")
_INTENTION_WEIGHTS = {Phase.BEFORE: (30, 15, 5, 30, 20), Phase.AFTER: (52, 20, 5, 16, 7)}
_COMMENTS = {
    Phase.BEFORE: (
        "J'ai un peu peur de parler devant les entreprises.",
        "Je cherche surtout dans la logistique, j'espère en voir une.",
        "Pas facile de venir sans voiture, merci pour le covoiturage.",
        "Je ne sais pas encore ce que je veux faire.",
    ),
    Phase.AFTER: (
        "Très bonne expérience, je ne pensais pas que les entreprises nous accueilleraient aussi bien.",
        "J'ai découvert des métiers que je ne connaissais pas.",
        "Les journées étaient longues mais ça valait le coup.",
        "J'ai gardé le contact avec deux personnes de mon équipe.",
        "J'aurais aimé visiter plus d'entreprises qui recrutent.",
        "J'ai repris confiance, je vais relancer mes candidatures.",
    ),
}
_COMPANY_COMMENTS = (
    "Des personnes motivées et curieuses, nous sommes prêts à recommencer.",
    "Le groupe était un peu grand pour notre atelier.",
    "Nous avons proposé un stage à une personne de l'équipe.",
    "Prévenir un peu plus tôt des horaires de passage, merci.",
)


def _questionnaires(rally: Rally, spec: SeasonRally, plan: dict[str, Any], last_day: dt.date, staff: User) -> None:
    """Before and after for most present participants (a few only before), and most visited
    companies' feedback; a few were typed by staff from paper."""
    rng = random.Random(f"{spec.key}/questionnaires")
    present = list(rally.participants.filter(present=True))
    answered_before = [p for p in present if rng.random() < 0.9]
    answered_after = {p.pk for p in answered_before if rng.random() < 0.85}
    session_day = spec.first_day - dt.timedelta(days=7)
    filled = []
    for person in answered_before:
        before = _person_answers(rng, Phase.BEFORE, None)
        filled.append(_filled(rng, rally, Phase.BEFORE, before, _at(session_day, 10, rng.randrange(60)), staff, person))
        if person.pk in answered_after:
            after = _person_answers(rng, Phase.AFTER, before)
            filled.append(_filled(rng, rally, Phase.AFTER, after, _at(last_day, 11, rng.randrange(60)), staff, person))
    visited = {visit["company"] for team in plan["teams"] for visit in team["visits"]}
    for company in rally.companies.filter(code__in=visited):
        if rng.random() < 0.85:
            feedback = _company_answers(rng, company.hiring)
            day = last_day + dt.timedelta(days=rng.randint(1, 10))
            filled.append(
                Questionnaire(
                    rally=rally,
                    phase=Phase.COMPANY,
                    company=company,
                    answers=feedback,
                    submitted_at=_at(day, 9 + rng.randrange(8), rng.randrange(60)),
                )
            )
    Questionnaire.objects.bulk_create(filled)


def _filled(
    rng: random.Random,
    rally: Rally,
    phase: Phase,
    answers: dict[str, int | str],
    at: dt.datetime,
    staff: User,
    person: Participant,
) -> Questionnaire:
    typed_by_staff = rng.random() < 0.3
    return Questionnaire(
        rally=rally,
        phase=phase,
        participant=person,
        answers=answers,
        submitted_at=at,
        entered_by=staff if typed_by_staff else None,
    )


def _person_answers(rng: random.Random, phase: Phase, before: dict[str, int | str] | None) -> dict[str, int | str]:
    answers: dict[str, int | str] = {}
    for question in questions(phase):
        if question.kind is Kind.SCALE:
            if before is None:
                answers[question.key] = rng.choices((1, 2, 3, 4), weights=_BEFORE_WEIGHTS[question.key])[0]
            else:
                gain = rng.choices((-1, 0, 1, 2), weights=_CHANGE_WEIGHTS[question.key])[0]
                change = gain if question.positive_high else -gain
                answers[question.key] = min(4, max(1, int(before[question.key]) + change))
        elif question.kind is Kind.CHOICE:
            answers[question.key] = rng.choices(_INTENTIONS, weights=_INTENTION_WEIGHTS[phase])[0]
        elif rng.random() < (0.12 if phase is Phase.BEFORE else 0.25):
            answers[question.key] = rng.choice(_COMMENTS[phase])
    return answers


def _company_answers(rng: random.Random, hiring: bool) -> dict[str, int | str]:
    answers: dict[str, int | str] = {
        "seekers_motivated": rng.choices((1, 2, 3, 4), weights=(3, 12, 50, 35))[0],
        "view_changed": rng.choices((1, 2, 3, 4), weights=(8, 25, 45, 22))[0],
        "would_hire": rng.choices(("yes", "maybe", "no"), weights=(40, 40, 20) if hiring else (10, 40, 50))[0],
        "again": rng.choices(("yes", "maybe", "no"), weights=(65, 28, 7))[0],
    }
    if rng.random() < 0.3:
        answers["company_comment"] = rng.choice(_COMPANY_COMMENTS)
    return answers


# --- six-month outcomes ----------------------------------------------------------------------

_SOLUTIONS = (
    (Outcome.CDI, 6),
    (Outcome.CDD_LONG, 6),
    (Outcome.CDD_SHORT, 7),
    (Outcome.INTERIM, 6),
    (Outcome.WORK_STUDY, 2),
    (Outcome.TRAINING, 6),
    (Outcome.INSERTION, 4),
    (Outcome.BUSINESS, 1),
)
LOST_SHARE = 0.1
_OUTCOME_COMMENTS = {
    Outcome.LOST: "Ne répond plus au téléphone ni aux courriels.",
    Outcome.CDI: "Recrutement dans une entreprise visitée pendant le rallye.",
    Outcome.TRAINING: "Entrée en formation après la découverte du métier pendant le rallye.",
}


def _follow_ups(rally: Rally, key: str, solution_share: float, last_day: dt.date, staff: User) -> None:
    """Every present participant's outcome: ``solution_share`` of them with a professional
    solution, about one in ten lost to follow-up, the others without a solution."""
    rng = random.Random(f"{key}/follow-up")
    people = list(rally.participants.filter(present=True))
    solutions = round(solution_share * len(people))
    lost = round(LOST_SHARE * len(people))
    kinds, weights = zip(*_SOLUTIONS, strict=True)
    outcomes: list[Outcome] = [
        *rng.choices(kinds, weights=weights, k=solutions),
        *[Outcome.LOST] * lost,
        *[Outcome.NO_SOLUTION] * (len(people) - solutions - lost),
    ]
    rng.shuffle(outcomes)
    due = follow_up_due(last_day)
    FollowUp.objects.bulk_create(
        FollowUp(
            participant=person,
            outcome=outcome,
            recorded_on=due + dt.timedelta(days=rng.randint(0, 21)),
            recorded_by=staff,
            comment=_OUTCOME_COMMENTS.get(outcome, "") if rng.random() < 0.5 else "",
        )
        for person, outcome in zip(people, outcomes, strict=True)
    )


# --- fidelity scores -------------------------------------------------------------------------


def _scores(rally: Rally, spec: SeasonRally, evaluator: User, at: dt.datetime) -> None:
    """The evaluator's grid: the prefill confirmed, changed where ``score_changes`` says."""
    changes = {code: (score, comment) for code, score, comment in spec.score_changes}
    FidelityScore.objects.bulk_create(
        FidelityScore(
            rally=rally,
            principle=line.principle.code,
            score=changes[line.principle.code][0] if line.principle.code in changes else line.score,
            comment=changes[line.principle.code][1] if line.principle.code in changes else "",
            assessed_by=evaluator,
        )
        for line in fidelity_grid(rally, SEASON_DAY)
    )
    FidelityScore.objects.filter(rally=rally).update(assessed_at=at)
