"""``rallye export pseudonymised``, ``rallye export people`` and ``rallye purge`` on the demo
database (its past season included), as the operator runs them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from rallye.cli.main import EXIT_INVALID, EXIT_OK, main
from rallye.evaluation.models import DataAction, PersonalDataLog
from rallye.rallies.models import Company, Participant
from tests.evaluation.people import (
    CONTACT_NAME,
    FIRST_NAME,
    FREE_TEXT,
    PHONE,
    Season,
    build_season,
    identifying_values,
    leaks,
    long_past,
    xlsx_text,
)


@pytest.fixture
def season(db: None) -> Season:
    return build_season()


def test_export_pseudonymised_writes_the_data_set_without_identifying_values(
    season: Season, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "evaluation"
    assert main(["export", "pseudonymised", "--out", str(out)]) == EXIT_OK
    names = sorted(p.name for p in out.iterdir())
    assert names == ["README.txt", "donnees-pseudonymisees.xlsx", "entreprises.csv", "participants.csv", "rallyes.csv"]
    values = identifying_values()
    for path in out.iterdir():
        content = path.read_bytes()
        assert leaks(xlsx_text(content) if path.suffix == ".xlsx" else content.decode("utf-8-sig"), values) == []
    rows = list(csv.DictReader(io.StringIO((out / "participants.csv").read_text("utf-8-sig")), delimiter=";"))
    assert len(rows) == Participant.objects.count()
    printed = capsys.readouterr().out
    assert f"Jeu de données pseudonymisé écrit dans {out} : {len(rows)} personnes" in printed
    assert "ne doit jamais être donnée aux évaluateurs" in printed
    log = PersonalDataLog.objects.get()
    assert (log.action, log.people, log.user) == (DataAction.PSEUDONYMISED_EXPORT, len(rows), None)


def test_export_people_writes_everything_and_warns(
    season: Season, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "personnes.csv"
    assert main(["export", "people", "--out", str(path)]) == EXIT_OK
    content = path.read_text("utf-8-sig")
    for value in (FIRST_NAME, PHONE, FREE_TEXT):
        assert value in content
    assert path.stat().st_mode & 0o777 == 0o600  # readable by the operator only
    printed = capsys.readouterr().out
    assert f"Export complet écrit : {path} ({Participant.objects.count()} personnes" in printed
    assert "gardez-le en lieu sûr" in printed
    assert PersonalDataLog.objects.get().action == DataAction.PEOPLE_EXPORT


def test_export_people_wants_a_csv_file(season: Season, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "people", "--out", str(tmp_path / "personnes.xlsx")]) == EXIT_INVALID
    assert "donnez un nom qui finit par .csv" in capsys.readouterr().err
    assert not (tmp_path / "personnes.xlsx").exists() and not PersonalDataLog.objects.exists()


def test_purge_dry_run_then_purge(season: Season, capsys: pytest.CaptureFixture[str]) -> None:
    long_past(season.rally)  # Annecy 2027 held in 2012: kept until September 2022
    people = season.rally.participants.count()
    assert main(["purge", "--dry-run"]) == EXIT_OK
    printed = capsys.readouterr().out
    assert f"Simulation, rien n'est modifié. À anonymiser : {people} personnes." in printed
    assert f"{season.rally.name} (conservé jusqu'au 19/09/2022) : {people} personnes" in printed
    assert "Relancez sans --dry-run" in printed
    assert not Participant.objects.filter(anonymised_at__isnull=False).exists()
    assert Company.objects.filter(contact_name=CONTACT_NAME).exists() and not PersonalDataLog.objects.exists()

    assert main(["purge"]) == EXIT_OK
    printed = capsys.readouterr().out
    assert f"Anonymisation faite (durée de conservation passée) : {people} personnes." in printed
    assert set(Participant.objects.filter(anonymised_at__isnull=False)) == set(season.rally.participants.all())
    assert not Company.objects.filter(contact_name=CONTACT_NAME).exists()
    log = PersonalDataLog.objects.exclude(detail__contains="annuaire").get()
    assert (log.action, log.people, log.structure) == (DataAction.PURGE, people, season.rally.structure)
    # the directory's contacts of the rally's companies go too (``rallye.evaluation.directory_data``)
    directory = PersonalDataLog.objects.get(detail__contains="annuaire")
    assert (directory.action, directory.structure) == (DataAction.PURGE, season.rally.structure)

    assert main(["purge"]) == EXIT_OK
    assert "Aucune donnée à anonymiser aujourd'hui" in capsys.readouterr().out


def test_export_pseudonymised_wants_a_folder(db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    existing = tmp_path / "donnees.csv"
    existing.write_text("déjà là", encoding="utf-8")
    assert main(["export", "pseudonymised", "--out", str(existing)]) == EXIT_INVALID
    assert "donnez un dossier où écrire le jeu de données" in capsys.readouterr().err
    assert existing.read_text(encoding="utf-8") == "déjà là" and not PersonalDataLog.objects.exists()
