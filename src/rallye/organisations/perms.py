"""Who may do what: small rules, one per action, on top of the scoping of ``scoping.py``."""

from __future__ import annotations

from typing import Any

from rallye.organisations.models import Role, Structure
from rallye.organisations.scoping import role_in

EDITORS = {Role.FEDERATION_ADMIN, Role.COORDINATOR, Role.MEMBER}


def can_view(user: Any, structure: Structure) -> bool:
    return role_in(user, structure) is not None


def can_edit(user: Any, structure: Structure) -> bool:
    """Create and change rallies and their data (read-only users cannot)."""
    return role_in(user, structure) in EDITORS


def is_federation_admin(user: Any) -> bool:
    from rallye.organisations.models import Membership

    return (
        bool(getattr(user, "is_active", False))
        and Membership.objects.filter(user=user, role=Role.FEDERATION_ADMIN).exists()
    )
