"""The compliance report: a plan that keeps every rule, then each kind of violation in turn."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest

from rallye.domain import charter
from rallye.domain.clock import hhmm
from rallye.domain.compliance import RULE_CHECKS, ComplianceReport, RuleKind, check_plan
from rallye.domain.french import number as fr_number
from rallye.domain.plan import Plan, Visit
from rallye.domain.rally import (
    BASE,
    Gender,
    Rally,
    Session,
    SessionKind,
    VisitsPerTeam,
    Window,
)
from rallye.domain.travel import TravelTimes

from .conftest import DAY1, DAY2, DAY3, SLOTS, VISIT, hm

# --- helpers: small edits of the valid rally and plan --------------------------------------------


def with_team(plan: Plan, index: int, **changes: Any) -> Plan:
    teams = list(plan.teams)
    teams[index] = replace(teams[index], **changes)
    return replace(plan, teams=tuple(teams))


def with_visit(plan: Plan, team: int, slot: int, **changes: Any) -> Plan:
    visits = list(plan.teams[team].visits)
    visits[slot] = replace(visits[slot], **changes)
    return with_team(plan, team, visits=tuple(visits))


def at(day: dt.date, start: str, minutes: int = VISIT) -> dict[str, Any]:
    """The fields of a visit on ``day`` from ``start``, lasting ``minutes``."""
    return {"date": day, "start": hm(start), "end": hm(start) + minutes}


def with_company(rally: Rally, company_id: str, **changes: Any) -> Rally:
    return replace(rally, companies=tuple(replace(c, **changes) if c.id == company_id else c for c in rally.companies))


def with_vehicle(rally: Rally, vehicle_id: str, **changes: Any) -> Rally:
    return replace(rally, vehicles=tuple(replace(v, **changes) if v.id == vehicle_id else v for v in rally.vehicles))


def with_trips(rally: Rally, trips: dict[tuple[str, str], int]) -> Rally:
    return replace(rally, travel_minutes={**rally.travel_minutes, **trips})


def with_sessions(rally: Rally, *sessions: Session) -> Rally:
    return replace(rally, schedule=sessions)


def failing(report: ComplianceReport, code: str) -> str:
    """The rule's violations, one per line, after asserting the rule fails."""
    result = report.result(code)
    assert not result.ok, f"{code} should fail:\n" + "\n".join(report.lines())
    return "\n".join(result.violations)


def failed_codes(report: ComplianceReport) -> set[str]:
    return {result.code for result in report.failed}


def visits_session(day: dt.date, start: str, end: str, lunch: tuple[str, str] | None = None) -> Session:
    return Session(SessionKind.VISITS, day, hm(start), hm(end), (hm(lunch[0]), hm(lunch[1])) if lunch else None)


def session(kind: SessionKind, day: dt.date, start: str, end: str) -> Session:
    return Session(kind, day, hm(start), hm(end))


# --- the valid plan ------------------------------------------------------------------------------


def test_valid_plan_keeps_every_rule(rally: Rally, plan: Plan) -> None:
    report = check_plan(rally, plan)

    assert report.ok, "\n".join(report.lines())
    assert report.hard_ok
    assert [r.code for r in report.results] == [
        *(f"H{n}" for n in range(1, 8)),
        *("F1", "F2", "F3", "F4", "K1", "K2", "K3", "K4", "K5", "E1", "P2"),
    ]
    assert all(line.endswith("✓") for line in report.lines())
    assert {r.kind for r in report.results if r.code.startswith("H")} == {RuleKind.HARD}
    assert {r.kind for r in report.results if not r.code.startswith("H")} == {"charter"}


def test_figure_lines_are_in_french(rally: Rally, plan: Plan) -> None:
    report = check_plan(rally, plan)

    assert report.result("K1").line == "K1 Participants : 15 (attendu 15 à 30) ✓"
    assert report.result("F2").line == "F2 Jours de visites : 1,5 (attendu 1,5 à 2) ✓"
    assert report.result("F3").line == "F3 Jours de retours d'expérience : 0,5 (attendu 0,5 à 1) ✓"
    assert report.result("H7").line == "H7 Entreprises visitées : 8 (attendu au moins 6) ✓"
    assert report.result("P2").line.startswith("P2 Mixité : 2 genres, 3 tranches d'âge ; écart moyen des équipes ")


