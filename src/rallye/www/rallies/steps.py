"""The guided path of a rally, on its overview: each step of the work (programme, companies,
participants, vehicles, planning, documents and convocations, the day itself, evaluation), what
it has and what it lacks, and the button for the next thing to do."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Min, Q
from django.urls import reverse
from django.utils import timezone

from rallye.domain import french
from rallye.evaluation.models import Questionnaire
from rallye.formats.problems import Problem
from rallye.messaging.models import Message
from rallye.plans.reading import planned_rally
from rallye.preparation import services as preparation
from rallye.rallies.models import Rally
from rallye.retroplanning.schedule import coming, late
from rallye.retroplanning.tips import Triggered


@dataclass(frozen=True)
class Step:
    title: str
    url: str
    done: bool
    has: str
    """What the step holds, in words (« 15 entreprises de 9 secteurs »)."""
    lacks: str = ""
    """What is still missing (« » when nothing)."""
    action: str = ""
    """The label of the button that does the step's next thing."""


@dataclass(frozen=True)
class Counts:
    sessions: int
    companies: int
    sectors: int
    to_locate: int
    people: int
    agreed: int
    vehicles: int


def counts(rally: Rally) -> Counts:
    """What the rally holds, in one query per kind of data."""
    companies = rally.companies.order_by().aggregate(
        all=Count("pk"), sectors=Count("sector", distinct=True), to_locate=Count("pk", filter=Q(lat__isnull=True))
    )
    people = rally.participants.order_by().aggregate(all=Count("pk"), agreed=Count("pk", filter=Q(contact_agreed=True)))
    return Counts(
        sessions=rally.sessions.count(),
        companies=companies["all"],
        sectors=companies["sectors"],
        to_locate=companies["to_locate"],
        people=people["all"],
        agreed=people["agreed"],
        vehicles=rally.vehicles.count(),
    )


def empty_rally_problems(held: Counts) -> list[Problem]:
    """What a rally without data lacks before it can be planned (the file validator accepts an
    empty list, an organiser does not)."""
    missing = []
    for label, count in (
        ("Programme", held.sessions),
        ("Entreprises", held.companies),
        ("Participants", held.people),
        ("Véhicules", held.vehicles),
    ):
        if not count:
            missing.append(Problem(label, "rien n'est saisi pour l'instant"))
    return missing


def steps(rally: Rally, held_data: Counts, problems: list[Problem], today: dt.date | None = None) -> list[Step]:
    today = today or timezone.localdate()
    days = rally.sessions.aggregate(first=Min("date"), last=Max("date"))
    first, last = days["first"], days["last"]
    sessions, companies, sectors = held_data.sessions, held_data.companies, held_data.sectors
    to_locate, people, agreed, vehicles = held_data.to_locate, held_data.people, held_data.agreed, held_data.vehicles
    planned = planned_rally(rally).plan is not None
    convocations = Message.objects.filter(rally=rally, purpose="convocation").count()
    answered = Questionnaire.objects.filter(rally=rally, answers__isnull=False).count()
    held = last is not None and last < today
    pk = rally.pk
    found = [
        Step(
            "Programme",
            reverse("rallies:programme", args=[pk]),
            sessions > 0,
            french.count(sessions, "séance") + (f", {french.period(first, last)}" if first and last else ""),
            "" if sessions else "les journées et leurs séances de visites",
            "Saisir le programme",
        ),
        Step(
            "Entreprises",
            reverse("rallies:companies", args=[pk]),
            companies > 0 and not to_locate,
            f"{french.count(companies, 'entreprise')} de {french.count(sectors, 'secteur')}",
            (f"{french.count(to_locate, 'adresse')} à localiser" if to_locate else "")
            or ("" if companies else "les entreprises qui accueillent les visites"),
            "Ajouter des entreprises",
        ),
        Step(
            "Participants",
            reverse("rallies:participants", args=[pk]),
            people > 0,
            f"{french.count(people, 'participant')}, dont {agreed} d'accord pour recevoir des messages",
            "" if people else "les personnes inscrites",
            "Ajouter des participants",
        ),
        Step(
            "Véhicules",
            reverse("rallies:vehicles", args=[pk]),
            vehicles > 0,
            french.count(vehicles, "véhicule"),
            "" if vehicles else "un véhicule et son accompagnateur par équipe",
            "Ajouter des véhicules",
        ),
        Step(
            "Planning",
            reverse("plans:planning", args=[pk]),
            planned,
            "planning calculé" if planned else "pas encore de planning",
            f"{french.count(len(problems), 'point')} à corriger avant de calculer" if problems else "",
            "Calculer le planning",
        ),
        Step(
            "Documents et convocations",
            reverse("messaging:convocations", args=[pk]) if planned else reverse("documents:documents", args=[pk]),
            planned and convocations > 0,
            f"{french.count(convocations, 'convocation envoyée', 'convocations envoyées')}"
            if convocations
            else ("documents prêts à imprimer" if planned else "les documents viennent du planning"),
            "" if convocations or not planned else "les convocations à envoyer ou à remettre",
            "Envoyer les convocations",
        ),
        Step(
            "Le jour J",
            reverse("plans:planning", args=[pk]),
            held,
            "rallye passé" if held else (f"à partir du {french.date(first)}" if first else "dates à fixer"),
            "",
            "Refaire le planning avec les absents",
        ),
        Step(
            "Évaluation",
            reverse("evaluation:rally", args=[pk]),
            held and answered > 0,
            french.count(answered, "questionnaire rempli", "questionnaires remplis"),
            "" if answered else "les questionnaires avant et après, le suivi à 6 mois",
            "Suivre l'évaluation",
        ),
    ]
    return found


def next_step(found: list[Step]) -> Step | None:
    """The first step not done: where the organiser goes next."""
    return next((step for step in found if not step.done), None)


@dataclass(frozen=True)
class PreparationSummary:
    """The retro-planning on the overview: what is late, what comes next, the tips."""

    prepared: bool
    late: list[Any]
    coming: list[Any]
    tips: list[Triggered]
    done: int
    total: int


def preparation_summary(rally: Rally, today: dt.date | None = None) -> PreparationSummary:
    today = today or timezone.localdate()
    prepared = preparation.preparation_of(rally) is not None
    rows = preparation.tasks_of(rally) if prepared else []
    by_id = {row.pk: row for row in rows}
    tasks = [preparation.as_task(row) for row in rows]
    return PreparationSummary(
        prepared=prepared,
        late=[by_id[t.id] for t in late(tasks, today) if t.id is not None],
        coming=[by_id[t.id] for t in coming(tasks, today, 3) if t.id is not None],
        tips=preparation.rally_tips(rally, rows),
        done=sum(1 for row in rows if row.done),
        total=len(rows),
    )
