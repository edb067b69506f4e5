"""The visits actually made, for the evaluation: read for many rallies in one query, and the
plan as made (``rallye.domain.made``) once a rally has check-ins. What the evaluation says is
then measured on what happened, and says so (:data:`MADE_NOTE`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rallye.domain.compliance import ComplianceReport, check_plan
from rallye.domain.made import MadeVisit, plan_as_made
from rallye.domain.plan import Plan, Visit
from rallye.field.models import VisitMade
from rallye.plans.reading import planned_rally
from rallye.rallies.models import Rally

MADE_NOTE = "d'après les visites pointées sur place"
"""What the evaluation adds to a figure measured on the visits actually made."""


def made_visits(rally_ids: Iterable[int]) -> dict[int, list[MadeVisit]]:
    """Rally id → the visits its teams checked in (an arrival entered), in one query."""
    found: dict[int, list[MadeVisit]] = {}
    rows = (
        VisitMade.objects.filter(rally_id__in=list(rally_ids), arrived_at__isnull=False)
        .values_list("rally_id", "vehicle__code", "company__code", "date", "planned_start", "planned_end")
        .order_by("date", "planned_start", "pk")
    )
    for rally_id, vehicle, company, day, start, end in rows:
        found.setdefault(rally_id, []).append(MadeVisit(vehicle, Visit(company, day, start, end)))
    return found


def as_made(plan: Plan | None, made: list[MadeVisit]) -> Plan | None:
    """The plan as made when visits were checked in, else the plan itself."""
    return plan_as_made(plan, made) if plan is not None and made else plan


@dataclass(frozen=True)
class MadeCompliance:
    visits: int
    report: ComplianceReport


def made_compliance(rally: Rally) -> MadeCompliance | None:
    """The charter's checks on the visits made so far; ``None`` before any check-in."""
    planned = planned_rally(rally)
    made = made_visits([rally.pk]).get(rally.pk, [])
    if planned.plan is None or planned.entered is None or not made:
        return None
    # Companies withdrawn on the day stay: a team may have visited one before it withdrew.
    data = planned.entered.with_changes(absent=planned.absent_on_the_day)
    return MadeCompliance(len(made), check_plan(data, plan_as_made(planned.plan, made)))