def test_lines_indent_the_violations_under_their_rule(rally: Rally, plan: Plan) -> None:
    plan = with_team(plan, 0, members=plan.teams[0].members[:4])

    lines = check_plan(rally, plan).lines()

    h1 = lines.index(next(line for line in lines if line.startswith("H1 ")))
    assert lines[h1].endswith("✗")
    assert lines[h1 + 1] == "    Emma Test (P05) : présente, mais dans aucune équipe"
    assert lines[h1 + 2].startswith("H2 ")


def test_registry_lists_each_rule_once_with_its_kind() -> None:
    codes = [rule.code for rule in RULE_CHECKS]
    assert len(codes) == len(set(codes)) == 18
    for rule in RULE_CHECKS:
        assert rule.kind is (RuleKind.HARD if rule.code.startswith("H") else RuleKind.CHARTER)
        if rule.kind is RuleKind.CHARTER:
            assert rule.code in charter.RULES


@pytest.mark.parametrize(
    ("value", "text"), [(1.5, "1,5"), (2.0, "2"), (0.5, "0,5"), (0.75, "0,8"), (12, "12"), (1.04, "1")]
)
def test_fr_number(value: float, text: str) -> None:
    assert fr_number(value) == text


# --- H1: participants in teams ---------------------------------------------------------------------


def test_h1_present_participant_in_no_team(rally: Rally, plan: Plan) -> None:
    plan = with_team(plan, 0, members=plan.teams[0].members[:4])

    report = check_plan(rally, plan)

    assert failing(report, "H1") == "Emma Test (P05) : présente, mais dans aucune équipe"
    assert "Emma Test (P05) : dans aucune équipe" in failing(report, "K4")


def test_h1_absent_participant_placed_in_a_team(rally: Rally, plan: Plan) -> None:
    rally = replace(rally, participants=tuple(replace(p, present=p.id != "P02") for p in rally.participants))

    report = check_plan(rally, plan)

    assert failing(report, "H1") == "Équipe 1 : Bruno Test (P02) fait partie de l'équipe mais est absent"
    assert "14 participants présents" in failing(report, "K1")


def test_h1_absence_recorded_in_the_plan_counts(rally: Rally, plan: Plan) -> None:
    # A re-plan keeps the rally file and lists in the plan who stayed home.
    members = plan.teams[2].members
    plan = replace(with_team(plan, 2, members=members[:4]), absent=(members[4],))

    report = check_plan(rally, plan)

    assert report.result("H1").ok
    assert report.result("K1").line == "K1 Participants : 14 (attendu 15 à 30) ✗"


def test_h1_placed_in_two_teams(rally: Rally, plan: Plan) -> None:
    plan = with_team(plan, 1, members=(*plan.teams[1].members, "P01"))

    assert failing(check_plan(rally, plan), "H1") == (
        "Amina Test (P01) : placée 2 fois (Équipe 1, Équipe 2) au lieu d'une"
    )


def test_h1_unknown_ids(rally: Rally, plan: Plan) -> None:
    plan = replace(with_team(plan, 0, members=(*plan.teams[0].members, "P99")), absent=("P42",))

    text = failing(check_plan(rally, plan), "H1")

    assert "Équipe 1 : « P99 » n'est pas un participant du rallye" in text
    assert "« P42 », noté absent dans le plan, n'est pas un participant du rallye" in text


# --- H2: team sizes and vehicles -------------------------------------------------------------------


def test_h2_team_too_small(rally: Rally, plan: Plan) -> None:
    rally = with_vehicle(rally, "V3", seats=9)
    members = [m for team in plan.teams for m in team.members]
    plan = with_team(plan, 0, members=tuple(members[:2]))
    plan = with_team(plan, 1, members=tuple(members[2:8]))
    plan = with_team(plan, 2, members=tuple(members[8:]))

    report = check_plan(rally, plan)

    assert failing(report, "H2") == "Équipe 1 : 2 membres (attendu 3 à 8)"
    assert failing(report, "K2") == "Équipe 1 : 2 membres (attendu 3 à 8)"


