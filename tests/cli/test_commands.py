"""The command line as an organiser uses it: files in, files and French text out, exit codes."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pytest

from rallye.cli.main import EXIT_INVALID, EXIT_NO_PLAN, EXIT_NO_PLAN_IN_TIME, EXIT_OK, EXIT_RULE_BROKEN, main
from rallye.engine.results import NoPlanFound
from rallye.formats.rally_xlsx import write_rally_xlsx
from tests.factories import build, rally_content

FAST = ["--time-limit", "2", "--workers", "1", "--quiet"]


def write_json(path: Path, content: dict[str, Any]) -> Path:
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def planned_and_printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """The small rally planned once by ``rallye plan``: (rally file, output folder, what it printed)."""
    folder = tmp_path_factory.mktemp("plan")
    rally = write_json(folder / "rally.json", rally_content())
    printed = io.StringIO()
    with redirect_stdout(printed):
        assert main(["plan", str(rally), "--out", str(folder / "out"), *FAST]) == EXIT_OK
    return rally, folder / "out", printed.getvalue()


@pytest.fixture
def planned(planned_and_printed: tuple[Path, Path, str]) -> tuple[Path, Path]:
    return planned_and_printed[:2]


def test_plan_writes_plan_workbook_and_summary(planned: tuple[Path, Path]) -> None:
    _, out = planned
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    assert plan["format"] == "rallye-plan/1"
    assert plan["status"] in ("optimal", "feasible")
    assert {"objective", "bound", "seconds"} <= plan["solver"].keys()
    assert (out / "planning.xlsx").stat().st_size > 0
    summary = (out / "resume.txt").read_text(encoding="utf-8")
    assert "Équipe 1 — véhicule" in summary
    assert "départ de MIFE" in summary
    assert "Journée la plus longue" in summary
    assert "K1 Participants : 16 (attendu 15 à 30) ✓" in summary


def test_plan_prints_the_summary(planned_and_printed: tuple[Path, Path, str]) -> None:
    out = planned_and_printed[2]
    assert "Membres (4)" in out and "Conformité à la charte" in out


def test_check_accepts_the_plan_it_made(planned: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    rally, out = planned
    assert main(["check", str(rally), str(out / "plan.json")]) == EXIT_OK
    assert "Toutes les règles sont respectées." in capsys.readouterr().out


def test_check_names_a_broken_rule(
    planned: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rally, out = planned
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    removed = plan["teams"][0]["members"].pop()
    broken = write_json(tmp_path / "plan.json", plan)
    assert main(["check", str(rally), str(broken)]) == EXIT_RULE_BROKEN
    text = capsys.readouterr().out
    assert "H1" in text and removed in text and "✗" in text


def test_invalid_rally_lists_every_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = rally_content()
    content["participants"][3]["birth_year"] = 19845
    content["companies"][2]["capacity"] = "beaucoup"
    del content["vehicles"][0]["seats"]
    rally = write_json(tmp_path / "rally.json", content)
    assert main(["plan", str(rally), "--out", str(tmp_path / "out"), *FAST]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert "3 problèmes" in err
    assert "rally.json, participants[3].birth_year : « 19845 » n'est pas une année" in err
    assert "companies[2].capacity : « beaucoup » n'est pas un nombre entier" in err
    assert "vehicles[0].seats : valeur manquante" in err
    assert not (tmp_path / "out").exists()


def test_invalid_plan_file_exits_2(planned: tuple[Path, Path], tmp_path: Path) -> None:
    rally, _ = planned
    bad = tmp_path / "plan.json"
    bad.write_text("{ pas du json", encoding="utf-8")
    assert main(["check", str(rally), str(bad)]) == EXIT_INVALID


def test_impossible_rally_exits_3_with_the_reason(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rally = write_json(tmp_path / "rally.json", rally_content(vehicles=(5, 5, 5)))
    assert main(["plan", str(rally), "--out", str(tmp_path / "out"), *FAST]) == EXIT_NO_PLAN
    err = capsys.readouterr().err
    assert "Aucun planning possible" in err and "il manque 4 places" in err


def test_no_plan_within_the_time_limit_exits_5(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def out_of_time(*_: object) -> None:
        raise NoPlanFound((), proven=False, time_limit=1.0)

    monkeypatch.setattr("rallye.engine.solve.solve", out_of_time)
    rally = write_json(tmp_path / "rally.json", rally_content())
    assert main(["plan", str(rally), "--out", str(tmp_path / "out"), *FAST]) == EXIT_NO_PLAN_IN_TIME
    err = capsys.readouterr().err
    assert "Aucun planning trouvé" in err and "Relancez avec plus de temps (--time-limit)" in err


def test_template_writes_the_workbook_to_fill(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "modele.xlsx"
    assert main(["template", str(path)]) == EXIT_OK
    assert path.exists()
    assert main(["template", str(tmp_path / "modele.txt")]) == EXIT_INVALID


def test_xlsx_and_json_give_the_same_plan(planned: tuple[Path, Path], tmp_path: Path) -> None:
    _, from_json_out = planned  # the same rally, from its JSON file, with the same options
    xlsx_file = tmp_path / "rally.xlsx"
    write_rally_xlsx(build(rally_content()), xlsx_file)
    assert main(["plan", str(xlsx_file), "--out", str(tmp_path / "from-xlsx"), *FAST]) == EXIT_OK
    from_json = json.loads((from_json_out / "plan.json").read_text(encoding="utf-8"))
    from_xlsx = json.loads((tmp_path / "from-xlsx" / "plan.json").read_text(encoding="utf-8"))
    assert from_json["teams"] == from_xlsx["teams"]
    assert from_json["metrics"] == from_xlsx["metrics"]


def test_replan_writes_the_new_plan_and_lists_the_changes(
    planned: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rally, out = planned
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    company = plan["teams"][0]["visits"][0]["company"]
    absent = plan["teams"][0]["members"][0]
    args = ["replan", str(rally), str(out / "plan.json"), "--absent", absent, "--cancel", company]
    assert main([*args, "--out", str(tmp_path / "new"), *FAST]) == EXIT_OK
    text = capsys.readouterr().out
    assert "Changements par rapport au planning précédent :" in text
    data = json.loads(rally.read_text(encoding="utf-8"))
    person = next(p for p in data["participants"] if p["id"] == absent)
    place = next(c for c in data["companies"] if c["id"] == company)
    assert f"Absents : {person['first_name']} {person['last_name']}" in text  # names, not codes
    assert f"Visite annulée : Équipe 1 chez {place['name']}, " in text
    new_plan = json.loads((tmp_path / "new" / "plan.json").read_text(encoding="utf-8"))
    assert new_plan["changes"]["absent"] == [absent]
    assert new_plan["changes"]["cancelled"] == [company]
    assert absent in new_plan["absent"]
    assert main(["check", str(rally), str(tmp_path / "new" / "plan.json")]) == EXIT_OK


def test_replan_with_an_unknown_participant_exits_2(
    planned: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rally, out = planned
    args = ["replan", str(rally), str(out / "plan.json"), "--absent", "P99", "--out", str(tmp_path / "new")]
    assert main([*args, *FAST]) == EXIT_INVALID
    assert "« P99 » n'est pas l'identifiant d'un participant" in capsys.readouterr().err


def test_fidelity_prints_the_prefilled_grid(planned: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    rally, out = planned
    assert main(["fidelity", str(rally), str(out / "plan.json")]) == EXIT_OK
    printed = capsys.readouterr().out
    assert "Respect des chiffres clés du rallye" in printed
    assert "  K1 4/4 — Avoir entre 15 et 30 participants" in printed
    assert "  O1 non évaluable à ce stade — Permettre une découverte mutuelle" in printed
    assert sum(1 for line in printed.splitlines() if line.startswith("  ") and not line.startswith("      ")) == 19


def test_help_and_usage_errors_are_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as shown:
        main(["report", "--help"])
    assert shown.value.code == EXIT_OK
    help_text = capsys.readouterr().out
    assert help_text.startswith("utilisation : rallye report")
    assert "afficher cette aide" in help_text and "positional arguments" not in help_text
    with pytest.raises(SystemExit) as refused:
        main(["report"])
    assert refused.value.code == EXIT_INVALID
    assert "rallye report : erreur :" in capsys.readouterr().err
