"""The SQLite database is shared by the web server and the worker: WAL journal, and a write that
finds the database locked waits for the lock instead of failing with « database is locked »."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db.utils import ConnectionHandler, OperationalError

from rallye.web.database import database_settings


def _connection(path: Path, **options: object) -> object:
    settings = database_settings(None, path)
    settings["OPTIONS"].update(options)
    return ConnectionHandler({"default": settings})["default"]


def _holding_write_lock(path: Path, locked: threading.Event, release: threading.Event) -> None:
    """Another process's transaction: takes the write lock, keeps it until told to let go."""
    other = sqlite3.connect(path / "rallye.sqlite3", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO visit (name) VALUES ('other')")
    locked.set()
    release.wait()
    other.execute("COMMIT")
    other.close()


@pytest.fixture
def database(tmp_path: Path, django_db_blocker: Any) -> Iterator[Path]:
    """A SQLite file of its own (not the test database), made with the project's settings."""
    with django_db_blocker.unblock():
        yield _made(tmp_path)


def _made(tmp_path: Path) -> Path:
    wrapper = _connection(tmp_path)
    with wrapper.cursor() as cursor:  # type: ignore[attr-defined]
        cursor.execute("CREATE TABLE visit (name TEXT)")
    wrapper.close()  # type: ignore[attr-defined]
    return tmp_path


def test_the_sqlite_database_uses_wal_and_immediate_transactions(database: Path) -> None:
    wrapper = _connection(database)
    with wrapper.cursor() as cursor:  # type: ignore[attr-defined]
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    assert wrapper.transaction_mode == "IMMEDIATE"  # type: ignore[attr-defined]
    wrapper.close()  # type: ignore[attr-defined]


def test_a_write_waits_for_a_briefly_held_lock(database: Path) -> None:
    locked, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=_holding_write_lock, args=(database, locked, release))
    holder.start()
    locked.wait()
    wrapper = _connection(database)
    threading.Timer(0.5, release.set).start()
    with wrapper.cursor() as cursor:  # type: ignore[attr-defined]
        cursor.execute("INSERT INTO visit (name) VALUES ('ours')")  # waits, then succeeds
        holder.join()
        cursor.execute("SELECT name FROM visit ORDER BY rowid")
        assert [row[0] for row in cursor.fetchall()] == ["other", "ours"]
    wrapper.close()  # type: ignore[attr-defined]


def test_without_the_busy_timeout_the_same_write_would_fail(database: Path) -> None:
    """The control: what the timeout prevents."""
    locked, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=_holding_write_lock, args=(database, locked, release))
    holder.start()
    locked.wait()
    wrapper = _connection(database, timeout=0)
    try:
        with pytest.raises(OperationalError, match="locked"), wrapper.cursor() as cursor:  # type: ignore[attr-defined]
            cursor.execute("INSERT INTO visit (name) VALUES ('ours')")
    finally:
        release.set()
        holder.join()
        wrapper.close()  # type: ignore[attr-defined]