def test_h2_team_too_big(rally: Rally, plan: Plan) -> None:
    rally = with_vehicle(rally, "V1", seats=12)
    members = [m for team in plan.teams for m in team.members]
    plan = with_team(plan, 0, members=tuple(members[:9]))
    plan = with_team(plan, 1, members=tuple(members[9:12]))
    plan = with_team(plan, 2, members=tuple(members[12:]))

    report = check_plan(rally, plan)

    assert failing(report, "H2") == "Équipe 1 : 9 membres (attendu 3 à 8)"
    assert failing(report, "K2") == "Équipe 1 : 9 membres (attendu 3 à 8)"
    assert report.result("K2").figure == "3 à 9 personnes (attendu 3 à 8)"


def test_h2_more_members_than_passenger_seats(rally: Rally, plan: Plan) -> None:
    rally = with_vehicle(rally, "V2", seats=5, label="Clio")

    report = check_plan(rally, plan)

    expected = (
        "Équipe 2 : 5 membres pour le véhicule Clio (V2) de 5 places, soit 4 passagers au plus "
        "(l'accompagnateur conduit)"
    )
    assert failing(report, "H2") == expected
    assert failing(report, "K3") == expected


def test_h2_shared_vehicle(rally: Rally, plan: Plan) -> None:
    plan = with_team(plan, 2, vehicle="V1")

    report = check_plan(rally, plan)

    assert failing(report, "H2") == "Véhicule V1 attribué à 2 équipes : Équipe 1, Équipe 3"
    assert failing(report, "K3") == "Véhicule V1 attribué à 2 équipes : Équipe 1, Équipe 3"


def test_h2_unknown_or_missing_vehicle(rally: Rally, plan: Plan) -> None:
    plan = with_team(with_team(plan, 0, vehicle="V9"), 1, vehicle="")

    text = failing(check_plan(rally, plan), "H2")

    assert "Équipe 1 : le véhicule « V9 » n'existe pas dans le rallye" in text
    assert "Équipe 2 : aucun véhicule" in text


# --- H3: visits per team ---------------------------------------------------------------------------


def test_h3_too_few_visits(rally: Rally, plan: Plan) -> None:
    plan = with_team(plan, 0, visits=plan.teams[0].visits[:5])

    report = check_plan(rally, plan)

    assert failing(report, "H3") == "Équipe 1 : 5 visites (attendu 6 à 8)"
    assert failing(report, "K4") == "Équipe 1 (5 participants) : 5 entreprises visitées (attendu 6 à 8)"


def test_h3_same_company_twice(rally: Rally, plan: Plan) -> None:
    # Team 1's last slot (17 mars 09:50) goes back to C02, which no other team visits then.
    plan = with_visit(plan, 0, 5, company="C02")

    report = check_plan(rally, plan)

    assert failing(report, "H3") == (
        "Équipe 1 : 2 visites chez Fromagerie des Aravis (C02) (le 16 mars à 10:20, le 17 mars à 09:50)"
    )
    assert failed_codes(report) == {"H3", "K4"}


def test_h3_same_sector_twice(rally: Rally, plan: Plan) -> None:
    rally = with_company(rally, "C08", sector="Hôtellerie-restauration")  # as C05; team 2 visits both

    report = check_plan(rally, plan)

    assert failing(report, "H3") == (
        "Équipe 2 : 2 entreprises du secteur Hôtellerie-restauration : "
        "Hôtel Les Cimes (C05) le 16 mars à 10:20, Cabinet Alpes Conseil (C08) le 17 mars à 08:40"
    )
    assert (
        failing(report, "K4")
        == "Équipe 2 (5 participants) : secteurs visités plusieurs fois (Hôtellerie-restauration × 2)"
    )


def test_h3_unknown_company(rally: Rally, plan: Plan) -> None:
    plan = with_visit(plan, 0, 0, company="C99")

    report = check_plan(rally, plan)

    assert failing(report, "H3") == (
        "Équipe 1 : visite le 16 mars de 09:10 à 10:10 chez « C99 », qui n'est pas une entreprise du rallye"
    )


# --- H4: visit times -------------------------------------------------------------------------------


def test_h4_wrong_length(rally: Rally, plan: Plan) -> None:
    rally = with_company(rally, "C03", visit_minutes=75)  # team 1 visits it 13:40-14:40

    report = check_plan(rally, plan)

    assert "Équipe 1 : visite chez Clinique du Lac (C03) le 16 mars de 13:40 à 14:40 : dure 1 h au lieu de 1 h 15" in (
        failing(report, "H4")
    )


