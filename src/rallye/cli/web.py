"""``rallye demo``, ``rallye serve``, ``rallye worker`` and ``rallye manage``: the web workspace."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import webbrowser
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rallye.web.settings")
    Path(os.environ.get("RALLYE_DATA_DIR", "var")).mkdir(parents=True, exist_ok=True)
    import django

    django.setup()
    from rallye.organisations.scoping import operator_process

    operator_process()


def prepare_database() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


DEMO_SECRET_FILE = "demo-secret.key"
WORKER_STOP_SECONDS = 5.0
"""How long the demo lets its worker finish before stopping it for good."""


def demo(port: int, *, open_browser: bool, serve_after: bool) -> int:
    """The demo: Django's debug pages stay off (``RALLYE_DEBUG=1`` turns them on); the worker runs
    as a child process, stopped with the demo (Ctrl+C, SIGTERM)."""
    data_dir = Path(os.environ.get("RALLYE_DATA_DIR", "var"))
    os.environ.setdefault("RALLYE_SECRET_KEY", _demo_secret_key(data_dir))
    setup_django()
    prepare_database()
    from rallye.demo import DEMO_PASSWORD, load_demo
    from rallye.plans.sweep import sweep

    logins = load_demo()
    sweep()  # what a previous demo, stopped abruptly, left « en cours »
    print("Base de démonstration prête. Comptes (mot de passe pour tous : " + DEMO_PASSWORD + ") :")
    for login in logins:
        print(f"  {login.email:32} {login.role}")
    if not serve_after:
        return 0
    url = f"http://127.0.0.1:{port}/"
    print(f"Rallye est ouvert sur {url} (Ctrl+C pour arrêter).", flush=True)
    # Its own session: Ctrl+C reaches the demo only, which then stops the worker gently.
    worker = subprocess.Popen([sys.executable, "-m", "rallye.cli.main", "worker"], start_new_session=True)
    previous = signal.signal(signal.SIGTERM, _interrupt)
    if open_browser:
        threading.Timer(1.5, webbrowser.open, args=(url,)).start()
    try:
        return serve("127.0.0.1", port)
    except KeyboardInterrupt:
        print("Arrêt de Rallye.", flush=True)
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        _stop(worker)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _stop(worker: subprocess.Popen[bytes]) -> None:
    worker.terminate()
    try:
        worker.wait(WORKER_STOP_SECONDS)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def _demo_secret_key(data_dir: Path) -> str:
    """A random secret key kept in the demo's data folder (sessions survive a restart)."""
    path = data_dir / DEMO_SECRET_FILE
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as key_file:
            key_file.write(secrets.token_urlsafe(50))
    return path.read_text(encoding="ascii").strip()


def serve(host: str, port: int, processes: int = 1) -> int:
    """The web server: waitress, 8 threads per process. With several ``processes`` (one per
    core: Python runs one thread at a time per process), the listening socket is opened once
    and each process, forked from this one, accepts on it; this process only watches them."""
    setup_django()
    from django.conf import settings
    from waitress import serve as waitress_serve

    if settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY and not settings.DEBUG:
        print(
            "RALLYE_SECRET_KEY n'est pas définie : donnez une clé secrète longue et aléatoire "
            "(ou RALLYE_DEBUG=1 pour un essai sur votre poste).",
            file=sys.stderr,
        )
        return 2
    if processes < 1:
        print("--processes : donnez un nombre de processus d'au moins 1.", file=sys.stderr)
        return 2
    from rallye.web.wsgi import application

    options = {"threads": 8, **proxy_options(settings.BASE_URL)}
    if processes == 1:
        waitress_serve(application, host=host, port=port, **options)
        return 0
    listening = socket.create_server((host, port), backlog=1024)
    return _prefork(processes, lambda: waitress_serve(application, sockets=[listening], **options))


def _prefork(processes: int, run: Callable[[], None]) -> int:
    """Run ``run`` in ``processes`` forked children until SIGTERM or SIGINT, which stop them
    all; if one stops by itself, the others are stopped too and the exit code is 1, so that
    the service manager (systemd) starts the whole server again."""
    from django.db import connections

    connections.close_all()  # each child opens its own
    children = []
    for _ in range(processes):
        pid = os.fork()
        if pid == 0:  # the child: SIGTERM stops waitress gently, as Ctrl+C does
            signal.signal(signal.SIGTERM, _interrupt)
            try:
                run()
            finally:
                os._exit(0)
        children.append(pid)
    print(f"Serveur web lancé : {processes} processus ({', '.join(map(str, children))}).", flush=True)
    previous = signal.signal(signal.SIGTERM, _interrupt)
    code = 0
    try:
        stopped, _ = os.wait()
        children.remove(stopped)
        code = 1
        print("Un processus du serveur s'est arrêté : arrêt des autres.", file=sys.stderr, flush=True)
    except KeyboardInterrupt:
        print("Arrêt du serveur web.", flush=True)
    finally:
        signal.signal(signal.SIGTERM, previous)
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        for pid in children:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
    return code


def proxy_options(base_url: str) -> dict[str, object]:
    """Waitress's options behind the HTTPS reverse proxy declared by ``RALLYE_BASE_URL``: the
    proxy (``RALLYE_TRUSTED_PROXY``, by default the same machine) gives the client's address
    and the ``https`` scheme; those headers are dropped when anyone else sends them. Without
    an ``https`` base URL no proxy header is trusted."""
    if not base_url.startswith("https://"):
        return {}
    return {
        "trusted_proxy": os.environ.get("RALLYE_TRUSTED_PROXY", "127.0.0.1"),
        "trusted_proxy_count": 1,
        "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"},
        "clear_untrusted_proxy_headers": True,
        "url_scheme": "https",
    }


def worker(queue: str, threads: int) -> int:
    if threads < 1:
        print("--threads : donnez un nombre de tâches simultanées d'au moins 1.", file=sys.stderr)
        return 2
    setup_django()
    from rallye.cli.worker import run_workers

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    queues = [name.strip() for name in queue.split(",") if name.strip()] or ["default"]
    run_workers(queues, threads)
    return 0


def operate(args: argparse.Namespace) -> int:
    """``rallye sweep``, ``rallye backup`` and ``rallye restore``."""
    setup_django()
    if args.command == "sweep":
        from rallye.messaging.services import queue_due_retries
        from rallye.plans.sweep import sweep

        kept = {} if args.keep_days is None else {"keep_days": args.keep_days}
        for line in sweep(**kept).lines():
            print(line)
        print(f"Messages renvoyés au serveur d'e-mail : {queue_due_retries()}")
        from django.utils import timezone

        from rallye.messaging.reminders import lines, queue_reminders

        for line in lines(queue_reminders(timezone.localdate())):
            print(line)
        return 0
    from rallye.cli import backup

    return backup.backup(args.out) if args.command == "backup" else backup.restore(args.file)


def manage(arguments: Sequence[str]) -> int:
    """Django's management commands (``rallye manage migrate``, ``createsuperuser``…)."""
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["rallye manage", *arguments])
    return 0
