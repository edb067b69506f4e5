"""A quick background task for the worker tests: each run leaves its own file in ``folder``."""

from __future__ import annotations

import os
import threading
import uuid
from pathlib import Path

from django_tasks import task


@task()
def record_run(folder: str, number: int) -> None:
    Path(folder, f"{number}-{os.getpid()}-{threading.get_ident()}-{uuid.uuid4().hex}").touch()


def runs(folder: Path, number: int) -> int:
    return sum(1 for path in folder.iterdir() if path.name.startswith(f"{number}-"))
