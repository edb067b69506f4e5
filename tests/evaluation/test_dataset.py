"""The pseudonymised data set: what each table holds, its files, and that no identifying value
of anybody is written in any of them."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import openpyxl

from rallye.evaluation.dataset import (
    ARCHIVE,
    README,
    WORKBOOK,
    age_band,
    csv_bytes,
    dataset,
    dataset_xlsx,
    dataset_zip,
    write_dataset,
)
from rallye.evaluation.pseudonyms import pseudonym
from rallye.evaluation.records import rally_records
from rallye.plans.versions import current_plan
from rallye.rallies.models import Rally
from rallye.reporting.records import RallyRecord
from tests.evaluation.people import (
    BIRTH_YEAR,
    FREE_TEXT,
    Season,
    identifying_values,
    leaks,
    xlsx_text,
)


def records() -> list[RallyRecord]:
    return rally_records(Rally.objects.select_related("structure"))


def test_age_bands_are_the_public_employment_services() -> None:
    assert [age_band(a) for a in (18, 25, 26, 49, 50, 66)] == [
        "moins de 26 ans",
        "moins de 26 ans",
        "26 à 49 ans",
        "26 à 49 ans",
        "50 ans et plus",
        "50 ans et plus",
    ]


def test_participants_table_describes_people_by_pseudonym_and_age_band(season: Season) -> None:
    participants, _, _ = dataset(records())
    rows = {row["Pseudonyme"]: row for row in participants.dicts()}
    row = rows[pseudonym("participant", season.person.pk)]
    assert row["Rallye"] == pseudonym("rally", season.rally.pk)
    assert row["Structure"] == "MIFE de Haute-Savoie"
    assert row["Année"] == 2027
    assert row["Tranche d'âge"] == "50 ans et plus"  # born in 1961, 66 in 2027
    assert row["Genre"] == "Femme"
    assert row["Situation à 6 mois"] == "CDI"
    assert row["Solution professionnelle à 6 mois"] == "oui"
    assert row["Avant : regard sur les entreprises (1 à 4)"] == 2
    assert row["Après : regard sur les entreprises (1 à 4)"] == 3
    assert row["Après : projet"] == "me former"
    assert not any("comment" in header.lower() or "ajouter" in header for header in participants.headers)
    assert str(season.rally.pk) not in {str(r["Rallye"]) for r in rows.values()}
    people = Rally.objects.get(pk=season.rally.pk).participants.count()
    assert sum(1 for r in rows.values() if r["Rallye"] == row["Rallye"]) == people
    unrecorded = [
        r for r in rows.values() if r["Rallye"] == row["Rallye"] and r["Situation à 6 mois"] == "non renseignée"
    ]
    assert len(unrecorded) == people - 8


def test_companies_and_rallies_tables(season: Season) -> None:
    _, companies, rallies = dataset(records())
    mine = [c for c in companies.dicts() if c["Rallye"] == pseudonym("rally", season.rally.pk)]
    assert len(mine) == season.rally.companies.count()
    assert mine[0]["Retour de l'entreprise : recrutement"] == "peut-être"
    assert mine[0]["Retour de l'entreprise : motivation perçue (1 à 4)"] == 4
    assert "Nom" not in companies.headers
    rally = next(r for r in rallies.dicts() if r["Rallye"] == pseudonym("rally", season.rally.pk))
    assert (rally["Année"], rally["Mois"], rally["Durée (jours)"]) == (2027, 3, 4)  # 16 to 19 March
    assert rally["Participants"] == season.rally.participants.filter(present=True).count()
    plan = current_plan(season.rally)
    assert plan is not None and plan.content is not None
    teams = plan.content["teams"]
    assert (rally["Équipes"], rally["Visites"]) == (len(teams), sum(len(t["visits"]) for t in teams))
    assert rally["Fidélité K1"] in (0, 1, 2, 3, 4)
    assert rally["Fidélité R1"] is None  # the rally has not taken place yet: not assessable


def test_written_files_are_csv_for_french_excel_with_a_readme(season: Season, tmp_path: Path) -> None:
    paths = write_dataset(records(), tmp_path / "out")
    assert {p.name for p in paths} == {"participants.csv", "entreprises.csv", "rallyes.csv", README, WORKBOOK}
    raw = (tmp_path / "out" / "participants.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Pseudonyme", "Rallye", "Structure"]
    assert len(rows) - 1 == sum(len(r.people) for r in records())
    readme = (tmp_path / "out" / README).read_text(encoding="utf-8")
    assert "HMAC-SHA256" in readme and "n'est jamais transmise aux évaluateurs" in readme
    assert "- Tranche d'âge : " in readme and "moins de 26 ans" in readme
    workbook = openpyxl.load_workbook(tmp_path / "out" / WORKBOOK)
    assert workbook.sheetnames == ["Participants", "Entreprises", "Rallyes", "Lisez-moi"]


def test_no_identifying_value_in_any_written_byte(season: Season, tmp_path: Path) -> None:
    values = identifying_values()
    assert {FREE_TEXT, "Gontran Vérisseau", "06 98 76 54 32"} <= values.texts and BIRTH_YEAR in values.years
    data = records()
    for path in write_dataset(data, tmp_path):
        content = path.read_bytes()
        text = xlsx_text(content) if path.suffix == ".xlsx" else content.decode("utf-8-sig")
        assert leaks(text, values) == [], path.name
    assert leaks(xlsx_text(dataset_xlsx(data)), values) == []
    with zipfile.ZipFile(io.BytesIO(dataset_zip(data))) as archive:
        assert sorted(archive.namelist()) == sorted(["participants.csv", "entreprises.csv", "rallyes.csv", README])
        for name in archive.namelist():
            assert leaks(archive.read(name).decode("utf-8-sig"), values) == [], f"{ARCHIVE}/{name}"


def test_the_search_finds_what_it_looks_for(season: Season) -> None:
    """The leak search is not blind: a line holding the values is caught."""
    values = identifying_values()
    assert leaks(f"P-1;{FREE_TEXT.replace(chr(39), '&#x27;')};Zéphyrine;{BIRTH_YEAR}", values) == sorted(
        [FREE_TEXT, "Zéphyrine", str(BIRTH_YEAR)]
    )
    assert leaks("Boulangerie P-1961ab 21961", values) == []


def test_csv_keeps_formula_like_text_as_text() -> None:
    content = csv_bytes(["statut", "nombre"], [['=HYPERLINK("http://x")', 3], ["-2+3", None], ["DELD", 4]])
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1:] == [['=HYPERLINK("http://x")'.join(("'", "")), "3"], ["'-2+3", ""], ["DELD", "4"]]
