"""``rallye backup --out FILE`` and ``rallye restore FILE`` (``rallye.cli.web`` sets Django up).

A backup is one ``.tar.gz`` archive:

- ``manifest.json``: the format, Rallye's version, the date, the database engine and the last
  migration of each application;
- ``database.json``: every table, written by Django's ``dumpdata`` inside one transaction (a
  consistent snapshot), with their ids: the pseudonyms given to evaluators are keyed hashes of
  these ids, so they stay the same. Django's own tables that ``migrate`` rebuilds (content types,
  permissions) and the sessions are left out; rows that point to them use natural keys.
  The format is the same for SQLite and PostgreSQL, needs no ``pg_dump`` of matching version,
  and a SQLite backup restores into PostgreSQL (the way to move to it);
- ``data/``: the data folder (logos, uploaded files, the pseudonym key), without the SQLite
  database files.

``restore`` loads a backup into an empty database (it applies the migrations first) and its
data folder; it refuses a file that is not a backup, a database that already holds data and a
data folder whose files would be replaced, and then changes nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import sys
import tarfile
import tempfile
from importlib.metadata import version
from pathlib import Path, PurePosixPath
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.db.migrations.recorder import MigrationRecorder

EXIT_OK = 0
EXIT_INVALID = 2
FORMAT = "rallye-backup/1"
MANIFEST = "manifest.json"
DATABASE = "database.json"
DATA = "data"
NOT_DUMPED = ("contenttypes", "auth.permission", "sessions", "evaluation.storedrecord")
"""Rebuilt by ``migrate`` (content types, permissions), rebuilt when read (the rallies' stored
records), or not worth keeping (sessions)."""
DATABASE_FILES = ("rallye.sqlite3", "rallye.sqlite3-wal", "rallye.sqlite3-shm", "rallye.sqlite3-journal")
KEY_FILE = "pseudonym.key"


class NotABackup(Exception):
    """The file is not an archive written by ``rallye backup`` (the message says why, in French)."""


def backup(out: Path) -> int:
    out = out.resolve()
    if out.is_dir():
        print(f"{out} est un dossier : donnez le nom de l'archive à écrire (--out sauvegarde.tar.gz).", file=sys.stderr)
        return EXIT_INVALID
    data_dir = Path(settings.DATA_DIR).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partiel")
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / DATABASE
        _dump_database(dump)
        files = [
            path
            for path in sorted(data_dir.rglob("*"))
            if path.is_file()
            and path.name not in DATABASE_FILES
            and path not in (out, partial)
            and Path(settings.CACHE_DIR).resolve() not in path.parents
        ]
        manifest = {
            "format": FORMAT,
            "rallye": version("rallye"),
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "engine": connection.vendor,
            "migrations": _migrations(),
            "pseudonym_key": "environment" if settings.PSEUDONYM_KEY else "data folder",
            "files": len(files),
        }
        with tarfile.open(partial, "w:gz") as archive:
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False).encode())
            archive.add(dump, DATABASE)
            for path in files:
                archive.add(path, f"{DATA}/{path.relative_to(data_dir).as_posix()}", recursive=False)
    partial.replace(out)
    out.chmod(0o600)  # it holds personal data and the pseudonym key
    print(f"Sauvegarde écrite : {out} (base de données et {len(files)} fichier(s) du dossier de données).")
    print("Elle contient des données personnelles et la clé des pseudonymes : gardez-la en lieu sûr.")
    if settings.PSEUDONYM_KEY:
        print("La clé des pseudonymes vient de RALLYE_PSEUDONYM_KEY : gardez-la aussi, elle n'est pas dans l'archive.")
    return EXIT_OK


def restore(file: Path) -> int:
    if not file.is_file():
        print(
            f"{file} : fichier introuvable ; donnez le chemin de l'archive écrite par rallye backup.", file=sys.stderr
        )
        return EXIT_INVALID
    try:
        with _open(file) as archive:
            manifest = _manifest(archive, file)
            call_command("migrate", interactive=False, verbosity=0)
            problem = _newer_migrations(manifest) or _not_empty() or _files_in_the_way(archive)
            if problem:
                print(problem, file=sys.stderr)
                return EXIT_INVALID
            _load_database(archive)
            count = _extract_data(archive)
    except NotABackup as not_a_backup:
        print(not_a_backup, file=sys.stderr)
        return EXIT_INVALID
    print(f"Sauvegarde du {manifest['created'][:10]} restaurée : base de données et {count} fichier(s) de données.")
    if manifest.get("pseudonym_key") == "environment":
        print(
            "Donnez à RALLYE_PSEUDONYM_KEY la même valeur qu'au moment de la sauvegarde : les pseudonymes en dépendent."
        )
    return EXIT_OK


def _open(file: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(file, "r:gz")
    except (tarfile.TarError, OSError) as error:
        raise NotABackup(
            f"{file} n'est pas une sauvegarde de Rallye (ce n'est pas une archive .tar.gz) : rien n'a été restauré."
        ) from error


def _dump_database(path: Path) -> None:
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":  # one snapshot for every table
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        call_command(
            "dumpdata",
            exclude=list(NOT_DUMPED),
            natural_foreign=True,
            use_base_manager=True,
            output=str(path),
            verbosity=0,
        )


def _migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, name), name)
    return dict(sorted(latest.items()))


def _add_bytes(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
    archive.addfile(info, io.BytesIO(content))


def _manifest(archive: tarfile.TarFile, file: Path) -> dict[str, Any]:
    try:
        member = archive.extractfile(MANIFEST)
        manifest = json.loads(member.read()) if member else None
    except (KeyError, ValueError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise NotABackup(
            f"{file} n'est pas une sauvegarde de Rallye (pas de fiche {MANIFEST}) : rien n'a été restauré."
        )
    if DATABASE not in archive.getnames():
        raise NotABackup(f"{file} est incomplète (pas de {DATABASE}) : rien n'a été restauré.")
    return manifest


def _newer_migrations(manifest: dict[str, Any]) -> str:
    known = _migrations()
    newer = [app for app, name in manifest.get("migrations", {}).items() if name > known.get(app, "")]
    if newer:
        return (
            f"Cette sauvegarde vient d'une version plus récente de Rallye ({manifest.get('rallye', '?')}) : "
            "mettez Rallye à jour, puis relancez la restauration. Rien n'a été restauré."
        )
    return ""


def _not_empty() -> str:
    skipped = {"contenttypes", "sessions"}
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label in skipped or label == "auth.permission":
            continue
        if model._base_manager.exists():
            return (
                f"La base de données n'est pas vide (elle contient déjà : {model._meta.verbose_name_plural}) : "
                "restaurez dans une base neuve (DATABASE_URL), rien n'a été restauré."
            )
    return ""


def _data_members(archive: tarfile.TarFile) -> list[tuple[tarfile.TarInfo, PurePosixPath]]:
    """The data folder's files, refusing any path that would leave the folder."""
    members = []
    for member in archive.getmembers():
        path = PurePosixPath(member.name)
        if path.parts[:1] != (DATA,) or len(path.parts) < 2:
            continue
        relative = PurePosixPath(*path.parts[1:])
        if not member.isfile() or relative.is_absolute() or ".." in relative.parts:
            raise NotABackup(f"Fichier inattendu dans la sauvegarde ({member.name}) : rien n'a été restauré.")
        members.append((member, relative))
    return members


