"""``rallye backup`` and ``rallye restore``: a restored copy, in an empty database and data
folder, has the same rallies, plans and pseudonyms; anything else is refused and changes nothing."""

from __future__ import annotations

import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from pytest_django.fixtures import Settings

from rallye.cli.main import EXIT_INVALID, EXIT_OK, main
from rallye.evaluation import pseudonyms
from rallye.evaluation.pseudonyms import pseudonym
from rallye.organisations.models import User
from rallye.plans.models import PlanVersion
from rallye.plans.services import request_plan
from rallye.rallies.models import Participant, Rally
from tests.evaluation.people import build_season

pytestmark = pytest.mark.django_db


def _snapshot() -> dict[str, Any]:
    """What a user of the restored copy would look at."""
    return {
        "rallies": sorted(Rally.objects.values_list("pk", "name", "structure__name")),
        "plans": sorted(PlanVersion.objects.values_list("rally__name", "number", "is_current", "content")),
        "pseudonyms": [
            pseudonym("participant", pk) for pk in Participant.objects.order_by("pk").values_list("pk", flat=True)
        ],
        "logins": sorted(User.objects.values_list("email", "password")),
    }


@pytest.fixture
def data_dir(settings: Settings, tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    (folder / "logos").mkdir(parents=True)
    (folder / "logos" / "mife.png").write_bytes(b"\x89PNG logo")
    settings.DATA_DIR = folder
    pseudonyms._key.cache_clear()
    return folder


@pytest.fixture
def archive(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The demo's season backed up (the pseudonym key is made by the first pseudonym)."""
    build_season()
    pseudonym("participant", 1)
    path = tmp_path / "sauvegarde.tar.gz"
    assert main(["backup", "--out", str(path)]) == EXIT_OK
    assert "Sauvegarde écrite" in capsys.readouterr().out
    return path


def _empty_copy(settings: Settings, tmp_path: Path) -> Path:
    """Another installation: its own data folder, a database emptied."""
    if connection.vendor == "postgresql":  # checks deferred in the test's transaction would block the flush
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":  # back to PostgreSQL's default, as a restore's own transaction has it
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    restored = tmp_path / "restored"
    settings.DATA_DIR = restored
    pseudonyms._key.cache_clear()
    return restored


def test_a_restored_copy_has_the_same_rallies_plans_and_pseudonyms(
    archive: Path, data_dir: Path, settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _snapshot()
    assert before["plans"] and (data_dir / "pseudonym.key").exists()
    restored = _empty_copy(settings, tmp_path)
    assert Rally.objects.count() == 0
    assert main(["restore", str(archive)]) == EXIT_OK
    assert "restaurée" in capsys.readouterr().out
    pseudonyms._key.cache_clear()
    assert _snapshot() == before
    assert (restored / "logos" / "mife.png").read_bytes() == b"\x89PNG logo"
    assert (restored / "pseudonym.key").stat().st_mode & 0o777 == 0o600
    # The restored copy keeps working: a new plan version gets the next number.
    rally = Rally.objects.get(pk=before["rallies"][0][0])
    numbers = [number for name, number, *_ in before["plans"] if name == rally.name]
    assert request_plan(rally, None, time_limit=1).number == max(numbers, default=0) + 1


def test_restore_refuses_a_database_that_holds_data(
    archive: Path, settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.DATA_DIR = tmp_path / "elsewhere"
    rallies = Rally.objects.count()
    assert main(["restore", str(archive)]) == EXIT_INVALID
    assert "La base de données n'est pas vide" in capsys.readouterr().err
    assert Rally.objects.count() == rallies
    assert not (tmp_path / "elsewhere" / "logos").exists()


def test_restore_refuses_to_replace_files_of_the_data_folder(
    archive: Path, settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    restored = _empty_copy(settings, tmp_path)
    (restored / "logos").mkdir(parents=True)
    (restored / "logos" / "mife.png").write_bytes(b"another logo")
    assert main(["restore", str(archive)]) == EXIT_INVALID
    assert "contient déjà logos/mife.png" in capsys.readouterr().err
    assert Rally.objects.count() == 0


@pytest.mark.parametrize("content", [b"not an archive", None])
def test_restore_refuses_a_file_that_is_not_a_backup(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None
) -> None:
    path = tmp_path / "autre.tar.gz"
    if content is None:  # a real archive, but not a backup
        with tarfile.open(path, "w:gz") as archive:
            archive.add(data_dir / "logos" / "mife.png", "mife.png")
    else:
        path.write_bytes(content)
    rallies = Rally.objects.count()
    assert main(["restore", str(path)]) == EXIT_INVALID
    assert "n'est pas une sauvegarde de Rallye" in capsys.readouterr().err
    assert Rally.objects.count() == rallies  # nothing restored, nothing lost


def test_restore_says_when_the_file_is_missing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["restore", str(tmp_path / "absente.tar.gz")]) == EXIT_INVALID
    assert "fichier introuvable" in capsys.readouterr().err
