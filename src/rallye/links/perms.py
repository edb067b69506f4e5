"""Who may do what with private links (on top of the structure scoping of the model)."""

from __future__ import annotations

from typing import Any

from rallye.organisations.models import Structure
from rallye.organisations.perms import can_edit


def can_hand_out(user: Any, structure: Structure) -> bool:
    """See a link and its QR code: whoever holds a link may use it, so only the staff who
    prepare the rally get one (not read-only members)."""
    return can_edit(user, structure)


def can_revoke(user: Any, structure: Structure) -> bool:
    """Deactivate a link: the same staff, who hand links out."""
    return can_edit(user, structure)