def _files_in_the_way(archive: tarfile.TarFile) -> str:
    data_dir = Path(settings.DATA_DIR)
    for member, relative in _data_members(archive):
        target = data_dir / relative
        if target.exists():
            source = archive.extractfile(member)
            if source is None or source.read() != target.read_bytes():
                return (
                    f"Le dossier de données ({data_dir}) contient déjà {relative} : restaurez dans un dossier "
                    "vide (RALLYE_DATA_DIR), rien n'a été restauré."
                )
    return ""


def _load_database(archive: tarfile.TarFile) -> None:
    with tempfile.TemporaryDirectory() as work:
        archive.extract(DATABASE, work, filter="data")
        try:
            with transaction.atomic():
                call_command("loaddata", str(Path(work) / DATABASE), verbosity=0)
        except (DatabaseError, ValueError) as error:  # DeserializationError is a ValueError
            raise NotABackup(
                f"La base de la sauvegarde n'a pas pu être chargée ({error}) : rien n'a été restauré."
            ) from error


def _extract_data(archive: tarfile.TarFile) -> int:
    data_dir = Path(settings.DATA_DIR)
    members = _data_members(archive)
    for member, relative in members:
        target = data_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        source = archive.extractfile(member)
        assert source is not None
        target.write_bytes(source.read())
        if relative.name == KEY_FILE:
            os.chmod(target, 0o600)
    return len(members)
