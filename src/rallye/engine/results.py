"""What the engine returns: a result with its plan and stage reports, or a typed failure.

Failures carry facts, not advice: the command line and the web application each say in their
own terms what to do next (``rallye.wording``). A :class:`Reason` names, by code, the rules of
the one vocabulary shared by the checker and the planner (the spec's H1-H7 in
``rallye.domain.compliance``, the charter's F1-R3 in ``rallye.domain.charter``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rallye.domain.changes import PlanChanges
from rallye.domain.metrics import PlanMetrics
from rallye.domain.plan import Plan, PlanStatus


@dataclass(frozen=True)
class StageReport:
    name: str
    status: str
    objective: int
    bound: int
    seconds: float
    terms: dict[str, int] = field(default_factory=dict)

    @property
    def optimal(self) -> bool:
        return self.status == "OPTIMAL"

    def as_dict(self) -> dict[str, Any]:
        return {
            "stage": self.name,
            "status": self.status.lower(),
            "objective": self.objective,
            "bound": self.bound,
            "seconds": round(self.seconds, 2),
            **({"terms": self.terms} if self.terms else {}),
        }


@dataclass(frozen=True)
class SolveResult:
    plan: Plan
    metrics: PlanMetrics
    stages: tuple[StageReport, ...] = field(default=())
    changes: PlanChanges | None = None
    """What changed from the previous plan, after a re-planning."""

    @property
    def optimal(self) -> bool:
        return self.plan.status is PlanStatus.OPTIMAL


@dataclass(frozen=True)
class Reason:
    """One reason why no plan exists, in an organiser's words, with the codes of the rules in
    conflict (``("K4", "E1")``; empty when the data alone are at fault)."""

    text: str
    rules: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.text


class PlanningFailure(Exception):
    """The engine could not give a plan; subclasses say why."""


class NoPlanFound(PlanningFailure):
    """No plan keeps every hard rule (``proven``), or none was found within ``time_limit``.

    Without proof and without reasons, the search simply ran out of time: the caller says
    how to give it more."""

    def __init__(self, reasons: Iterable[Reason], *, proven: bool, time_limit: float | None = None) -> None:
        self.reasons = tuple(reasons)
        self.proven = proven
        self.time_limit = time_limit
        super().__init__("\n".join(self.sentences) or "no plan found within the time limit")

    @property
    def sentences(self) -> list[str]:
        return [reason.text for reason in self.reasons]

    @property
    def out_of_time(self) -> bool:
        """The search stopped before finding a plan or proving that none exists."""
        return not self.proven and not self.reasons

    def adding(self, *reasons: Reason) -> NoPlanFound:
        """The same failure with more reasons."""
        return NoPlanFound((*self.reasons, *reasons), proven=self.proven, time_limit=self.time_limit)


class UnknownIds(PlanningFailure):
    """A re-planning names people or companies that are not in the rally, or the previous plan
    does not belong to it. Each entry is (id, what it should have been)."""

    def __init__(
        self,
        *,
        absent: Iterable[str] = (),
        cancelled: Iterable[str] = (),
        plan: Iterable[str] = (),
    ) -> None:
        self.absent = tuple(absent)
        self.cancelled = tuple(cancelled)
        self.plan = tuple(plan)
        """Sentences saying what in the previous plan does not match the rally."""
        super().__init__(", ".join((*self.absent, *self.cancelled, *self.plan)))