def test_h4_visit_in_lunch_break(rally: Rally, plan: Plan) -> None:
    plan = with_visit(plan, 0, 1, **at(DAY1, "12:00"))

    report = check_plan(rally, plan)

    assert failing(report, "H4") == (
        "Équipe 1 : visite chez Fromagerie des Aravis (C02) le 16 mars de 12:00 à 13:00 "
        "pendant la pause déjeuner (12:15-13:30)"
    )
    assert failed_codes(report) == {"H4"}


def test_h4_visit_outside_any_visits_session(rally: Rally, plan: Plan) -> None:
    plan = with_visit(plan, 0, 5, **at(DAY2, "11:40"))  # the session ends at 12:30
    plan = with_visit(plan, 1, 5, **at(DAY3, "09:00"))  # a feedback day

    report = check_plan(rally, plan)

    text = failing(report, "H4")
    assert (
        "Équipe 1 : visite chez Menuiserie Perrin (C06) le 17 mars de 11:40 à 12:40 "
        "en dehors de toute session de visites (ce jour-là : 08:30-12:30)"
    ) in text
    assert (
        "Équipe 2 : visite chez Boulangerie Martin (C01) le 18 mars de 09:00 à 10:00 "
        "en dehors de toute session de visites (aucune ce jour-là)"
    ) in text


def test_h4_visit_outside_company_availability(rally: Rally, plan: Plan) -> None:
    rally = with_company(rally, "C02", availability=(Window(DAY1, hm("13:00"), hm("17:00")),))

    report = check_plan(rally, plan)

    assert failing(report, "H4") == (
        "Équipe 1 : visite chez Fromagerie des Aravis (C02) le 16 mars de 10:20 à 11:20 "
        "en dehors des disponibilités de l'entreprise (16 mars 13:00-17:00)"
    )


def test_h4_visit_inside_availability_passes(rally: Rally, plan: Plan) -> None:
    windows = (Window(DAY1, hm("08:00"), hm("16:00")), Window(DAY2, hm("08:00"), hm("12:00")))
    rally = with_company(rally, "C02", availability=windows)

    assert check_plan(rally, plan).result("H4").ok


# --- H5: travel ------------------------------------------------------------------------------------


def test_h5_trip_too_long_between_visits(rally: Rally, plan: Plan) -> None:
    # Team 2 visits C04 (16 mars 09:10-10:10) then C05 at 10:20; no other team drives that leg.
    rally = with_trips(rally, {("C04", "C05"): 25})
    trip = TravelTimes(rally)("C04", "C05")

    report = check_plan(rally, plan)

    assert failing(report, "H5") == (
        f"Équipe 2 le 16 mars : arrivée chez Hôtel Les Cimes (C05) à {hhmm(hm('10:10') + trip)} au plus tôt "
        "(trajet de 25 min depuis Transports Favre (C04), fin 10:10), visite prévue à 10:20"
    )
    assert failed_codes(report) == {"H5"}


def test_h5_first_trip_from_the_base(rally: Rally, plan: Plan) -> None:
    rally = with_trips(rally, {(BASE, "C04"): 15})  # team 2 starts at C04, 09:10

    assert failing(check_plan(rally, plan), "H5") == (
        "Équipe 2 le 16 mars : arrivée chez Transports Favre (C04) à 09:15 au plus tôt "
        "(trajet de 15 min depuis la base, départ 09:00), visite prévue à 09:10"
    )


def test_h5_late_return_to_the_base(rally: Rally, plan: Plan) -> None:
    rally = with_trips(rally, {("C06", BASE): 120})  # team 1 ends 17 mars at C06, 10:50

    assert failing(check_plan(rally, plan), "H5") == (
        "Équipe 1 le 17 mars : retour à la base à 12:50 au plus tôt "
        "(trajet de 2 h depuis Menuiserie Perrin (C06), fin 10:50), fin de la session à 12:30"
    )


def test_h5_estimated_trips_are_used_when_not_listed(rally: Rally, plan: Plan) -> None:
    # Without a table, trips are estimated from coordinates: places here are less than 1 km apart.
    rally = replace(rally, travel_minutes={})
    travel = TravelTimes(rally)

    report = check_plan(rally, plan)

    assert travel("C01", "C02") == 5  # the minimum
    assert report.result("H5").ok


# --- H6: hosting at companies -----------------------------------------------------------------------


