"""Demo data: one federation, two member structures, their coordinators and a federation
administrator, and one rally per structure (the project's examples), already planned.
Loading is idempotent: running it twice changes nothing."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from rallye.formats.load import load_rally
from rallye.organisations.models import Federation, Membership, Role, Structure, StructureKind, User
from rallye.plans.models import PlanState, PlanVersion
from rallye.rallies.conversion import save_domain_rally
from rallye.rallies.models import Rally

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
    ),
    (
        "Réseau Territoires d'insertion Isère",
        StructureKind.SIAE_NETWORK,
        "Pays voironnais",
        "coordination@ti38.demo",
        "voiron-2027",
    ),
)
EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"
"""The examples of the source tree (the demo runs from a checkout, as the README says)."""
FEDERATION_ADMIN = "federation@crepi.demo"


@transaction.atomic
def load_demo() -> list[DemoLogin]:
    federation, _ = Federation.objects.get_or_create(name=FEDERATION)
    logins = [DemoLogin(FEDERATION_ADMIN, Role.FEDERATION_ADMIN.label)]
    admin = _user(FEDERATION_ADMIN, "Fédération", "Démo", staff=True)
    Membership.objects.get_or_create(user=admin, federation=federation, structure=None, role=Role.FEDERATION_ADMIN)
    for name, kind, territory, email, example in STRUCTURES:
        structure, _ = Structure.objects.get_or_create(
            federation=federation, name=name, defaults={"kind": kind, "territory": territory}
        )
        coordinator = _user(email, "Coordination", name)
        Membership.objects.get_or_create(
            user=coordinator, federation=federation, structure=structure, defaults={"role": Role.COORDINATOR}
        )
        logins.append(DemoLogin(email, f"{Role.COORDINATOR.label} — {name}"))
        if not Rally.objects.filter(structure=structure).exists():
            _planned_rally(structure, EXAMPLES / example)
    return logins


def _planned_rally(structure: Structure, folder: Path) -> None:
    """The example rally of ``folder`` with its plan as the current version."""
    rally = save_domain_rally(structure, load_rally(folder / "rally.json"))
    content = json.loads((folder / "plan.json").read_text(encoding="utf-8"))
    PlanVersion.objects.create(
        rally=rally,
        number=1,
        state=PlanState.SUCCEEDED,
        is_current=True,
        content=content,
        time_limit=float(content.get("solver", {}).get("seconds", 0) or 0),
        finished_at=timezone.now(),
    )


def _user(email: str, first_name: str, last_name: str, *, staff: bool = False) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, first_name=first_name, last_name=last_name)
    if staff and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return user
