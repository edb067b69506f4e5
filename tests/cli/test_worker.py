"""``rallye worker``: a briefly locked database never stops it; two workers on one PostgreSQL
database share the queue and never run a task twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.db.utils import OperationalError
from django_tasks_db.models import DBTaskResult

from rallye.cli.main import EXIT_INVALID, main
from rallye.cli.worker import QueueWorker
from tests.plans.tasks import record_run, runs

ROOT = Path(__file__).parent.parent.parent


class LockedTwice(QueueWorker):
    """Finds the database locked twice, then runs one task and stops."""

    def __init__(self) -> None:
        super().__init__(queue_names=["default"], worker_id="test", stopping=threading.Event())
        self.pause_first = 0.01
        self.failures = [OperationalError("database is locked"), OperationalError("database is locked")]

    def claim_next(self) -> DBTaskResult[..., Any] | None:
        if self.failures:
            raise self.failures.pop()
        return super().claim_next()

    def run_task(self, db_task_result: DBTaskResult[..., Any]) -> None:
        super().run_task(db_task_result)
        self.stopping.set()


@pytest.mark.django_db(transaction=True)  # the worker manages its connection as in production
def test_the_worker_waits_out_a_locked_database(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    record_run.enqueue(str(tmp_path), 1)
    worker = LockedTwice()
    worker.run()
    assert worker.failures == []
    assert runs(tmp_path, 1) == 1
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert caplog.text.count("Base de données indisponible (database is locked)") == 2


TASKS = 24


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="several worker processes need PostgreSQL")
def test_two_workers_share_the_queue_without_running_a_task_twice(tmp_path: Path) -> None:
    settings = connection.settings_dict
    url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT), "RALLYE_DATA_DIR": str(tmp_path / "data")}
    folder = tmp_path / "runs"
    folder.mkdir()
    for number in range(TASKS):
        record_run.enqueue(str(folder), number)
    logs = [tmp_path / f"worker-{n}.log" for n in (1, 2)]
    with logs[0].open("w") as first, logs[1].open("w") as second:
        workers = [
            subprocess.Popen(
                [sys.executable, "-m", "rallye.cli.main", "worker", "--threads", "2"],
                env=env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            for log in (first, second)
        ]
    try:
        deadline = time.monotonic() + 120
        while DBTaskResult.objects.exclude(status="SUCCESSFUL").exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        # A worker still starting (the other did every task) has not taken SIGTERM as its own yet.
        while not all("Travailleur de fond lancé" in log.read_text() for log in logs) and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        codes = [worker.wait(30) for worker in workers]
    assert codes == [0, 0], [log.read_text() for log in logs]
    assert [runs(folder, number) for number in range(TASKS)] == [1] * TASKS
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == TASKS


def test_worker_refuses_zero_threads(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["worker", "--threads", "0"]) == EXIT_INVALID
    assert "--threads : donnez un nombre de tâches simultanées d'au moins 1." in capsys.readouterr().err
