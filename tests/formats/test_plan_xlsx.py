"""The planning workbook: its sheets, the team timelines, the company sheets, the grid."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from openpyxl.workbook.workbook import Workbook

from rallye.domain.french import day_long as day_fr
from rallye.domain.plan import Plan, PlanStatus, Team, Visit
from rallye.domain.rally import Rally
from rallye.domain.travel import TravelTimes
from rallye.formats.plan_xlsx import SHEET_NAME_MAX, SheetNames, write_plan_xlsx
from tests.factories import build, rally_content

DAY1, DAY2 = dt.date(2027, 3, 16), dt.date(2027, 3, 17)


def hm(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def visit(company: str, day: dt.date, start: str, end: str) -> Visit:
    return Visit(company, day, hm(start), hm(end))


def sample() -> tuple[Rally, Plan]:
    content = rally_content(people=8, companies=12, vehicles=(5, 5))
    content["vehicles"][0]["accompanier"]["phone"] = "06 11 22 33 44"
    content["companies"][2]["address"] = "1 avenue de la Clinique, Annecy"
    rally = build(content)
    team1 = Team(
        "T1",
        "Équipe 1",
        "V1",
        ("P01", "P02", "P03"),
        (
            visit("C01", DAY1, "09:20", "10:20"),
            visit("C03", DAY1, "10:40", "11:40"),
            visit("C05", DAY1, "14:00", "15:00"),
            visit("C02", DAY2, "09:00", "10:00"),
        ),
    )
    team2 = Team(
        "T2",
        "Équipe 2",
        "V2",
        ("P04", "P05", "P06", "P07"),
        (visit("C04", DAY1, "09:30", "10:30"), visit("C03", DAY1, "10:40", "11:40")),
    )
    return rally, Plan(rally.name, (team1, team2), PlanStatus.OPTIMAL, absent=("P08",))


def written(tmp_path: Path, rally: Rally, plan: Plan) -> Workbook:
    path = tmp_path / "planning.xlsx"
    write_plan_xlsx(rally, plan, TravelTimes(rally), path)
    return openpyxl.load_workbook(path)


def texts(workbook: Workbook, sheet: str) -> list[str]:
    return [str(v) for row in workbook[sheet].iter_rows(values_only=True) for v in row if v is not None]


def test_the_workbook_has_planning_teams_and_one_sheet_per_team_and_company(tmp_path: Path) -> None:
    rally, plan = sample()
    workbook = written(tmp_path, rally, plan)
    assert workbook.sheetnames == [
        "Planning",
        "Équipes",
        "Équipe 1",
        "Équipe 2",
        *(c.name for c in rally.companies),
    ]


def test_a_team_sheet_shows_its_visits_with_companies_and_times(tmp_path: Path) -> None:
    rally, plan = sample()
    workbook = written(tmp_path, rally, plan)
    rows = [r for r in workbook["Équipe 1"].iter_rows(min_row=7, values_only=True) if r[3] == "Visite"]

    assert [(r[0], r[1], r[2], r[4]) for r in rows] == [
        (dt.datetime(2027, 3, 16), "09:20", "10:20", "Atelier Mécanique du Fier"),
        (dt.datetime(2027, 3, 16), "10:40", "11:40", "Clinique du Lac"),
        (dt.datetime(2027, 3, 16), "14:00", "15:00", "Transports Alpins"),
        (dt.datetime(2027, 3, 17), "09:00", "10:00", "Épicerie des Marquisats"),
    ]
    assert rows[1][5] == "1 avenue de la Clinique, Annecy"
    cells = texts(workbook, "Équipe 1")
    assert "Brasserie du Pâquier" not in cells  # team 2's visit
    assert "Accompagnateur : Accompagnateur 1, tél. 06 11 22 33 44" in cells
    assert "Participants : Amina Benali, Julien Morel, Sophie Girard" in cells


def test_a_team_day_starts_and_ends_at_the_meeting_point_with_every_trip(tmp_path: Path) -> None:
    rally, plan = sample()
    travel = TravelTimes(rally)
    workbook = written(tmp_path, rally, plan)
    day2 = [r for r in workbook["Équipe 1"].iter_rows(min_row=7, values_only=True) if r[0] == dt.datetime(2027, 3, 17)]

    back = travel("C02", "base")
    assert [r[3] for r in day2] == ["Départ", "Trajet", "Visite", "Trajet", "Retour"]
    assert day2[0][1:3] == ("08:30", None)
    assert day2[1][4] == "vers Épicerie des Marquisats"
    assert day2[3][1:3] == ("10:00", f"10:{back:02d}")
    assert day2[4][1] == f"10:{back:02d}" and day2[4][4] == "MIFE"


def test_a_company_sheet_says_who_comes_when(tmp_path: Path) -> None:
    rally, plan = sample()
    workbook = written(tmp_path, rally, plan)
    rows = list(workbook["Clinique du Lac"].iter_rows(min_row=7, values_only=True))

    assert rows == [
        (dt.datetime(2027, 3, 16), "10:40", "11:40", "Équipe 1", 4, "Accompagnateur 1", "06 11 22 33 44"),
        (dt.datetime(2027, 3, 16), "10:40", "11:40", "Équipe 2", 5, "Accompagnateur 2", None),
    ]
    assert "Aucune visite prévue" in texts(workbook, "Camping des Cygnes")


def test_the_teams_sheet_lists_vehicles_members_and_absents(tmp_path: Path) -> None:
    rally, plan = sample()
    workbook = written(tmp_path, rally, plan)
    ws = workbook["Équipes"]

    assert [c.value for c in ws[2]][:6] == ["Équipe 1", "V1", 5, "Accompagnateur 1", "06 11 22 33 44", 3]
    assert ws["G2"].value == "Amina Benali\nJulien Morel\nSophie Girard"
    assert ("Absents", "Chantal Faure") in (r[:2] for r in ws.iter_rows(min_row=4, values_only=True))


def test_the_planning_grid_merges_each_visit_coloured_by_sector(tmp_path: Path) -> None:
    rally, plan = sample()
    workbook = written(tmp_path, rally, plan)
    ws = workbook["Planning"]
    cell = next(c for row in ws.iter_rows() for c in row if str(c.value).startswith("Clinique du Lac"))

    assert cell.value == "Clinique du Lac\n10:40-11:40"
    merged = next(r for r in ws.merged_cells.ranges if r.min_row == cell.row and r.min_col == cell.column)
    assert merged.max_col - merged.min_col + 1 == 4  # 10:45 → 11:45, four quarters
    assert ws.cell(4, 1).value == "Mardi 16 mars 2027 — visites de 09:00 à 17:30 (déjeuner 12:15-13:30)"
    visits = [c for row in ws.iter_rows(min_row=6, max_row=7) for c in row if "\n" in str(c.value)]
    assert len({c.fill.fgColor.rgb for c in visits}) == 4  # Industrie, Santé, Transport, Hôtellerie-restauration
    assert any(str(c.value).endswith(" min") for row in ws.iter_rows() for c in row)  # trips shown


def test_sheet_names_are_short_valid_and_unique() -> None:
    names = SheetNames()
    long_name = "Société Coopérative d'Intérêt Collectif des Alpes du Nord"
    taken = [names.take(n) for n in ("Planning", "planning", long_name, long_name, "A/B [test]?", "  ", "History")]

    assert taken[:2] == ["Planning", "planning (2)"]
    assert taken[2] == long_name[:SHEET_NAME_MAX]
    assert taken[3].endswith(" (2)") and len(taken[3]) <= SHEET_NAME_MAX
    assert taken[4] == "A-B -test--"
    assert taken[5] == "Feuille"
    assert taken[6] == "History (2)"


def test_long_and_repeated_company_names_give_distinct_sheets(tmp_path: Path) -> None:
    content = rally_content(people=8, companies=8, vehicles=(5, 5))
    for company in content["companies"][:3]:
        company["name"] = "Établissement et Service d'Aide par le Travail du Semnoz"
    rally = build(content)
    workbook = written(tmp_path, rally, Plan(rally.name, ()))

    names = workbook.sheetnames[2:5]
    assert len(set(names)) == 3 and all(len(n) <= SHEET_NAME_MAX for n in names)


def test_day_names_are_french() -> None:
    assert day_fr(dt.date(2027, 3, 16)) == "mardi 16 mars 2027"
    assert day_fr(dt.date(2027, 8, 1)) == "dimanche 1 août 2027"
