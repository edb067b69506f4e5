"""Load benchmark: 50 signed-in users at once on the national database (``benchmarks.national``).

Targets (issue « national-size speed »): p95 ≤ 300 ms on the structure pages and ≤ 1 s on the
network pages, no error. The runner starts ``rallye serve`` (waitress, 8 threads) on 127.0.0.1
against the database given, then runs Locust headless for ``--seconds`` (60) with ``--users``
(50) users, signed in: coordinators of the structures (each goes through its rallies: home,
list, overview, participants, companies, planning, evaluation, follow-up, documents) and, one
in ten, the federation administrator (dashboard, a year of it, the fidelity grids, a rally's
grid, the reports page). Each waits 1 to 3 s between pages, as a person does. It then stops the
server and reports each group's requests, median, p95 and errors, and appends them to
``--out`` with the command, the date and the load of the machine.

    uv sync --group bench
    uv run python -m benchmarks.national --out var/national.sqlite3
    uv run python -m benchmarks.load --db var/national.sqlite3 [--users 50] [--seconds 60] [--out docs/benchmarks.md]

Only 127.0.0.1 is ever requested; Locust stops by itself after ``--seconds``.

This file is also the Locust file (``locust -f benchmarks/load.py``): the user classes below.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import re
import shlex
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from locust import HttpUser, between, events, task

from benchmarks.national import FEDERATION_ADMIN, coordinator_email
from benchmarks.report import append_section, header_lines, load_average, table, utc_date

STRUCTURE_TARGET_MS = 300
NETWORK_TARGET_MS = 1000
STRUCTURES = int(os.environ.get("RALLYE_LOAD_STRUCTURES", "100"))
SAMPLES = os.environ.get("RALLYE_LOAD_SAMPLES", "")
"""Where the Locust process writes every request's (group, page, milliseconds, error)."""
SESSIONS = os.environ.get("RALLYE_LOAD_SESSIONS", "[]")
"""[cookie name, {e-mail: session key}]: the sessions the runner opened for the users."""
RALLY_LINK = re.compile(r'href="/rallyes/(\d+)/"')
RALLY_PAGES = (
    ("", "rallye"),
    ("participants/", "participants"),
    ("entreprises/", "entreprises"),
    ("planning/", "planning"),
    ("documents/", "documents"),
    ("evaluation/", "évaluation du rallye"),
    ("suivi/", "suivi à 6 mois"),
)
"""A rally's pages, in the order a coordinator goes through them."""
GRID_LINK = re.compile(r'href="/reseau/rallyes/(\d+)/fidelite/"')

_samples: list[tuple[str, str, float, str]] = []
_numbers = itertools.count()


def _record(name: str, response_time: float, exception: BaseException | None, **_: Any) -> None:
    group = "réseau" if name.startswith("réseau") else "structure"
    _samples.append((group, name, response_time, "" if exception is None else str(exception)[:200]))


def _dump(**_: Any) -> None:
    if SAMPLES:
        Path(SAMPLES).write_text(json.dumps(_samples), encoding="utf-8")


events.request.add_listener(_record)  # type: ignore[no-untyped-call]
events.quitting.add_listener(_dump)  # type: ignore[no-untyped-call]


