"""Solving a rally in the background, keeping every plan as a version.

``request_plan`` records a queued version and enqueues the task with its primary key (never a
model object); ``run_plan`` does the work in the worker. The current plan changes only when a
solve succeeds, in one transaction: a failed, timed-out or killed solve never loses it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from rallye.engine.params import Progress, SolveParams
from rallye.formats.plan_json import plan_from_content, plan_to_content
from rallye.formats.problems import InvalidInput
from rallye.plans.models import PlanKind, PlanState, PlanVersion
from rallye.rallies.conversion import to_domain
from rallye.rallies.models import Rally

PROGRESS_EVERY_SECONDS = 1.0
T = TypeVar("T")


def current_plan(rally: Rally) -> PlanVersion | None:
    return PlanVersion.objects.filter(rally=rally, is_current=True).first()


@transaction.atomic
def request_plan(
    rally: Rally,
    user: Any,
    *,
    kind: PlanKind = PlanKind.PLAN,
    time_limit: float = 30.0,
    absent: list[str] | None = None,
    cancelled: list[str] | None = None,
    based_on: PlanVersion | None = None,
) -> PlanVersion:
    number = (PlanVersion.objects.filter(rally=rally).aggregate(n=Max("number"))["n"] or 0) + 1
    version = PlanVersion.objects.create(
        rally=rally,
        number=number,
        kind=kind,
        requested_by=user if getattr(user, "is_authenticated", False) else None,
        time_limit=time_limit,
        absent=sorted(absent or []),
        cancelled=sorted(cancelled or []),
        based_on=based_on,
    )
    from rallye.plans.tasks import solve_plan

    transaction.on_commit(lambda: solve_plan.enqueue(version.pk))
    return version


class _ProgressWatcher:
    """Runs a solve in a helper thread and, from the calling thread (which owns the database
    connection), saves the latest progress event on the version about once a second."""

    def __init__(self, version: PlanVersion) -> None:
        self.version = version
        self.latest: Progress | None = None
        self.saved: Progress | None = None
        self.lock = threading.Lock()

    def __call__(self, progress: Progress) -> None:  # called from the solver's threads
        with self.lock:
            self.latest = progress

    def run(self, solve: Callable[[], T]) -> T:
        outcome: dict[str, Any] = {}

        def work() -> None:
            try:
                outcome["result"] = solve()
            except BaseException as error:  # handed over to the calling thread
                outcome["error"] = error

        thread = threading.Thread(target=work, name=f"solve-plan-{self.version.pk}", daemon=True)
        thread.start()
        while thread.is_alive():
            thread.join(PROGRESS_EVERY_SECONDS)
            self.save()
        self.save()
        if "error" in outcome:
            raise outcome["error"]
        return cast(T, outcome["result"])

    def save(self) -> None:
        with self.lock:
            progress = self.latest
        if progress is None or progress is self.saved:
            return
        self.saved = progress
        data = {
            "stage": progress.stage,
            "elapsed": round(progress.elapsed, 1),
            "objective": progress.objective,
            "bound": progress.bound,
            "gap": round(progress.gap, 4),
            "terms": progress.terms,
        }
        PlanVersion.objects.filter(pk=self.version.pk).update(progress=data)


def run_plan(version_id: int) -> None:
    from rallye.engine.replan import replan
    from rallye.engine.solve import NoPlanError, solve

    version = PlanVersion.objects.select_related("rally", "based_on").get(pk=version_id)
    PlanVersion.objects.filter(pk=version.pk).update(state=PlanState.RUNNING)
    watcher = _ProgressWatcher(version)
    params = SolveParams(time_limit=version.time_limit, on_progress=watcher)
    try:
        rally = to_domain(version.rally)
        if version.kind == PlanKind.PLAN or version.based_on is None or version.based_on.content is None:
            result = watcher.run(lambda: solve(rally, params))
        else:
            previous = plan_from_content(version.based_on.content)
            result = watcher.run(
                lambda: replan(
                    rally,
                    previous,
                    absent=frozenset(version.absent),
                    cancelled=frozenset(version.cancelled),
                    params=params,
                )
            )
    except InvalidInput as invalid:
        _fail(version, ["Les données du rallye sont à corriger avant le calcul :", *map(str, invalid.problems)])
        return
    except NoPlanError as no_plan:
        title = "Aucun planning possible :" if no_plan.proven else "Aucun planning trouvé dans le temps donné :"
        _fail(version, [title, *no_plan.reasons])
        return
    except Exception as error:  # the worker must record any failure; the current plan stays
        _fail(version, [f"Le calcul a échoué ({type(error).__name__}) ; le planning en vigueur est conservé."])
        raise
    with transaction.atomic():
        PlanVersion.objects.filter(rally=version.rally, is_current=True).update(is_current=False)
        PlanVersion.objects.filter(pk=version.pk).update(
            state=PlanState.SUCCEEDED,
            is_current=True,
            content=plan_to_content(result.plan),
            finished_at=timezone.now(),
            message="",
        )


def _fail(version: PlanVersion, lines: list[str]) -> None:
    PlanVersion.objects.filter(pk=version.pk).update(
        state=PlanState.FAILED, message="\n".join(lines), finished_at=timezone.now()
    )
