"""``rallye demo``, ``rallye serve``, ``rallye worker`` and ``rallye manage``: the web workspace."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import webbrowser
from collections.abc import Sequence
from pathlib import Path


def setup_django(*, development: bool = False) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rallye.web.settings")
    if development:
        os.environ.setdefault("RALLYE_DEBUG", "1")
    Path(os.environ.get("RALLYE_DATA_DIR", "var")).mkdir(parents=True, exist_ok=True)
    import django

    django.setup()
    from rallye.organisations.scoping import operator_process

    operator_process()


def prepare_database() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def demo(port: int, *, open_browser: bool, serve_after: bool) -> int:
    setup_django(development=True)
    prepare_database()
    from rallye.demo import DEMO_PASSWORD, load_demo

    logins = load_demo()
    print("Base de démonstration prête. Comptes (mot de passe pour tous : " + DEMO_PASSWORD + ") :")
    for login in logins:
        print(f"  {login.email:32} {login.role}")
    if not serve_after:
        return 0
    url = f"http://127.0.0.1:{port}/"
    print(f"Rallye est ouvert sur {url} (Ctrl+C pour arrêter).")
    worker = subprocess.Popen([sys.executable, "-m", "rallye.cli.main", "worker"])
    if open_browser:
        threading.Timer(1.5, webbrowser.open, args=(url,)).start()
    try:
        return serve("127.0.0.1", port)
    finally:
        worker.terminate()


def serve(host: str, port: int) -> int:
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
    from rallye.web.wsgi import application

    waitress_serve(application, host=host, port=port, threads=8)
    return 0


def worker() -> int:
    setup_django()
    from django.core.management import call_command

    call_command("db_worker")
    return 0


def manage(arguments: Sequence[str]) -> int:
    """Django's management commands (``rallye manage migrate``, ``createsuperuser``…)."""
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["rallye manage", *arguments])
    return 0
