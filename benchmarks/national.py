"""A national-size database for the speed benchmarks: one federation of ``--structures``
structures (100), ``--rallies`` rallies (1,000) spread over 2025-2027, about 24 participants
each (about 24,000 people), each with its plan, and for the rallies that have taken place their
funders, reports, questionnaires, six-month outcomes and, for most, a confirmed fidelity grid.

Nothing is solved: each rally is a copy of one of the demo season's planned rallies
(``examples/demo-season.json``, through :func:`rallye.demo_season.stored_season`), moved to its
own dates and renamed; its evaluation data is drawn by the demo season's own helpers, seeded by
the rally's key. Dates are counted from the day the database describes (``today``, the real
day by default): the same arguments and day give the same database, and databases built on two
days differ only by that shift. Each structure's first rally took place nearly two years
before (followed up, its grid confirmed by the evaluator); its second one about seven months
before, its six-month follow-up due and not recorded yet (« suivis à faire »); the others are
spread from two years before to seven months after.

Sign-in (password :data:`BENCH_PASSWORD` for every account): the federation administrator
:data:`FEDERATION_ADMIN`, the evaluator :data:`EVALUATOR` and one coordinator per structure,
:func:`coordinator_email` (``coordination-001@national.bench``…).

    uv run python -m benchmarks.national --out var/national.sqlite3 [--structures 100] [--rallies 1000]
    DATABASE_URL=postgres://… uv run python -m benchmarks.national

``--out`` replaces the SQLite file; without it, the builder fills the database of
``DATABASE_URL`` (migrated first), which must not hold this federation yet.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rallye.domain import rally as domain
    from rallye.organisations.models import Structure, User

FEDERATION = "Fédération des CREPI (national)"
FEDERATION_ADMIN = "federation@national.bench"
EVALUATOR = "evaluation@national.bench"
BENCH_PASSWORD = "rallye-bench"
RECORDED_AFTER = dt.timedelta(days=60)
"""Follow-ups are recorded when they were due this long before ``today``; later ones are to do."""
KINDS = ("mife", "siae_network", "crepi", "other")
TERRITORIES = (
    "Ain",
    "Allier",
    "Ardèche",
    "Bas-Rhin",
    "Bouches-du-Rhône",
    "Calvados",
    "Côte-d'Or",
    "Drôme",
    "Finistère",
    "Gironde",
    "Haute-Garonne",
    "Haute-Savoie",
    "Hérault",
    "Ille-et-Vilaine",
    "Isère",
    "Loire",
    "Loire-Atlantique",
    "Maine-et-Loire",
    "Marne",
    "Moselle",
    "Nord",
    "Paris",
    "Puy-de-Dôme",
    "Rhône",
    "Savoie",
    "Seine-Maritime",
    "Somme",
    "Var",
    "Vaucluse",
    "Vienne",
)
FUNDERS = (
    ("Département", "departement"),
    ("Région", "region"),
    ("France Travail", "france_travail"),
    ("Fondation locale", "foundation"),
    ("Entreprise partenaire", "company"),
)


def coordinator_email(number: int) -> str:
    """The coordinator of the ``number``-th structure (from 1)."""
    return f"coordination-{number:03d}@national.bench"


@dataclass(frozen=True)
class Built:
    structures: int
    rallies: int
    participants: int
    held: int
    seconds: float


def build_national(structures: int = 100, rallies: int = 1000, seed: int = 0, today: dt.date | None = None) -> Built:
    """Fill the configured database (migrated) with the national federation, as seen on ``today``."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from rallye.demo_season import stored_season
    from rallye.evaluation.models import Funder
    from rallye.organisations.models import Federation, Membership, Role, Structure, User
    from rallye.rallies.models import Participant

    today = today or timezone.localdate()
    started = time.perf_counter()
    rng = random.Random(f"national/{seed}")
    templates = sorted(stored_season().items())
    password = make_password(BENCH_PASSWORD)
    with transaction.atomic():
        if Federation.objects.filter(name=FEDERATION).exists():
            raise SystemExit(f"« {FEDERATION} » est déjà dans cette base : partez d'une base vide.")
        federation = Federation.objects.create(name=FEDERATION)
        admin = User.objects.create(email=FEDERATION_ADMIN, password=password)
        evaluator = User.objects.create(email=EVALUATOR, password=password)
        Membership.objects.create(user=admin, federation=federation, role=Role.FEDERATION_ADMIN)
        Membership.objects.create(user=evaluator, federation=federation, role=Role.EVALUATOR)
        members: list[tuple[Structure, User, dict[str, Funder]]] = []
        for number in range(1, structures + 1):
            territory = TERRITORIES[(number - 1) % len(TERRITORIES)]
            structure = Structure.objects.create(
                federation=federation,
                name=f"Structure {number:03d} — {territory}",
                kind=KINDS[number % len(KINDS)],
                territory=territory,
            )
            email = coordinator_email(number)
            coordinator = User.objects.create(
                email=email, password=password, first_name="Coordination", last_name=structure.name
            )
            Membership.objects.create(
                user=coordinator, federation=federation, structure=structure, role=Role.COORDINATOR
            )
            funders = {
                label: Funder.objects.create(structure=structure, name=f"{label} ({territory})", kind=kind)
                for label, kind in FUNDERS
            }
            members.append((structure, coordinator, funders))
        held = 0
        for index in range(rallies):
            structure, coordinator, funders = members[index % structures]
            key, (data, plan) = templates[rng.randrange(len(templates))]
            if index < structures:
                days_before = rng.randint(400, 700)
            elif index < 2 * structures:
                days_before = rng.randint(200, 220)
            else:
                days_before = rng.randint(-210, 700)
            first_day = today - dt.timedelta(days=days_before)
            held += _rally(
                rng,
                index,
                structure,
                (coordinator, evaluator),
                funders,
                (key, data, plan),
                first_day,
                today,
                scored=index < structures,
            )
        participants = Participant.objects.filter(rally__structure__federation=federation).count()
    return Built(structures, rallies, participants, held, time.perf_counter() - started)


