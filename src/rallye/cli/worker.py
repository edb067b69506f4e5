"""``rallye worker``: runs the tasks of the database queue (solves), in one or more threads.

Built on ``django_tasks_db``'s worker (the same claim: ``SELECT … FOR UPDATE SKIP LOCKED`` on
PostgreSQL, so several workers on one database never run a task twice; an exclusive transaction
on SQLite), with two differences:

- a database that is briefly locked or unreachable never ends the worker: it tries again after
  a pause that grows from ``PAUSE_FIRST`` to ``PAUSE_MAX`` seconds;
- ``--threads`` runs several tasks at once, each thread with its own database connection.

The first SIGTERM or SIGINT stops taking tasks and lets the running ones finish; a second one
leaves at once (``rallye sweep`` later marks what was left running as failed).
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from types import FrameType
from typing import Any

from django.db import DatabaseError, close_old_connections, connection
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from rallye.organisations.scoping import operator_process

logger = logging.getLogger("rallye.worker")
PAUSE_FIRST = 0.1
PAUSE_MAX = 5.0
IDLE_INTERVAL = 1.0
"""Seconds between two looks at an empty queue."""


class QueueWorker(Worker):
    def __init__(self, *, queue_names: list[str], worker_id: str, stopping: threading.Event) -> None:
        super().__init__(
            queue_names=queue_names,
            interval=IDLE_INTERVAL,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        self.stopping = stopping
        self.pause_first = PAUSE_FIRST

    def claim_next(self) -> DBTaskResult[..., Any] | None:
        """The next ready task of our queues, marked as ours in the same transaction."""
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        with exclusive_transaction(tasks.db):
            result = tasks.get_locked()
            if result is not None:
                result.claim(self.worker_id)
        return result

    def run(self) -> None:
        """Claim and run tasks until told to stop. The thread acts for the operator: a new thread
        starts outside any scope, and the tasks (solves, archives) read the data of every
        structure, as the command line does."""
        operator_process()
        pause = self.pause_first
        try:
            while not self.stopping.is_set():
                close_old_connections()
                try:
                    result = self.claim_next()
                except DatabaseError as error:  # locked, restarting, unreachable: wait and try again
                    logger.warning("Base de données indisponible (%s) : nouvel essai dans %.1f s.", error, pause)
                    self.stopping.wait(pause)
                    pause = min(pause * 2, PAUSE_MAX)
                    continue
                pause = self.pause_first
                if result is None:
                    self.stopping.wait(self.interval)
                    continue
                try:
                    self.run_task(result)
                except DatabaseError as error:  # its result could not be saved: the sweep will see it
                    logger.error("Le résultat de la tâche %s n'a pas pu être enregistré (%s).", result.pk, error)
        finally:
            connection.close()


def run_workers(queue_names: list[str], threads: int) -> None:
    """Run ``threads`` workers until SIGTERM or SIGINT (from the main thread, which owns signals)."""
    stopping = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        if stopping.is_set():
            print("Arrêt immédiat du travailleur de fond.", file=sys.stderr, flush=True)
            os._exit(1)
        print(
            "Arrêt du travailleur de fond après les tâches en cours (encore une fois pour arrêter tout de suite).",
            file=sys.stderr,
            flush=True,
        )
        stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    # Said once the signals are ours: from then on, SIGTERM lets the running tasks finish.
    print(f"Travailleur de fond lancé (files : {', '.join(queue_names)} ; {threads} tâche(s) à la fois).", flush=True)
    name = get_random_string(12)
    workers = [
        threading.Thread(
            target=QueueWorker(queue_names=queue_names, worker_id=f"{name}-{n}", stopping=stopping).run,
            name=f"rallye-worker-{n}",
        )
        for n in range(1, threads + 1)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        while worker.is_alive():
            worker.join(0.5)
