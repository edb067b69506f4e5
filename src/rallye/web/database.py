"""The database connection settings, from ``DATABASE_URL`` (default: SQLite in the data folder).

SQLite is tuned so that the web server and the background worker share it without « database is
locked » errors:

- WAL journal: readers never block the writer and the writer never blocks readers;
- a busy timeout: a connection that finds the database locked for writing waits (up to
  ``SQLITE_BUSY_SECONDS``) instead of failing at once;
- ``BEGIN IMMEDIATE`` transactions: a transaction takes the write lock when it starts, so two
  transactions that read then write never deadlock on upgrading their lock (which SQLite would
  report at once, without waiting).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url

SQLITE_BUSY_SECONDS = 20.0
SQLITE_INIT = "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL"
"""WAL is kept by the database file once set; ``synchronous=NORMAL`` is the safe pairing with WAL."""


def database_settings(url: str | None, data_dir: Path) -> dict[str, Any]:
    """``settings.DATABASES["default"]`` for ``url`` (``None``: the SQLite file of ``data_dir``)."""
    database: dict[str, Any] = dict(
        dj_database_url.parse(url or f"sqlite:///{data_dir / 'rallye.sqlite3'}", conn_max_age=60)
    )
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database["OPTIONS"] = {
            "timeout": SQLITE_BUSY_SECONDS,
            "transaction_mode": "IMMEDIATE",
            "init_command": SQLITE_INIT,
            **database.get("OPTIONS", {}),
        }
    return database
