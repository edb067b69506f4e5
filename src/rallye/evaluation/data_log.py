"""The journal of personal data: one ``PersonalDataLog`` row per export, erasure or purge."""

from __future__ import annotations

from typing import Any

from rallye.evaluation.models import DataAction, PersonalDataLog
from rallye.organisations.models import Structure

DETAIL_MAX = 300
"""``PersonalDataLog.detail``'s length."""


def log_action(
    action: DataAction, *, user: Any = None, structure: Structure | None = None, people: int, detail: str
) -> PersonalDataLog:
    """Write one line of the journal (``detail`` never holds a name)."""
    if len(detail) > DETAIL_MAX:
        detail = detail[: DETAIL_MAX - 1] + "…"
    return PersonalDataLog.objects.create(
        action=action,
        user=user if getattr(user, "is_authenticated", False) else None,
        structure=structure,
        people=people,
        detail=detail,
    )
