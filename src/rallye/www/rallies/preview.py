"""What an import will do, shown before anything is saved.

For each kind of data: how many rows the file holds and, for an existing rally, how many it
holds now, which identifiers are new and which disappear (an import replaces everything).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rallye.domain import rally as domain
from rallye.rallies.models import Rally


@dataclass(frozen=True)
class Change:
    label: str
    incoming: int
    current: int | None = None
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


def _codes_change(label: str, incoming: Iterable[str], current: Iterable[str] | None) -> Change:
    new = list(incoming)
    if current is None:
        return Change(label, len(new))
    old = list(current)
    return Change(
        label,
        len(new),
        len(old),
        tuple(code for code in new if code not in old),
        tuple(code for code in old if code not in new),
    )


def import_changes(data: domain.Rally, rally: Rally | None) -> list[Change]:
    """One line per kind of data, in the order of the workbook's sheets."""

    def codes(related: str) -> list[str] | None:
        if rally is None:
            return None
        return list(getattr(rally, related).values_list("code", flat=True))

    return [
        Change("Sessions du programme", len(data.schedule), rally.sessions.count() if rally else None),
        _codes_change("Entreprises", (c.id for c in data.companies), codes("companies")),
        _codes_change("Participants", (p.id for p in data.participants), codes("participants")),
        _codes_change("Véhicules", (v.id for v in data.vehicles), codes("vehicles")),
        Change("Temps de trajet mesurés", len(data.travel_minutes), rally.travel_times.count() if rally else None),
    ]