def test_h6_grouped_visit_over_capacity(rally: Rally, plan: Plan) -> None:
    # Team 1 joins team 2 at Camping du Semnoz (C07), 16 mars 14:50-15:50: 2 × (5 + 1) visitors.
    plan = with_visit(plan, 0, 3, company="C07")

    report = check_plan(rally, plan)

    assert failing(report, "H6") == (
        "Camping du Semnoz (C07) le 16 mars de 14:50 à 15:50 : 12 visiteurs pour une capacité de 8 "
        "(Équipe 1 : 5 membres + 1 accompagnateur ; Équipe 2 : 5 membres + 1 accompagnateur)"
    )
    assert failed_codes(report) == {"H6"}


def test_h6_grouped_visit_within_capacity_passes(rally: Rally, plan: Plan) -> None:
    rally = with_company(rally, "C07", capacity=12)
    plan = with_visit(plan, 0, 3, company="C07")

    report = check_plan(rally, plan)

    assert report.ok, "\n".join(report.lines())
    assert report.result("H6").figure == "17 créneaux d'accueil, dont 1 visite groupée"


def test_h6_overlapping_visits_must_share_start_and_end(rally: Rally, plan: Plan) -> None:
    rally = with_company(rally, "C07", capacity=20)
    plan = with_visit(plan, 0, 3, company="C07", **at(DAY1, "15:10"))

    report = check_plan(rally, plan)

    assert failing(report, "H6") == (
        "Camping du Semnoz (C07) le 16 mars : les visites de Équipe 2 (14:50-15:50) et de Équipe 1 "
        "(15:10-16:10) se chevauchent sans être groupées (même début, même fin)"
    )
    assert failed_codes(report) == {"H6"}


def test_h6_overlapping_visits_over_capacity_name_the_moment(rally: Rally, plan: Plan) -> None:
    plan = with_visit(plan, 0, 3, company="C07", **at(DAY1, "15:10"))

    text = failing(check_plan(rally, plan), "H6")

    assert "Camping du Semnoz (C07) le 16 mars à 15:10 : 12 visiteurs pour une capacité de 8" in text


def test_h6_max_visits_exceeded(rally: Rally, plan: Plan) -> None:
    rally = with_company(rally, "C01", max_visits=2)  # visited by all three teams

    assert failing(check_plan(rally, plan), "H6") == (
        "Boulangerie Martin (C01) : 3 visites (16 mars 09:10, 16 mars 13:40, 17 mars 09:50) pour 2 au plus "
        "(une visite groupée compte pour une)"
    )


def test_h6_grouped_visit_counts_once_towards_max_visits(rally: Rally, plan: Plan) -> None:
    rally = with_company(rally, "C07", capacity=12, max_visits=2)  # teams 2 and 3 visit it
    plan = with_visit(plan, 0, 3, company="C07")  # team 1 joins team 2's visit

    assert check_plan(rally, plan).result("H6").ok


# --- H7 / K5 / E1: companies and sectors in all ------------------------------------------------------


def test_h7_fewer_than_six_companies(rally: Rally, plan: Plan) -> None:
    # Five visits per team, all among the first five companies.
    rally = replace(rally, visits_per_team=VisitsPerTeam(3, 5))
    five = [c.id for c in rally.companies[:5]]
    for t in range(len(plan.teams)):
        visits = tuple(
            Visit(five[(k + t) % 5], day, hm(start), hm(start) + VISIT) for k, (day, start) in enumerate(SLOTS[:5])
        )
        plan = with_team(plan, t, visits=visits)

    report = check_plan(rally, plan)

    expected = (
        "5 entreprises visitées (Boulangerie Martin (C01), Fromagerie des Aravis (C02), Clinique du Lac "
        "(C03), Transports Favre (C04), Hôtel Les Cimes (C05)) ; il en faut au moins 6"
    )
    assert failing(report, "H7") == expected
    assert failing(report, "K5") == expected
    assert failing(report, "E1").startswith("5 secteurs parmi les entreprises visitées (Agroalimentaire, ")
    assert "Équipe 1 (5 participants) : 5 entreprises visitées (attendu 6 à 8)" in failing(report, "K4")
    assert failed_codes(report) == {"H7", "K4", "K5", "E1"}


# --- F1-F4: the format --------------------------------------------------------------------------------