class _SignedIn(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    email = ""

    def sign_in(self, email: str) -> None:
        """Signed in through a session the runner opened (see :func:`open_sessions`)."""
        cookie, sessions = json.loads(SESSIONS)
        self.client.cookies.set(cookie, sessions[email])

    def page(self, url: str, name: str) -> str:
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200 or "/connexion/" in response.url:
                response.failure(f"{response.status_code} {response.url}")
            return str(response.text)


class Coordinator(_SignedIn):
    """A structure's coordinator going through the pages of its rallies."""

    weight = 9

    def on_start(self) -> None:
        self.sign_in(coordinator_email(next(_numbers) % STRUCTURES + 1))
        self.rallies = sorted(set(RALLY_LINK.findall(self.page("/rallyes/", "structure: liste des rallyes"))))
        self.tour: list[tuple[str, str]] = []

    @task(2)
    def home(self) -> None:
        self.page("/", "structure: accueil")

    @task(2)
    def listing(self) -> None:
        self.page("/rallyes/", "structure: liste des rallyes")

    @task(10)
    def rally(self) -> None:
        """The next page of the rally being looked at (one page, then the pause, as a person
        reads it); a new rally, chosen at random, once its pages are seen."""
        if not self.rallies:
            return
        if not self.tour:
            pk = random.choice(self.rallies)
            self.tour = [(f"/rallyes/{pk}/{path}", f"structure: {name}") for path, name in RALLY_PAGES]
        self.page(*self.tour.pop(0))

    @task(1)
    def due(self) -> None:
        self.page("/suivis/", "structure: suivis à faire")

    @task(1)
    def reports(self) -> None:
        self.page("/reseau/bilans/", "structure: bilans")


class FederationAdmin(_SignedIn):
    """The federation's administrator on the network pages."""

    weight = 1

    def on_start(self) -> None:
        self.sign_in(FEDERATION_ADMIN)
        self.grids: list[str] = []

    @task(3)
    def dashboard(self) -> None:
        text = self.page("/reseau/", "réseau: tableau de bord")
        self.grids = GRID_LINK.findall(text) or self.grids

    @task(2)
    def dashboard_year(self) -> None:
        self.page(f"/reseau/?annee={random.choice((2025, 2026))}", "réseau: tableau de bord d'une année")

    @task(2)
    def compare(self) -> None:
        self.page(f"/reseau/fidelite/?page={random.randint(1, 20)}", "réseau: grilles de fidélité")

    @task(2)
    def grid(self) -> None:
        if self.grids:
            self.page(f"/reseau/rallyes/{random.choice(self.grids)}/fidelite/", "réseau: grille d'un rallye")

    @task(1)
    def reports(self) -> None:
        self.page("/reseau/bilans/", "réseau: bilans")


# -- the runner ------------------------------------------------------------------------------


def open_sessions(env: dict[str, str]) -> str:
    """A signed-in session for every account of the benchmark, opened in the database as the
    sign-in page would (the users start signed in: the password hasher, deliberately slow, is
    not what this benchmark measures)."""
    script = (
        "import json\n"
        "from django.conf import settings\n"
        "from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY\n"
        "from django.contrib.sessions.backends.db import SessionStore\n"
        "from rallye.organisations.models import User\n"
        "sessions = {}\n"
        "for user in User.objects.filter(email__endswith='@national.bench'):\n"
        "    store = SessionStore()\n"
        "    store[SESSION_KEY] = str(user.pk)\n"
        "    store[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'\n"
        "    store[HASH_SESSION_KEY] = user.get_session_auth_hash()\n"
        "    store.create()\n"
        "    sessions[user.email] = store.session_key\n"
        "print(json.dumps([settings.SESSION_COOKIE_NAME, sessions]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "rallye.cli.main", "manage", "shell", "-c", script],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip().splitlines()[-1]


def store_records(env: dict[str, str]) -> float:
    """Build and store every rally's pseudonymous record (``rallye.evaluation.stored``), as the
    first visit of the network pages does on a server in use; returns the seconds it took."""
    script = (
        "import time\n"
        "from rallye.evaluation.records import rally_records\n"
        "from rallye.rallies.models import Rally\n"
        "start = time.perf_counter()\n"
        "rally_records(Rally.objects.all())\n"
        "print(round(time.perf_counter() - start, 1))\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "rallye.cli.main", "manage", "shell", "-c", script],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return float(done.stdout.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(port: int, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.5)
    raise SystemExit(f"the server did not answer on 127.0.0.1:{port} within {seconds:.0f} s")


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))] if ordered else 0.0


