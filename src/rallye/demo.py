"""Demo data: one federation, two member structures, their coordinators, a federation
administrator and an evaluator; per structure, the project's example rally (2027), already
planned, and a past season of finished rallies with their evaluation (``rallye.demo_season``).
Loading is idempotent: running it twice changes nothing."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from rallye.challenges.models import BonusPoints, ChallengeRating, Prize, ResultSource, VisitResult
from rallye.challenges.services import load_starter, visit_rows
from rallye.companies.models import Channel, ContactLog, DirectoryCompany, Mobilisation, Status
from rallye.demo_season import ANNECY_SEASON, DEMO_DATA, VOIRON_SEASON, load_season, save_planned_rally
from rallye.formats.rally_input import parse_rally_json
from rallye.organisations.models import Federation, Membership, Role, Structure, StructureKind, User

DEMO_PASSWORD = "rallye-demo"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str


FEDERATION = "Fédération des CREPI (démo)"
STRUCTURES = (
    (
        "MIFE de Haute-Savoie",
        StructureKind.MIFE,
        "Annecy et bassin annécien",
        "coordination@mife74.demo",
        "annecy-2027",
        ANNECY_SEASON,
    ),
    (
        "Réseau Territoires d'insertion Isère",
        StructureKind.SIAE_NETWORK,
        "Pays voironnais",
        "coordination@ti38.demo",
        "voiron-2027",
        VOIRON_SEASON,
    ),
)
FEDERATION_ADMIN = "federation@crepi.demo"
EVALUATOR = "evaluation@ansa.demo"


@transaction.atomic
def load_demo() -> list[DemoLogin]:
    federation, _ = Federation.objects.get_or_create(name=FEDERATION)
    load_starter(federation)
    logins = [DemoLogin(FEDERATION_ADMIN, Role.FEDERATION_ADMIN.label)]
    admin = _user(FEDERATION_ADMIN, "Fédération", "Démo", staff=True)
    Membership.objects.get_or_create(user=admin, federation=federation, structure=None, role=Role.FEDERATION_ADMIN)
    evaluator = _user(EVALUATOR, "Évaluation", "Ansa")
    Membership.objects.get_or_create(user=evaluator, federation=federation, structure=None, role=Role.EVALUATOR)
    for name, kind, territory, email, example, season in STRUCTURES:
        structure, _ = Structure.objects.get_or_create(
            federation=federation, name=name, defaults={"kind": kind, "territory": territory}
        )
        coordinator = _user(email, "Coordination", name)
        Membership.objects.get_or_create(
            user=coordinator, federation=federation, structure=structure, defaults={"role": Role.COORDINATOR}
        )
        logins.append(DemoLogin(email, f"{Role.COORDINATOR.label} — {name}"))
        if not structure.rallies.exists():
            _example_rally(structure, example)
            _directory(structure, coordinator)
        load_season(structure, season, staff=coordinator, evaluator=evaluator)
    _played_challenges(federation)
    logins.append(DemoLogin(EVALUATOR, f"{Role.EVALUATOR.label} — Ansa"))
    return logins


DEMO_PRIZES = (
    ("Un panier de produits locaux", "Fromagerie des Aravis"),
    ("Des places de cinéma", "Cinéma Le Lac"),
    ("Un bon d'achat de 30 €", "Sport 2000"),
)


def _played_challenges(federation: Federation) -> None:
    """The past season's rallies played their challenges: a result at every visit, points in
    plus for a team, prizes and their donors, and each structure's ratings of the network's
    challenges it used (so that the repertoire shows « utilisé dans … rallyes, …/5 »). Every
    figure is derived from the rally's own codes: the demo is the same each time. Written as
    data (no user did it): the rallies' history stays empty."""
    for structure in Structure.objects.filter(federation=federation):
        rated: set[int] = set()
        for rally in structure.rallies.order_by("pk"):
            rows = visit_rows(rally)
            last = rally.sessions.order_by("-date").values_list("date", flat=True).first()
            if last is None or last >= dt.date(2027, 1, 1) or VisitResult.objects.filter(rally=rally).exists():
                continue  # an upcoming rally (challenges chosen, nothing played yet), or done already
            teams = sorted({team for team, _ in rows if team})
            for (team, company), row in sorted(rows.items()):
                if team and row.max_points:
                    score = max(0, row.max_points - (sum(map(ord, team + company)) % 5))
                    VisitResult.objects.create(
                        rally=rally,
                        team_code=team,
                        company_code=company,
                        score=score,
                        recorded_at=timezone.make_aware(dt.datetime.combine(last, dt.time(12))),
                        source=ResultSource.ACCOMPANIER,
                    )
                used = row.network
                if used is not None and len(rated) < 8 and used.pk not in rated:
                    rated.add(used.pk)
                    stars = 4 + (used.pk % 2)
                    ChallengeRating.objects.get_or_create(
                        structure=structure, challenge=used, defaults={"stars": stars}
                    )
            if teams:
                BonusPoints.objects.create(rally=rally, team_code=teams[-1], points=3, reason="Esprit d'équipe")
            for index, (name, donor) in enumerate(DEMO_PRIZES):
                Prize.objects.create(
                    rally=rally, name=name, donor=donor, team_code=teams[index] if index < len(teams) else ""
                )


def _example_rally(structure: Structure, example: str) -> None:
    """The example rally ``example`` (``examples/<example>/``, installed as package data) with
    its plan as the current version."""
    rally_file, plan_file = DEMO_DATA.joinpath(f"{example}.rally.json"), DEMO_DATA.joinpath(f"{example}.plan.json")
    rally = parse_rally_json(rally_file.read_text(encoding="utf-8"), rally_file.name)
    save_planned_rally(structure, rally, json.loads(plan_file.read_text(encoding="utf-8")))


def _directory(structure: Structure, coordinator: User) -> None:
    """The structure's company directory, made of its upcoming rally's companies, each confirmed
    for that rally after a phone call (the mobilisation log)."""
    rally = structure.rallies.get()
    first_day = rally.sessions.order_by("date").values_list("date", flat=True).first()
    called = (first_day or dt.date.today()) - dt.timedelta(days=60)
    for company in rally.companies.all():
        entry = DirectoryCompany.objects.create(
            structure=structure,
            name=company.name,
            siret=company.siret,
            sector=company.sector,
            address=company.address,
            lat=company.lat,
            lon=company.lon,
            hiring=company.hiring,
        )
        if company.contact_name:
            entry.contacts.create(name=company.contact_name, phone=company.contact_phone, email=company.contact_email)
        company.directory = entry
        company.save(update_fields=["directory"])
        mobilisation = Mobilisation.objects.create(rally=rally, company=entry, status=Status.CONFIRMED)
        ContactLog.objects.create(
            mobilisation=mobilisation,
            date=called,
            channel=Channel.PHONE,
            who=company.contact_name or company.name,
            note="Visite présentée, accord pour recevoir les équipes.",
            author=coordinator,
            author_name=coordinator.get_full_name() or coordinator.email,
        )


def _user(email: str, first_name: str, last_name: str, *, staff: bool = False) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, first_name=first_name, last_name=last_name)
    if staff and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return user
