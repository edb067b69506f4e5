"""Rally dates for the evaluation: which rallies have taken place (the reports and the
dashboard count those only), which are to come, each structure's first rally, all from the dates
of the rally's sessions.

A rally has taken place once its last day is over, the rule of
``rallye.evaluation.records.rally_records(..., held_only=True)``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, Min, QuerySet

from rallye.domain import french
from rallye.rallies.models import Rally

FIRST_DAY = Min("sessions__date")
LAST_DAY = Max("sessions__date")
"""A rally's first and last days, to annotate rallies with (``None`` without a session)."""


def held(rallies: QuerySet[Rally], today: dt.date) -> QuerySet[Rally]:
    """The rallies whose last day is before ``today``."""
    return rallies.filter(pk__in=Rally.objects.annotate(last_day=LAST_DAY).filter(last_day__lt=today).values("pk"))


def to_come(rallies: QuerySet[Rally], today: dt.date) -> QuerySet[Rally]:
    """The dated rallies that have not taken place yet (their last day is ``today`` or later)."""
    return rallies.filter(pk__in=Rally.objects.annotate(last_day=LAST_DAY).filter(last_day__gte=today).values("pk"))


def period_fr(first_day: dt.date | None, last_day: dt.date | None) -> str:
    """« du 17 au 20 mars 2026 », « le 4 juin 2026 »; « » for a rally without dates."""
    if first_day is None or last_day is None:
        return ""
    return french.period(first_day, last_day)


@dataclass(frozen=True)
class DatedRally:
    pk: int
    name: str
    first_day: dt.date
    last_day: dt.date

    def taken_place(self, today: dt.date) -> bool:
        return self.last_day < today

    @property
    def period(self) -> str:
        return french.period(self.first_day, self.last_day)


def first_rallies(rallies: QuerySet[Rally]) -> dict[int, DatedRally]:
    """Structure id → its first rally among ``rallies``: the earliest first day, then the lowest
    id, as ``rallye.evaluation.records.is_first_of_structure`` decides (rallies without dates
    are left out)."""
    dated = (
        rallies.annotate(first_day=FIRST_DAY, last_day=LAST_DAY)
        .exclude(first_day=None)
        .order_by("first_day", "pk")
        .values_list("structure_id", "pk", "name", "first_day", "last_day")
    )
    firsts: dict[int, DatedRally] = {}
    for structure_id, pk, name, first_day, last_day in dated:
        firsts.setdefault(structure_id, DatedRally(pk, name, first_day, last_day))
    return firsts


def rally_years(rallies: QuerySet[Rally]) -> list[int]:
    """The years in which these rallies start, newest first."""
    days = rallies.order_by().annotate(first_day=FIRST_DAY).values_list("first_day", flat=True)
    return sorted({day.year for day in days if day is not None}, reverse=True)


def rallies_of_year(rallies: QuerySet[Rally], year: int | None) -> QuerySet[Rally]:
    """The rallies that start in ``year`` (every rally for ``None``): a rally belongs to the year
    of its first day."""
    if year is None:
        return rallies
    return rallies.filter(pk__in=Rally.objects.annotate(first_day=FIRST_DAY).filter(first_day__year=year).values("pk"))
