"""``rallye sweep``: what a stopped worker left behind is marked failed or queued again, and old
task results are pruned. Every case is checked at a given moment (``now``), not by waiting."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from rallye.cli.main import EXIT_OK, main
from rallye.plans.models import PlanKind, PlanState, PlanVersion
from rallye.plans.services import request_plan
from rallye.plans.sweep import ABANDONED_AFTER, INTERRUPTED, QUEUED_GRACE, SUPERSEDED, TASK_STUCK_AFTER, sweep
from rallye.plans.tasks import solve_plan
from rallye.plans.versions import current_plan
from rallye.rallies.models import Rally

pytestmark = pytest.mark.django_db
SECOND = dt.timedelta(seconds=1)


def _tasks_of(version: PlanVersion) -> list[str]:
    return [
        result.status
        for result in DBTaskResult.objects.filter(task_path=solve_plan.module_path).order_by("enqueued_at")
        if result.args_kwargs["args"] == [version.pk]
    ]


def _queued(rally: Rally, django_capture_on_commit_callbacks: object) -> PlanVersion:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        return request_plan(rally, None, time_limit=30)


def test_a_solve_whose_worker_stopped_is_marked_failed_after_its_time_limit(rally: Rally) -> None:
    started = timezone.now()
    running = PlanVersion.objects.create(
        rally=rally, number=1, state=PlanState.RUNNING, time_limit=30, started_at=started
    )
    just_in_time = started + dt.timedelta(seconds=30) + ABANDONED_AFTER
    assert sweep(now=just_in_time).interrupted_versions == 0
    assert sweep(now=just_in_time + SECOND).interrupted_versions == 1
    running.refresh_from_db()
    assert running.state == PlanState.FAILED
    assert running.reasons() == [INTERRUPTED]
    assert current_plan(rally) is None
    assert sweep(now=just_in_time + 2 * SECOND).interrupted_versions == 0  # once only


def test_the_task_of_a_stopped_worker_is_marked_failed(
    rally: Rally, django_capture_on_commit_callbacks: object
) -> None:
    version = _queued(rally, django_capture_on_commit_callbacks)
    result = DBTaskResult.objects.get()
    result.claim("worker-that-died")
    other = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}}, task_path="x.other", backend_name="default", run_after=timezone.now()
    )
    other.claim("worker-that-died")
    assert result.started_at is not None and other.started_at is not None
    limit = result.started_at + dt.timedelta(seconds=30) + ABANDONED_AFTER
    assert sweep(now=limit).stopped_tasks == 0
    report = sweep(now=limit + SECOND)
    assert report.stopped_tasks == 1
    result.refresh_from_db()
    assert result.status == "FAILED" and "arrêté" in result.traceback
    # The version never started: it is the latest of its rally, so it is queued again.
    assert report.requeued_versions == [version.pk]
    assert _tasks_of(version) == ["FAILED", "READY"]
    # Another kind of task gets an hour.
    assert sweep(now=other.started_at + TASK_STUCK_AFTER + SECOND).stopped_tasks == 1


def test_a_waiting_solve_without_a_task_is_queued_again_if_it_is_the_latest(
    rally: Rally, django_capture_on_commit_callbacks: object
) -> None:
    older = _queued(rally, django_capture_on_commit_callbacks)
    latest = _queued(rally, django_capture_on_commit_callbacks)
    DBTaskResult.objects.all().delete()  # e.g. a database restored without its queue
    soon = timezone.now() + QUEUED_GRACE + SECOND
    assert sweep(now=timezone.now()).requeued_versions == []  # just requested: its task may be on its way
    report = sweep(now=soon)
    assert report.requeued_versions == [latest.pk]
    assert report.superseded_versions == 1
    assert _tasks_of(latest) == ["READY"] and _tasks_of(older) == []
    older.refresh_from_db()
    assert older.state == PlanState.FAILED and older.reasons() == [SUPERSEDED]
    assert sweep(now=soon).requeued_versions == []  # its task is waiting now


def test_a_manual_change_is_never_queued(rally: Rally) -> None:
    PlanVersion.objects.create(rally=rally, number=1, kind=PlanKind.MANUAL, time_limit=0)
    assert sweep(now=timezone.now() + QUEUED_GRACE + SECOND).requeued_versions == []


def test_finished_task_results_are_pruned_after_the_days_kept(rally: Rally) -> None:
    now = timezone.now()
    for days, status in ((31, "SUCCESSFUL"), (31, "FAILED"), (29, "SUCCESSFUL"), (31, "READY")):
        DBTaskResult.objects.create(
            args_kwargs={"args": [], "kwargs": {}},
            task_path="x.other",
            backend_name="default",
            run_after=now,
            status=status,
            finished_at=None if status == "READY" else now - dt.timedelta(days=days),
        )
    assert sweep(now=now).pruned_results == 2
    assert sorted(DBTaskResult.objects.values_list("status", flat=True)) == ["READY", "SUCCESSFUL"]
    assert sweep(now=now, keep_days=7).pruned_results == 1


def test_rallye_sweep_prints_what_it_did(rally: Rally, capsys: pytest.CaptureFixture[str]) -> None:
    stopped = PlanVersion.objects.create(
        rally=rally, number=1, state=PlanState.RUNNING, time_limit=30, started_at=timezone.now() - dt.timedelta(hours=1)
    )
    assert main(["sweep", "--keep-days", "10"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Calculs de planning interrompus marqués en échec : 1" in out
    stopped.refresh_from_db()
    assert stopped.state == PlanState.FAILED
