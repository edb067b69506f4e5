"""Every malformed rally file ends the command with a French message naming it and exit code 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rallye.cli.main import EXIT_INVALID, main
from tests.factories import rally_content
from tests.formats.malformed import CORPUS, Malformed, deeply_nested_json


@pytest.mark.parametrize("case", CORPUS.values(), ids=CORPUS.keys())
def test_a_malformed_rally_file_exits_2_in_french(
    case: Malformed, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = case.build(tmp_path)

    assert main(["plan", str(path), "--out", str(tmp_path / "sortie")]) == EXIT_INVALID

    err = capsys.readouterr().err
    assert err.startswith("Fichier invalide : 1 problème à corriger (rien n'a été calculé ni enregistré).")
    assert path.name in err and case.says in err
    assert "Traceback" not in err and "Error" not in err
    assert not (tmp_path / "sortie").exists()


def test_a_malformed_plan_file_exits_2_in_french(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rally = tmp_path / "rally.json"
    rally.write_text(json.dumps(rally_content()), encoding="utf-8")
    plan = deeply_nested_json(tmp_path)

    assert main(["check", str(rally), str(plan)]) == EXIT_INVALID

    assert "imbrique.json : le fichier imbrique trop de listes ou d'objets" in capsys.readouterr().err


def test_a_long_list_of_problems_is_cut_and_counted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = rally_content()
    person = content["participants"][0]
    content["participants"] = [person | {"id": f"P{n}", "birth_year": "inconnue"} for n in range(1_500)]
    path = tmp_path / "rally.json"
    path.write_text(json.dumps(content), encoding="utf-8")

    assert main(["plan", str(path), "--out", str(tmp_path / "sortie")]) == EXIT_INVALID

    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith("Fichier invalide : 1500 problèmes à corriger")
    assert len(lines) == 1 + 200 + 1
    assert lines[-1] == "  … et 1300 autres problèmes"
