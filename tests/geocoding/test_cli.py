"""``rallye plan`` and the other commands with places given by their address only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rallye.cli.main import EXIT_INVALID, EXIT_OK, main
from tests.factories import rally_content
from tests.geocoder_stub import StubGeocoder
from tests.geocoding.test_rally_files import addressed

FAST = ["--time-limit", "1", "--workers", "1", "--quiet"]  # the places are tested, not the solve


def rally_file(tmp_path: Path) -> Path:
    content = addressed(rally_content(), base="3 avenue de Genève Annecy", C01="12 rue de la Paix Annecy")
    content = addressed(content, C03="Place Mairie Voiron")
    path = tmp_path / "rally.json"
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return path


def test_plan_locates_the_places_and_says_so(
    stub: StubGeocoder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RALLYE_GEOCODER_URL", stub.url)
    assert main(["plan", str(rally_file(tmp_path)), "--out", str(tmp_path / "out"), *FAST]) == EXIT_OK
    err = capsys.readouterr().err
    assert "3 lieux localisés d'après l'adresse (Base adresse nationale) :" in err
    assert "rally.json, companies[0] : « 12 rue de la Paix Annecy » → « 12 Rue de la Paix 74000 Annecy »" in err
    assert "« Place Mairie Voiron » → « 1 Place de la Mairie 38500 Voiron » (score 0,43) — à vérifier" in err
    assert len(stub.queries) == 3
    assert json.loads((tmp_path / "out" / "plan.json").read_text(encoding="utf-8"))["format"] == "rallye-plan/1"


@pytest.mark.parametrize("service", ["off", "down", "unused port"])
def test_plan_exits_2_naming_each_place_without_coordinates(
    stub: StubGeocoder,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    service: str,
) -> None:
    if service == "off":
        monkeypatch.setenv("RALLYE_GEOCODER_URL", "")
    elif service == "down":
        stub.mode = "down"
        monkeypatch.setenv("RALLYE_GEOCODER_URL", stub.url)
    rally = rally_file(tmp_path)
    assert main(["plan", str(rally), "--out", str(tmp_path / "out"), *FAST]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert "Fichier invalide : 3 problèmes à corriger" in err
    for place in ("rally.base.address", "companies[0].address", "companies[2].address"):
        assert f"rally.json, {place} : « " in err
    reason = "est désactivée" if service == "off" else "le service d'adresses ne répond pas"
    assert err.count(reason) == 3
    assert not (tmp_path / "out").exists()


def test_check_reads_the_same_file(
    stub: StubGeocoder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RALLYE_GEOCODER_URL", stub.url)
    rally = rally_file(tmp_path)
    assert main(["plan", str(rally), "--out", str(tmp_path / "out"), *FAST]) == EXIT_OK
    assert main(["check", str(rally), str(tmp_path / "out" / "plan.json")]) in (EXIT_OK, 4)
    monkeypatch.setenv("RALLYE_GEOCODER_URL", "")
    assert main(["check", str(rally), str(tmp_path / "out" / "plan.json")]) == EXIT_INVALID
    assert "companies[0].address" in capsys.readouterr().err
