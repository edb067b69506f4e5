"""The one read path of a planned rally: the rally and its plan as the domain sees them.

Every page, document, report and export that needs a rally's domain data or its plan reads it
here, so the rally is converted and validated once per request (the result is kept on the
``Rally`` instance the view loaded) and nobody outside ``plans/`` reads ``PlanVersion.content``.

Absences. Who does not take part is recorded in two places, each with one meaning:

- ``Participant.present`` (the rally's data): registered, but known beforehand not to come;
  the planner leaves them out from the start.
- the current plan's ``absent`` (``Plan.absent``, in the version's content): ticked on the day
  when re-planning, and kept by every later re-plan, so the current plan holds them all.

``PlanVersion.absent`` is only the request of one re-plan (what was ticked that time): the
solver reads it (``plans.solving.run_plan``), nobody else. :attr:`PlannedRally.rally` applies
both (absent people are ``present=False``) together with the companies withdrawn on the day;
:attr:`PlannedRally.absent_on_the_day` is the only read of the codes ticked on the day, and
``rallye.evaluation.records.took_part`` the only list of who took part (present, not absent on the day).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

from rallye.domain.plan import Plan
from rallye.domain.rally import Rally as DomainRally
from rallye.formats.plan_json import plan_from_content
from rallye.formats.problems import InvalidInput, Problem
from rallye.plans.models import PlanVersion
from rallye.plans.versions import current_plan
from rallye.rallies.conversion import domain_rally
from rallye.rallies.models import Rally

_CACHE = "_rallye_planned"
"""Where :func:`planned_rally` keeps its answer on the instance (``conversion.forget`` drops it)."""


class PlannedRally:
    """A rally and one of its plan versions (the current one unless told), read lazily: what is
    not asked for is never computed, what is asked for is computed once."""

    def __init__(self, rally: Rally, version: PlanVersion | None) -> None:
        self.model = rally
        self.version = version

    @cached_property
    def plan(self) -> Plan | None:
        """The version's plan; ``None`` when it holds none (queued, failed) or cannot be read."""
        if self.version is None or self.version.content is None:
            return None
        try:
            return plan_from_content(self.version.content)
        except InvalidInput:
            return None

    @cached_property
    def _entered(self) -> DomainRally | InvalidInput:
        try:
            return domain_rally(self.model)
        except InvalidInput as invalid:
            return invalid

    @property
    def entered(self) -> DomainRally | None:
        """The rally as entered (forms, workbook), ``None`` while its data has problems."""
        return self._entered if isinstance(self._entered, DomainRally) else None

    @property
    def problems(self) -> list[Problem]:
        """What keeps the rally's data from being planned, in the words of the forms."""
        return self._entered.problems if isinstance(self._entered, InvalidInput) else []

    @cached_property
    def rally(self) -> DomainRally | None:
        """The rally as the plan sees it: the people absent on the day stay home and the
        companies withdrawn on the day are gone (the rally as entered when there is no plan)."""
        entered = self.entered
        if entered is None or self.plan is None:
            return entered
        return entered.with_changes(absent=self.absent_on_the_day, cancelled=self.cancelled)

    @property
    def absent_on_the_day(self) -> frozenset[str]:
        """Codes of the people ticked absent when re-planning (on the current plan)."""
        if self.plan is not None:
            return frozenset(self.plan.absent)
        # A plan that cannot be read still says who was absent: the evaluation keeps counting them out.
        content = self.version.content if self.version is not None else None
        codes = content.get("absent", []) if isinstance(content, dict) else []
        return frozenset(str(code) for code in codes) if isinstance(codes, list) else frozenset()

    @property
    def cancelled(self) -> frozenset[str]:
        """Codes of the companies withdrawn on the day."""
        return frozenset(self.version.cancelled) if self.version is not None and self.plan is not None else frozenset()


def planned_rally(rally: Rally) -> PlannedRally:
    """The rally and its current plan, read once for the ``Rally`` instance (so once per request:
    each request loads its own instance)."""
    found = rally.__dict__.get(_CACHE)
    if not isinstance(found, PlannedRally):
        found = PlannedRally(rally, current_plan(rally))
        rally.__dict__[_CACHE] = found
    return found


def planned_rallies(rallies: Iterable[Rally]) -> dict[int, PlannedRally]:
    """:func:`planned_rally` of many rallies, their current versions read in one query (pages and
    reports over a season); each answer is kept on its instance as :func:`planned_rally` does."""
    models = list(rallies)
    versions = {
        version.rally_id: version
        for version in PlanVersion.objects.filter(rally__in=[r.pk for r in models], is_current=True).order_by("number")
    }
    found = {}
    for rally in models:
        planned = rally.__dict__.get(_CACHE)
        if not isinstance(planned, PlannedRally):
            planned = rally.__dict__[_CACHE] = PlannedRally(rally, versions.get(rally.pk))
        found[rally.pk] = planned
    return found


def absent_on_the_day(rally: Rally) -> frozenset[str]:
    """Codes of the people the current plan records as absent on the day, read afresh (services
    that run outside a request, and may follow a re-plan, call this)."""
    return PlannedRally(rally, current_plan(rally)).absent_on_the_day


def planned_version(rally: Rally, version: PlanVersion) -> PlannedRally:
    """The rally and one given version of its plan (the version pages); the rally's conversion
    is shared with :func:`planned_rally`."""
    current = planned_rally(rally)
    return current if current.version is not None and current.version.pk == version.pk else PlannedRally(rally, version)
