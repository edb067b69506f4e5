"""What the background worker runs for a plan version: the solve or re-plan, its progress saved
about once a second, and the version marked succeeded (it becomes the current plan) or failed."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.conf import settings
from django.utils import timezone

from rallye.engine.params import Progress, SolveParams
from rallye.formats.plan_json import plan_from_content, plan_to_content
from rallye.formats.problems import InvalidInput
from rallye.history.models import Action
from rallye.history.services import record
from rallye.plans.models import PlanKind, PlanState, PlanVersion
from rallye.plans.versions import about, fail, make_current
from rallye.rallies.conversion import to_domain
from rallye.wording import no_plan_reasons, no_plan_title, term_label

PROGRESS_EVERY_SECONDS = 1.0
T = TypeVar("T")


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
            "terms": {term_label(name): value for name, value in progress.terms.items()},
        }
        PlanVersion.objects.filter(pk=self.version.pk).update(progress=data)


def run_plan(version_id: int) -> None:
    from rallye.engine.replan import replan
    from rallye.engine.results import NoPlanFound
    from rallye.engine.solve import solve

    version = PlanVersion.objects.select_related("rally", "based_on").get(pk=version_id)
    PlanVersion.objects.filter(pk=version.pk).update(state=PlanState.RUNNING, started_at=timezone.now())
    watcher = _ProgressWatcher(version)
    params = SolveParams(
        time_limit=version.time_limit,
        workers=settings.RALLYE_SOLVER_WORKERS,
        seed=settings.RALLYE_SOLVER_SEED,
        on_progress=watcher,
    )
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
                    stay_close=version.kind != PlanKind.REOPTIMISE,
                )
            )
    except InvalidInput as invalid:
        fail(version, ["Les données du rallye sont à corriger avant le calcul :", *map(str, invalid.problems)])
        return
    except NoPlanFound as no_plan:
        retry = "Relancez le calcul avec plus de temps"
        fail(version, [f"{no_plan_title(no_plan)} :", *no_plan_reasons(no_plan, retry)])
        return
    except Exception as error:  # the worker must record any failure; the current plan stays
        fail(version, [f"Le calcul a échoué ({type(error).__name__}) ; le planning en vigueur est conservé."])
        raise
    make_current(version, plan_to_content(result.plan))
    record(version.rally, None, Action.PLAN_SUCCEEDED, **about(version), summary=f"planning {result.plan.status.label}")