def test_f1_four_days(rally: Rally, plan: Plan) -> None:
    day4 = DAY3 + dt.timedelta(days=1)
    rally = with_sessions(rally, *rally.schedule[:4], session(SessionKind.CLOSING, day4, "14:00", "16:00"))

    report = check_plan(rally, plan)

    assert failing(report, "F1") == "4 jours avec une session au programme (attendu 2 à 3)"
    assert report.result("F1").figure.startswith("4 (16 mars, 17 mars, 18 mars, 19 mars ; attendu 2 à 3")


def test_f1_visit_days_must_follow_one_another(rally: Rally, plan: Plan) -> None:
    rally = with_sessions(
        rally,
        visits_session(DAY1, "09:00", "17:30", ("12:15", "13:30")),
        visits_session(DAY3, "08:30", "12:30"),
        session(SessionKind.FEEDBACK, DAY3, "14:00", "17:00"),
        session(SessionKind.CLOSING, DAY3, "17:00", "18:00"),
    )

    assert failing(check_plan(rally, plan), "F1") == "jours de visites non consécutifs : le 16 mars puis le 18 mars"


def test_f1_a_weekend_between_visit_days_is_tolerated(rally: Rally, plan: Plan) -> None:
    friday, monday = dt.date(2027, 3, 19), dt.date(2027, 3, 22)
    rally = with_sessions(
        rally,
        visits_session(friday, "09:00", "17:30", ("12:15", "13:30")),
        visits_session(monday, "08:30", "12:30"),
        session(SessionKind.FEEDBACK, monday, "14:00", "17:00"),
        session(SessionKind.CLOSING, monday, "17:00", "18:00"),
    )

    assert check_plan(rally, plan).result("F1").ok


def test_f1_feedback_a_few_days_later_is_tolerated(rally: Rally, plan: Plan) -> None:
    # As in the spec's example: visits Tuesday and Wednesday, feedback and closing on Friday.
    friday = dt.date(2027, 3, 19)
    rally = with_sessions(
        rally,
        *rally.visit_sessions,
        session(SessionKind.FEEDBACK, friday, "09:00", "12:00"),
        session(SessionKind.CLOSING, friday, "14:00", "16:00"),
    )

    report = check_plan(rally, plan)

    assert report.ok, "\n".join(report.lines())
    assert report.result("F1").figure.startswith("3 (16 mars, 17 mars, 19 mars ;")


def test_f2_one_day_of_visits(rally: Rally, plan: Plan) -> None:
    rally = with_sessions(rally, *(s for s in rally.schedule if s.date != DAY2))

    report = check_plan(rally, plan)

    assert failing(report, "F2") == (
        "Visites d'entreprises : 1 jour (16 mars matin, 16 mars après-midi) ; attendu 1,5 à 2"
    )
    assert report.result("F2").line == "F2 Jours de visites : 1 (attendu 1,5 à 2) ✗"


def test_f2_counts_each_half_day_once(rally: Rally, plan: Plan) -> None:
    # Two morning sessions on 16 mars still make one half day; a full day without lunch makes two.
    rally = with_sessions(
        rally,
        visits_session(DAY1, "08:30", "10:00"),
        visits_session(DAY1, "10:15", "12:00"),
        visits_session(DAY2, "09:00", "17:00"),
        *(s for s in rally.schedule if s.date == DAY3),
    )

    assert check_plan(rally, plan).result("F2").figure == "1,5 (attendu 1,5 à 2)"


def test_f3_no_feedback(rally: Rally, plan: Plan) -> None:
    rally = with_sessions(rally, *(s for s in rally.schedule if s.kind is not SessionKind.FEEDBACK))

    report = check_plan(rally, plan)

    assert failing(report, "F3") == "Retours d'expérience : 0 jour (aucune session) ; attendu 0,5 à 1"


def test_f3_too_much_feedback(rally: Rally, plan: Plan) -> None:
    rally = with_sessions(
        rally,
        *rally.visit_sessions,
        session(SessionKind.FEEDBACK, DAY3, "09:00", "17:00"),
        session(SessionKind.FEEDBACK, DAY3 + dt.timedelta(days=1), "09:00", "12:00"),
        session(SessionKind.CLOSING, DAY3 + dt.timedelta(days=1), "14:00", "16:00"),
    )

    assert failing(check_plan(rally, plan), "F3") == (
        "Retours d'expérience : 1,5 jour (18 mars matin, 18 mars après-midi, 19 mars matin) ; attendu 0,5 à 1"
    )


