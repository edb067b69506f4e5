"""The demo database of a test session, kept once loaded and put back after a transactional test
(which empties every table when it ends) in a fraction of a second, instead of loading the demo
again (about 2 s).

SQLite (the test database is in memory): a copy of the whole database made with SQLite's backup
API, copied back the same way. PostgreSQL: a copy of every table of the application in a schema
of its own, copied back table by table with the foreign keys' triggers off (the rows come back
with their own ids; the sequences stay where they are, above them)."""

from __future__ import annotations

import sqlite3

from django.contrib.contenttypes.models import ContentType
from django.db import connection

SCHEMA = "demo_snapshot"


class Snapshot:
    def __init__(self) -> None:
        self._copy: sqlite3.Connection | None = None
        self._tables: list[str] = []

    def take(self) -> None:
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            self._copy = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(self._copy)
            return
        self._tables = [table for table in connection.introspection.table_names() if not table.startswith("pg_")]
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
            cursor.execute(f"CREATE SCHEMA {SCHEMA}")
            for table in self._tables:
                name = connection.ops.quote_name(table)
                cursor.execute(f"CREATE TABLE {SCHEMA}.{name} AS SELECT * FROM public.{name}")

    def restore(self) -> None:
        """The database as it was when :meth:`take` ran (every table emptied and filled again)."""
        connection.ensure_connection()
        if self._copy is not None:
            self._copy.backup(connection.connection)
        else:
            names = [connection.ops.quote_name(table) for table in self._tables]
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = replica")  # no foreign key checks
                try:
                    cursor.execute(f"TRUNCATE {', '.join(f'public.{name}' for name in names)}")
                    for name in names:
                        cursor.execute(f"INSERT INTO public.{name} SELECT * FROM {SCHEMA}.{name}")
                finally:
                    cursor.execute("SET session_replication_role = DEFAULT")
        ContentType.objects.clear_cache()
