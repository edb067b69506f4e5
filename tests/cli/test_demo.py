"""``rallye demo`` as a user starts it: the workspace answers without Django's debug pages, and
stopping the demo (SIGTERM, as a service manager does) stops its background worker too."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

STARTUP_SECONDS = 180
"""Generous: the demo migrates a new database and loads its season first."""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _status(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the processes from /proc")
def test_demo_runs_without_debug_pages_and_stops_its_worker(tmp_path: Path) -> None:
    port = _free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("RALLYE_", "DATABASE_URL"))}
    env["RALLYE_DATA_DIR"] = str(tmp_path)
    with (tmp_path / "demo.log").open("w") as log:
        demo = subprocess.Popen(
            [sys.executable, "-m", "rallye.cli.main", "demo", "--no-browser", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        status = 0
        while not status and time.monotonic() < deadline and demo.poll() is None:
            try:
                status, _ = _status(f"http://127.0.0.1:{port}/connexion/")
            except OSError:  # not listening yet
                time.sleep(0.5)
        assert status == 200, (tmp_path / "demo.log").read_text()
        missing, page = _status(f"http://127.0.0.1:{port}/pas-de-page-ici/")
        assert missing == 404
        assert "URLconf" not in page and "Traceback" not in page  # no debug page
        workers = _children(demo.pid)
        assert len(workers) == 1
        demo.send_signal(signal.SIGTERM)
        assert demo.wait(15) == 0
        assert _gone(workers[0])
    finally:
        if demo.poll() is None:
            demo.kill()
            demo.wait()
