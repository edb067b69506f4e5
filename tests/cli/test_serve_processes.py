"""``rallye serve --processes N``: N server processes accept on one socket; SIGTERM stops them
all, and a process that dies takes the others down with it (exit 1), so that systemd restarts
the server as a whole."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def children_of(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def answers(port: int) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/sante/", timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    port = free_port()
    env = {
        **os.environ,
        "RALLYE_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'rallye.sqlite3'}",
        "RALLYE_SECRET_KEY": "test-" + "k" * 50,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "rallye.cli.main", "serve", "--port", str(port), "--processes", "2"], env=env
    )
    deadline = time.monotonic() + TIMEOUT
    while len(children_of(process.pid)) < 2 or not _listening(port):
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.2)
    yield process, port
    if process.poll() is None:
        process.kill()
        process.wait()


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_two_processes_answer_and_sigterm_stops_them_all(server: tuple[subprocess.Popen[bytes], int]) -> None:
    process, port = server
    children = children_of(process.pid)
    assert len(children) == 2
    assert {answers(port) for _ in range(6)} <= {200, 503}  # 503: this empty database has no tables yet
    process.send_signal(signal.SIGTERM)
    assert process.wait(TIMEOUT) == 0
    assert not [pid for pid in children if Path(f"/proc/{pid}").exists()]
    assert not _listening(port)


def test_a_process_that_dies_stops_the_server(server: tuple[subprocess.Popen[bytes], int]) -> None:
    process, _ = server
    first, second = children_of(process.pid)
    os.kill(first, signal.SIGKILL)
    assert process.wait(TIMEOUT) == 1
    assert not Path(f"/proc/{second}").exists()
