"""Run a few lines of Django in a fresh process, with the environment a deployment gives it:
settings are read from the environment when they are imported, so only a new process sees them
as production does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UNREACHABLE_DATABASE = "postgres://nobody@127.0.0.1:9/nothing?connect_timeout=2"
"""A database that refuses every connection at once (port 9: discard, closed)."""
SETUP = """
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rallye.web.settings")
import django
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
"""


def environment(tmp_path: Path, **variables: str) -> dict[str, str]:
    """This process's environment without Rallye's own variables, plus ``variables``."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("RALLYE_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.update(RALLYE_DATA_DIR=str(tmp_path), PYTHONPATH=str(ROOT), **variables)
    return env


def run(arguments: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *arguments], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )


def run_django(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``code`` after Django is set up (with the test client's host allowed)."""
    return run(["-c", SETUP + code], env)
