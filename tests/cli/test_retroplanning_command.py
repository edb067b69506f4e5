"""``rallye retroplanning``: the example rally's retro-planning as files, and its tips."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import icalendar
import pytest
from openpyxl import load_workbook

from rallye.cli.main import EXIT_INVALID, EXIT_OK, main

EXAMPLE = Path(__file__).parent.parent.parent / "examples" / "annecy-2027" / "rally.json"


def test_writes_ics_and_xlsx_from_the_example(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["retroplanning", str(EXAMPLE), "--out", str(tmp_path)]) == EXIT_OK
    printed = capsys.readouterr().out
    assert "premier jour : mardi 16 mars 2027" in printed
    assert "J-21  23 février 2027 — Information collective (jalon)" in printed
    assert "Aucun conseil déclenché" in printed
    events = list(icalendar.Calendar.from_ical((tmp_path / "retroplanning.ics").read_bytes()).walk("VEVENT"))
    assert any(e.decoded("DTSTART") == dt.date(2027, 3, 6) and "Planning figé" in str(e["SUMMARY"]) for e in events)
    assert not any("accompagnement" in str(e["SUMMARY"]).lower() for e in events)
    sheet = load_workbook(tmp_path / "retroplanning.xlsx")["Rétroplanning"]
    assert sheet.max_row - 2 == len(events)


def test_pathway_adds_its_steps(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["retroplanning", str(EXAMPLE), "--out", str(tmp_path), "--pathway"]) == EXIT_OK
    assert "Accompagnement intensif vers l'entreprise (un mois)" in capsys.readouterr().out


def test_lists_the_tips_the_rally_triggers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    schedule = content["rally"]["schedule"]
    content["rally"]["schedule"] = [s for s in schedule if s["kind"] != "icebreaker"]
    for s in content["rally"]["schedule"]:
        if s["kind"] in ("feedback", "closing"):
            s["date"] = "2027-03-18"
    rally = tmp_path / "rally.json"
    rally.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    assert main(["retroplanning", str(rally), "--out", str(tmp_path / "out")]) == EXIT_OK
    printed = capsys.readouterr().out
    assert "Conseils déclenchés par les données du rallye (2) :" in printed
    assert "Un brise-glace le premier jour : aucun temps d'accueil" in printed
    assert "les retours d'expérience ont lieu le lendemain de la dernière journée de visites" in printed
    assert "Que faire : Placez les retours d'expérience" in printed


def test_a_rally_without_programme_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    content["rally"]["schedule"] = []
    rally = tmp_path / "rally.json"
    rally.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    code = main(["retroplanning", str(rally), "--out", str(tmp_path / "out")])
    assert code == EXIT_INVALID
    assert not (tmp_path / "out").exists()
    assert "le programme n'a aucune session de visites" in capsys.readouterr().err