def summary(samples: list[tuple[str, str, float, str]]) -> list[list[str]]:
    rows = []
    keys = sorted({(g, n) for g, n, _, _ in samples if n != "connexion"})
    for group in ("structure", "réseau"):
        times = [t for g, n, t, _ in samples if g == group and n != "connexion"]
        errors = sum(1 for g, n, _, e in samples if g == group and e)
        target = STRUCTURE_TARGET_MS if group == "structure" else NETWORK_TARGET_MS
        p95 = percentile(times, 0.95)
        rows.append(
            [
                f"**{group} (toutes)**",
                str(len(times)),
                f"{percentile(times, 0.5):.0f}",
                f"**{p95:.0f}**",
                f"{max(times, default=0):.0f}",
                str(errors),
                f"≤ {target} ms: {'yes' if times and p95 <= target and not errors else 'no'}",
            ]
        )
        for g, name in keys:
            if g != group:
                continue
            page = [t for gg, n, t, _ in samples if (gg, n) == (g, name)]
            page_errors = sum(1 for gg, n, _, e in samples if (gg, n) == (g, name) and e)
            rows.append(
                [
                    name,
                    str(len(page)),
                    f"{percentile(page, 0.5):.0f}",
                    f"{percentile(page, 0.95):.0f}",
                    f"{max(page):.0f}",
                    str(page_errors),
                    "",
                ]
            )
    return rows


Run = tuple[list[tuple[str, str, float, str]], float | None, float | None, float]
"""The samples, the load average before and after, the seconds taken to store the records."""


def run(db: Path, users: int, seconds: int, processes: int) -> Run:
    port = free_port()
    with tempfile.TemporaryDirectory() as data_dir:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{db.resolve()}",
            "RALLYE_DATA_DIR": data_dir,
            "RALLYE_SECRET_KEY": "load-benchmark-" + "x" * 40,
            "RALLYE_DEBUG": "0",
            "RALLYE_ALLOWED_HOSTS": "127.0.0.1",
        }
        sessions = open_sessions(env)
        stored = store_records(env)
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "rallye.cli.main",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--processes",
                str(processes),
            ],
            env=env,
        )
        try:
            wait_for(port)
            samples_path = Path(data_dir) / "samples.json"
            load_before = load_average()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "locust",
                    "-f",
                    __file__,
                    "--headless",
                    "--users",
                    str(users),
                    "--spawn-rate",
                    str(max(1, users // 10)),
                    "--run-time",
                    f"{seconds}s",
                    "--stop-timeout",
                    "10",
                    "--host",
                    f"http://127.0.0.1:{port}",
                    "--only-summary",
                    "--exit-code-on-error",
                    "0",
                ],
                env={**env, "RALLYE_LOAD_SAMPLES": str(samples_path), "RALLYE_LOAD_SESSIONS": sessions},
                check=True,
                timeout=seconds + 120,
            )
            load_after = load_average()
            samples = [(g, n, float(t), e) for g, n, t, e in json.loads(samples_path.read_text(encoding="utf-8"))]
        finally:
            server.terminate()
            server.wait(timeout=30)
    return samples, load_before, load_after, stored


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--db", type=Path, required=True, help="SQLite file written by benchmarks.national")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1, help="server processes (one per core)")
    parser.add_argument("--out", type=Path, help="Markdown file to append the results to")
    args = parser.parse_args(argv)
    command = "uv run python -m benchmarks.load " + shlex.join(sys.argv[1:] if argv is None else argv)
    samples, before, after, stored = run(args.db, args.users, args.seconds, args.processes)
    rows = summary(samples)
    lines = [
        *header_lines("Load: 50 signed-in users on the national database", command, utc_date()),
        f"- Server: `rallye serve --processes {args.processes}` (waitress, 8 threads per process)",
        f"- Records of the rallies stored before the run (as the first visit of the network pages does): {stored} s",
        f"- Load average (1 min) before / after the run: {before} / {after}",
        f"- {args.users} users for {args.seconds} s, 1-3 s between pages; times in ms",
        "",
        *table(["page", "requests", "median", "p95", "max", "errors", "target"], rows),
    ]
    print("\n".join(lines))
    if args.out:
        append_section(args.out, lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
