"""The periodic sweep of the background work (``rallye sweep``, run by the operator's timer and
once when ``rallye demo`` starts).

A worker that stops (server restarted, process killed) leaves behind what it was doing; the
sweep puts it right, so that nobody waits for « Calcul en cours » forever:

1. Task results « running » for longer than their task can take are marked failed: their worker
   stopped. A solve takes at most its version's time limit, plus ``ABANDONED_AFTER`` of margin;
   any other task ``TASK_STUCK_AFTER``.
2. Plan versions « running » past their time limit plus the margin are marked failed, with a
   message that asks to launch them again. They are not run again by themselves: the user may
   have changed the rally or launched another solve since.
3. Plan versions still « waiting » that no task will run any more (their task failed or
   vanished, for instance with a restored backup) are queued again when they are the latest
   version of their rally: they never started, so running them now is what the user asked for.
   An older one is marked failed instead, so that it cannot replace a newer plan. A version
   gets ``QUEUED_GRACE`` first: its task is queued just after the version is saved.
4. Finished task results older than ``keep_days`` are deleted (plan versions are kept).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Max
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from rallye.plans.models import PlanKind, PlanState, PlanVersion
from rallye.plans.tasks import solve_plan
from rallye.plans.versions import fail

ABANDONED_AFTER = dt.timedelta(minutes=5)
"""Margin past a solve's time limit after which its worker must have stopped."""
TASK_STUCK_AFTER = dt.timedelta(hours=1)
"""How long any other background task may run before it counts as stopped."""
QUEUED_GRACE = dt.timedelta(minutes=1)
KEEP_DAYS = 30
INTERRUPTED = "Le calcul s'est interrompu (serveur arrêté ou redémarré) : relancez-le."
SUPERSEDED = "Ce calcul n'a pas pu être lancé et une version plus récente a été demandée depuis."
WORKER_STOPPED = "rallye.plans.sweep.WorkerStopped"
"""What a task result marked failed by the sweep records as its error."""
READY, RUNNING, FAILED, SUCCESSFUL = "READY", "RUNNING", "FAILED", "SUCCESSFUL"
"""``django_tasks``' task result states, as stored."""


@dataclass(frozen=True)
class SweepReport:
    stopped_tasks: int
    interrupted_versions: int
    requeued_versions: list[int]
    superseded_versions: int
    pruned_results: int

    def lines(self) -> list[str]:
        return [
            f"Tâches de fond interrompues marquées en échec : {self.stopped_tasks}",
            f"Calculs de planning interrompus marqués en échec : {self.interrupted_versions}",
            f"Calculs en attente relancés : {len(self.requeued_versions)}",
            f"Calculs en attente abandonnés (une version plus récente existe) : {self.superseded_versions}",
            f"Résultats de tâches terminées supprimés : {self.pruned_results}",
        ]


def sweep(now: dt.datetime | None = None, keep_days: int = KEEP_DAYS) -> SweepReport:
    now = now or timezone.now()
    stopped = _fail_stopped_tasks(now)
    interrupted = _fail_interrupted_versions(now)
    requeued, superseded = _requeue_orphans(now)
    pruned, _ = DBTaskResult.objects.filter(
        status__in=(FAILED, SUCCESSFUL), finished_at__lt=now - dt.timedelta(days=keep_days)
    ).delete()
    return SweepReport(stopped, interrupted, requeued, superseded, pruned)


def _solved_version(result: DBTaskResult[..., Any]) -> int | None:
    """The plan version a task result solves, if it is a solve."""
    args = result.args_kwargs.get("args") or [None]
    return args[0] if result.task_path == solve_plan.module_path and isinstance(args[0], int) else None


def _fail_stopped_tasks(now: dt.datetime) -> int:
    running = list(DBTaskResult.objects.filter(status=RUNNING, started_at__isnull=False))
    limits = dict(
        PlanVersion.objects.filter(pk__in=[_solved_version(r) for r in running]).values_list("pk", "time_limit")
    )
    stopped = []
    for result in running:
        version = _solved_version(result)
        allowed = dt.timedelta(seconds=limits[version]) + ABANDONED_AFTER if version in limits else TASK_STUCK_AFTER
        if now - result.started_at > allowed:
            stopped.append(result.pk)
    return DBTaskResult.objects.filter(pk__in=stopped, status=RUNNING).update(
        status=FAILED,
        finished_at=now,
        exception_class_path=WORKER_STOPPED,
        traceback="Le travailleur de fond s'est arrêté pendant la tâche (marquée en échec par rallye sweep).",
    )


def _fail_interrupted_versions(now: dt.datetime) -> int:
    interrupted = [
        version
        for version in PlanVersion.objects.filter(state=PlanState.RUNNING, started_at__isnull=False)
        if version.started_at is not None
        and now - version.started_at > dt.timedelta(seconds=version.time_limit) + ABANDONED_AFTER
    ]
    for version in interrupted:
        fail(version, [INTERRUPTED])
    return len(interrupted)


def _requeue_orphans(now: dt.datetime) -> tuple[list[int], int]:
    pending = {
        _solved_version(result)
        for result in DBTaskResult.objects.filter(status__in=(READY, RUNNING), task_path=solve_plan.module_path)
    }
    orphans = (
        PlanVersion.objects.filter(state=PlanState.QUEUED, requested_at__lt=now - QUEUED_GRACE)
        .exclude(kind=PlanKind.MANUAL)
        .exclude(pk__in=[pk for pk in pending if pk is not None])
        .select_related("rally")
    )
    requeued: list[int] = []
    superseded = 0
    for version in orphans:
        latest = PlanVersion.objects.filter(rally=version.rally).aggregate(n=Max("number"))["n"]
        if version.number == latest:
            solve_plan.enqueue(version.pk)
            requeued.append(version.pk)
        else:
            fail(version, [SUPERSEDED])
            superseded += 1
    return requeued, superseded
