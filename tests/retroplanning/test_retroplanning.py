"""The retro-planning, pure Python: dates counted back from the first day, the tips drawn from
the rally's own data, the ICS and XLSX files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import icalendar
import pytest
from openpyxl import load_workbook

from rallye.domain.rally import Rally, Session, SessionKind, Vehicle
from rallye.formats.load import load_rally
from rallye.retroplanning.files import calendar_ics, relative_day, write_xlsx
from rallye.retroplanning.schedule import Task, coming, late, move, tasks_for
from rallye.retroplanning.template import DEFAULT_TEMPLATE, Phase
from rallye.retroplanning.tips import TIPS, TIPS_BY_KEY, Facts, Triggered, facts_of, plan_day_minutes, triggered

EXAMPLES = Path(__file__).parent.parent.parent / "examples"
FIRST = dt.date(2027, 3, 16)


@pytest.fixture(scope="module")
def annecy() -> Rally:
    return load_rally(EXAMPLES / "annecy-2027" / "rally.json")


def keys(found: Sequence[Triggered]) -> set[str]:
    return {t.key for t in found}


def test_the_template_covers_the_eight_phases_and_the_issue_s_milestones() -> None:
    assert {task.phase for task in DEFAULT_TEMPLATE} == set(Phase)
    milestones = {task.key for task in DEFAULT_TEMPLATE if task.milestone}
    assert {
        "funders_met",
        "companies_engaged",
        "steering_committee",
        "information_session",
        "convocations_sent",
        "schedule_frozen",
        "documents_printed",
        "feedback_and_closing",
        "funder_reports",
        "follow_up_six_months",
    } <= milestones
    assert len({task.key for task in DEFAULT_TEMPLATE}) == len(DEFAULT_TEMPLATE)
    every_tip = {key for task in DEFAULT_TEMPLATE for key in task.tips}
    assert every_tip <= set(TIPS_BY_KEY)


def test_due_dates_are_counted_back_from_the_first_day() -> None:
    tasks = {task.key: task for task in tasks_for(FIRST)}
    assert tasks["information_session"].due == dt.date(2027, 2, 23)
    assert tasks["funders_met"].due == dt.date(2027, 1, 15)
    assert tasks["follow_up_six_months"].due == dt.date(2027, 9, 15)
    ordered = [task.due for task in tasks_for(FIRST)]
    assert ordered == sorted(ordered)
    assert relative_day(dt.date(2027, 2, 23), FIRST) == "J-21"
    assert relative_day(FIRST, FIRST) == "J"


def test_pathway_tasks_belong_to_pathway_rallies_only() -> None:
    plain = {task.key for task in tasks_for(FIRST)}
    pathway = {task.key for task in tasks_for(FIRST, pathway=True)}
    assert "pathway_support_before" not in plain
    assert {"pathway_support_before", "pathway_intensive_support", "pathway_review"} <= pathway - plain


def test_late_and_coming_tasks() -> None:
    tasks = tasks_for(FIRST)
    today = dt.date(2027, 2, 1)
    overdue = late(tasks, today)
    assert overdue and all(task.due < today for task in overdue)
    assert not late([replace(task, done=True) for task in tasks], today)
    nxt = coming(tasks, today, 2)
    assert [task.due for task in nxt] == [dt.date(2027, 2, 4), dt.date(2027, 2, 14)]


def test_moving_the_rally_moves_tasks_not_done_and_names_fixed_dates() -> None:
    tasks = tasks_for(FIRST)
    done = {"funders_met"}
    tasks = [replace(task, done=task.key in done) for task in tasks]
    result = move(tasks, FIRST, FIRST + dt.timedelta(days=7))
    moved = {task.key: task for task in result.moved}
    assert result.days == 7
    assert "funders_met" not in moved
    assert moved["information_session"].due == dt.date(2027, 3, 2)
    assert [task.key for task in result.fixed] == ["room_booked"]
    assert "room_booked" not in moved
    assert move(tasks, FIRST, FIRST) == type(result)(0, (), ())


def test_the_example_triggers_no_tip(annecy: Rally) -> None:
    assert triggered(facts_of(annecy)) == []


def session(kind: SessionKind, day: int, start: str, end: str) -> Session:
    h1, m1 = map(int, start.split(":"))
    h2, m2 = map(int, end.split(":"))
    return Session(kind, dt.date(2027, 3, day), h1 * 60 + m1, h2 * 60 + m2)


def test_programme_tips(annecy: Rally) -> None:
    schedule = (
        session(SessionKind.VISITS, 16, "08:00", "18:00"),
        session(SessionKind.VISITS, 17, "08:30", "12:30"),
        session(SessionKind.FEEDBACK, 18, "09:00", "12:00"),
        session(SessionKind.CLOSING, 18, "14:00", "15:00"),
    )
    found = triggered(facts_of(replace(annecy, schedule=schedule)))
    by_key = {tip.key: tip.detail for tip in found}
    assert set(by_key) == {"long_days", "feedback_next_day", "no_icebreaker", "closing_without_words"}
    assert "mardi 16 mars 2027 : 10 h" in by_key["long_days"]
    assert "le lendemain" in by_key["feedback_next_day"]
    assert "1 h" in by_key["closing_without_words"]


def test_a_plan_s_day_lengths_replace_the_programme_s(annecy: Rally) -> None:
    from rallye.formats.load import load_plan

    plan = load_plan(EXAMPLES / "annecy-2027" / "plan.json")
    lengths = plan_day_minutes(annecy, plan)
    assert set(lengths) == {dt.date(2027, 3, 16), dt.date(2027, 3, 17)}
    too_long = {day: 9 * 60 + 30 for day in lengths}
    assert keys(triggered(facts_of(annecy, day_minutes=too_long))) == {"long_days"}


def test_information_session_too_early_or_too_late(annecy: Rally) -> None:
    for day, word in ((dt.date(2027, 1, 20), "trop tôt"), (dt.date(2027, 3, 9), "trop tard")):
        found = triggered(facts_of(annecy, information_sessions=(day,)))
        assert keys(found) == {"information_session_timing"}
        assert word in found[0].detail
    assert not triggered(facts_of(annecy, information_sessions=(dt.date(2027, 2, 23),)))


def test_vehicles_companies_liability_and_rsa(annecy: Rally) -> None:
    small = replace(annecy, vehicles=tuple(Vehicle(f"V{i}", 5) for i in range(6)))
    assert keys(triggered(facts_of(small))) == {"few_large_vehicles"}
    facts = facts_of(
        annecy, companies_email_only=("Boulangerie Favre",), without_liability=3, rsa_count=2, rsa_target=5
    )
    found = {tip.key: tip.detail for tip in triggered(facts)}
    assert set(found) == {"email_only", "civil_liability", "rsa_below_target"}
    assert "Boulangerie Favre" in found["email_only"]
    assert "3 participants" in found["civil_liability"]
    assert "objectif de 5" in found["rsa_below_target"]


def test_unknown_facts_stay_silent(annecy: Rally) -> None:
    facts = facts_of(annecy, companies_email_only=None, without_liability=None, rsa_count=4, rsa_target=None)
    assert triggered(facts) == []
    assert triggered(Facts(first_day=None)) == []


def test_every_tip_says_why_and_what_to_do() -> None:
    for tip in TIPS:
        assert tip.why.endswith(".") and tip.todo.endswith("."), tip.key


def test_triggered_keeps_only_the_asked_keys(annecy: Rally) -> None:
    facts = facts_of(annecy, without_liability=1, rsa_count=0, rsa_target=3)
    assert keys(triggered(facts, ["civil_liability"])) == {"civil_liability"}


def test_ics_parses_back(annecy: Rally) -> None:
    tasks = tasks_for(FIRST)
    tips = triggered(facts_of(annecy, without_liability=2))
    stamp = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    data = calendar_ics(tasks, name=annecy.name, rally_uid="rallye-1", stamp=stamp, triggered=tips)
    calendar = icalendar.Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(tasks)
    by_summary = {str(e["SUMMARY"]): e for e in events}
    info = by_summary["Jalon : Information collective"]
    assert info.decoded("DTSTART") == dt.date(2027, 2, 23)
    assert info.decoded("DTEND") == dt.date(2027, 2, 24)
    liability = by_summary["Attestations de responsabilité civile reçues"]
    assert "2 participants sans attestation" in str(liability["DESCRIPTION"])
    assert len({str(e["UID"]) for e in events}) == len(events)
    assert calendar_ics(tasks, name=annecy.name, rally_uid="rallye-1", stamp=stamp, triggered=tips) == data


def test_xlsx_opens_with_tasks_and_tips(annecy: Rally, tmp_path: Path) -> None:
    tasks = [replace(task, done=task.key == "funders_met", assignee="Nadia") for task in tasks_for(FIRST)]
    tips = triggered(facts_of(annecy, rsa_count=1, rsa_target=4))
    path = tmp_path / "retroplanning.xlsx"
    write_xlsx(tasks, path, name=annecy.name, first_day=FIRST, triggered=tips)
    book = load_workbook(path)
    sheet = book["Rétroplanning"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == len(tasks)
    funders = next(row for row in rows if row[4] == "Financeurs rencontrés")
    assert funders[2] == "J-60" and funders[5] == "oui" and funders[7] == "oui" and funders[8] == "Nadia"
    advice = list(book["Conseils"].iter_rows(min_row=2, values_only=True))
    assert advice[0][0] == "Bénéficiaires du RSA en dessous de l'objectif"
    assert "Comité de pilotage avec les prescripteurs" in str(advice[0][4])


def test_task_defaults() -> None:
    task = Task("Réunion", Phase.FUNDING, FIRST)
    assert not task.done and task.key == "" and task.id is None
