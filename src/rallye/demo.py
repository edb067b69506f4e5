"""Demo data: one federation, two member structures, their coordinators and a federation
administrator. Loading is idempotent: running it twice changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from rallye.organisations.models import Federation, Membership, Role, Structure, StructureKind, User

DEMO_PASSWORD = "rallye-demo"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str


FEDERATION = "Fédération des CREPI (démo)"
STRUCTURES = (
    ("MIFE de Haute-Savoie", StructureKind.MIFE, "Annecy et bassin annécien", "coordination@mife74.demo"),
    ("Réseau Territoires d'insertion Isère", StructureKind.SIAE_NETWORK, "Pays voironnais", "coordination@ti38.demo"),
)
FEDERATION_ADMIN = "federation@crepi.demo"


@transaction.atomic
def load_demo() -> list[DemoLogin]:
    federation, _ = Federation.objects.get_or_create(name=FEDERATION)
    logins = [DemoLogin(FEDERATION_ADMIN, Role.FEDERATION_ADMIN.label)]
    admin = _user(FEDERATION_ADMIN, "Fédération", "Démo", staff=True)
    Membership.objects.get_or_create(user=admin, federation=federation, structure=None, role=Role.FEDERATION_ADMIN)
    for name, kind, territory, email in STRUCTURES:
        structure, _ = Structure.objects.get_or_create(
            federation=federation, name=name, defaults={"kind": kind, "territory": territory}
        )
        coordinator = _user(email, "Coordination", name)
        Membership.objects.get_or_create(
            user=coordinator, federation=federation, structure=structure, defaults={"role": Role.COORDINATOR}
        )
        logins.append(DemoLogin(email, f"{Role.COORDINATOR.label} — {name}"))
    return logins


def _user(email: str, first_name: str, last_name: str, *, staff: bool = False) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, first_name=first_name, last_name=last_name)
    if staff and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return user