def _rally(
    rng: random.Random,
    index: int,
    structure: Structure,
    people: tuple[User, User],
    funders: dict[str, Any],
    template: tuple[str, domain.Rally, dict[str, Any]],
    first_day: dt.date,
    today: dt.date,
    *,
    scored: bool,
) -> bool:
    """One copy of the template ``data`` starting on ``first_day``; whether it has taken place."""
    from benchmarks.generator import Programme
    from rallye.demo_season import SeasonRally, _at, _follow_ups, _questionnaires, _scores, save_planned_rally
    from rallye.domain import french
    from rallye.domain.outcomes import follow_up_due
    from rallye.evaluation.models import Funding, RallyReporting
    from rallye.rallies.models import Rally

    coordinator, evaluator = people
    key, data, plan = template
    shift = first_day - min(s.date for s in data.schedule)
    month = f"{french.MONTHS[first_day.month - 1]} {first_day.year}"
    name = f"Rallye pour l'emploi — {structure.territory}, {month} (n° {index + 1})"
    moved = replace(
        data,
        name=name,
        schedule=tuple(replace(s, date=s.date + shift) for s in data.schedule),
        companies=tuple(
            replace(c, availability=tuple(replace(w, date=w.date + shift) for w in c.availability))
            for c in data.companies
        ),
    )
    rally = save_planned_rally(structure, moved, plan, _at(first_day - dt.timedelta(days=21), 10))
    Rally.objects.filter(pk=rally.pk).update(created_at=_at(first_day - dt.timedelta(days=75), 9, index % 60))
    last_day = max(s.date for s in moved.schedule)
    if last_day >= today:
        return False
    rally.participants.update(consent=True)
    rally.participants.filter(status="BRSA").update(rsa_beneficiary=True)
    chosen = rng.sample(sorted(funders), k=rng.randint(1, 3))
    Funding.objects.bulk_create(
        Funding(rally=rally, funder=funders[label], amount=Decimal(rng.randrange(10, 80) * 100)) for label in chosen
    )
    RallyReporting.objects.create(
        rally=rally,
        federation_report_on=last_day + dt.timedelta(days=rng.randint(20, 60)) if rng.random() < 0.8 else None,
        ansa_report_on=last_day + dt.timedelta(days=rng.randint(20, 60)) if rng.random() < 0.3 else None,
        network_meetings=rng.random() < 0.6,
    )
    spec = SeasonRally(
        key=f"national-{index}-{key}",
        name=name,
        first_day=first_day,
        participants=len(moved.participants),
        absent=sum(1 for p in moved.participants if not p.present),
        companies=len(moved.companies),
        vehicles=len(moved.vehicles),
        programme=Programme.DAY_AND_A_HALF,
        seed=index,
        fundings=(),
    )
    _questionnaires(rally, spec, plan, last_day, coordinator)
    if follow_up_due(last_day) <= today - RECORDED_AFTER:
        _follow_ups(rally, spec.key, rng.uniform(0.25, 0.45), last_day, coordinator)
    if scored or rng.random() < 0.7:
        _scores(rally, spec, evaluator, _at(last_day + dt.timedelta(days=60), 14))
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, help="SQLite file to write (replaced); default: DATABASE_URL")
    parser.add_argument("--structures", type=int, default=100)
    parser.add_argument("--rallies", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--today", type=dt.date.fromisoformat, help="the day the data describe (default: today)")
    args = parser.parse_args(argv)
    if args.structures < 1 or args.rallies < args.structures:
        parser.error("il faut au moins une structure et au moins un rallye par structure")
    if args.out is not None:
        out = args.out.resolve()
        out.parent.mkdir(parents=True, exist_ok=True)
        out.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{out}"
    from rallye.cli.web import prepare_database, setup_django

    setup_django()
    prepare_database()
    built = build_national(args.structures, args.rallies, args.seed, args.today)
    print(
        f"{built.structures} structures, {built.rallies} rallies ({built.held} held), "
        f"{built.participants} participants in {built.seconds:.0f} s. "
        f"Accounts: {FEDERATION_ADMIN}, {EVALUATOR}, {coordinator_email(1)}… password {BENCH_PASSWORD}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