def test_f4_no_closing(rally: Rally, plan: Plan) -> None:
    rally = with_sessions(rally, *(s for s in rally.schedule if s.kind is not SessionKind.CLOSING))

    report = check_plan(rally, plan)

    assert failing(report, "F4") == "aucun temps de clôture au programme"
    assert report.result("F4").line == "F4 Temps de clôture : aucun ✗"


def test_f4_closing_before_feedback(rally: Rally, plan: Plan) -> None:
    rally = with_sessions(
        rally,
        *rally.visit_sessions,
        session(SessionKind.CLOSING, DAY2, "14:00", "16:00"),
        session(SessionKind.FEEDBACK, DAY3, "09:00", "12:00"),
    )

    assert failing(check_plan(rally, plan), "F4") == (
        "le temps de clôture du 17 mars précède les retours d'expérience du 18 mars"
    )


# --- K1, K3, P2 ----------------------------------------------------------------------------------------


def test_k1_too_few_participants(rally: Rally, plan: Plan) -> None:
    rally = replace(rally, participants=rally.participants[:14])
    plan = with_team(plan, 2, members=plan.teams[2].members[:4])

    report = check_plan(rally, plan)

    assert failing(report, "K1") == "14 participants présents (attendu 15 à 30)"
    assert failed_codes(report) == {"K1"}


def test_k3_vehicle_without_accompanier(rally: Rally, plan: Plan) -> None:
    rally = with_vehicle(rally, "V3", accompanier=None)

    report = check_plan(rally, plan)

    assert failing(report, "K3") == "Équipe 3 : le véhicule V3 n'a pas d'accompagnateur"
    assert report.hard_ok
    assert failed_codes(report) == {"K3"}


def test_p2_a_single_gender(rally: Rally, plan: Plan) -> None:
    rally = replace(rally, participants=tuple(replace(p, gender=Gender.F) for p in rally.participants))

    report = check_plan(rally, plan)

    assert failing(report, "P2") == (
        "groupe non mixte : 1 genre parmi les participants présents (femmes : 15), au moins 2 attendus"
    )
    assert report.result("P2").figure.startswith("1 genre, 3 tranches d'âge ; écart moyen des équipes ")


def test_p2_a_single_age_band(rally: Rally, plan: Plan) -> None:
    rally = replace(rally, participants=tuple(replace(p, birth_year=1990) for p in rally.participants))

    assert failing(check_plan(rally, plan), "P2") == (
        "groupe non mixte : 1 tranche d'âge parmi les participants présents (26 à 49 ans : 15), au moins 2 attendues"
    )


def test_p2_reports_team_gaps_without_failing_on_them(rally: Rally, plan: Plan) -> None:
    # Team 1 all women, team 2 all men: the teams mirror the group badly, the group is mixed.
    women = [p.id for p in rally.participants if p.gender is Gender.F]
    men = [p.id for p in rally.participants if p.gender is Gender.M]
    plan = with_team(plan, 0, members=tuple(women[:5]))
    plan = with_team(plan, 1, members=tuple(men[:5]))
    plan = with_team(plan, 2, members=tuple(women[5:] + men[5:]))

    result = check_plan(rally, plan).result("P2")

    assert result.ok
    assert "au plus" in result.figure and "personne" in result.figure


def test_every_rule_kind_reports_in_french_with_team_and_time(rally: Rally, plan: Plan) -> None:
    # A sanity check over several faults at once: each rule names what it found, nothing crashes.
    rally = with_vehicle(with_company(rally, "C03", max_visits=1, capacity=4), "V1", seats=4)
    plan = with_visit(with_team(plan, 2, vehicle="V9"), 1, 0, company="C99")

    report = check_plan(rally, plan)

    assert {"H2", "H3", "H6"} <= failed_codes(report)
    assert not report.ok and not report.hard_ok
    assert all(isinstance(v, str) and v for r in report.results for v in r.violations)


def test_an_empty_plan_is_reported_not_crashed(rally: Rally) -> None:
    report = check_plan(rally, Plan(rally=rally.name, teams=()))

    assert {"H1", "H7", "K2", "K4", "K5", "E1"} <= failed_codes(report)
    assert report.result("H2").figure == "aucune équipe"
