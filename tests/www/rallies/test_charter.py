"""The charter's format rules (F1-F4) and K1, on the rally page and live from the programme form."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from rallye.domain.compliance import check_plan
from rallye.domain.plan import Plan
from rallye.formats.load import load_rally
from rallye.organisations.models import Structure
from rallye.rallies.models import Rally, Session
from rallye.www.rallies.charter import rally_charter
from tests.www.rallies.helpers import ANNECY_PROGRAMME, EXAMPLE_JSON, RALLY_FIELDS, programme_data, text

pytestmark = pytest.mark.django_db


def rules(answer: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {rule["code"]: rule for rule in answer["rules"]}


def test_figures_are_those_of_the_compliance_checker(annecy: Rally) -> None:
    data = load_rally(EXAMPLE_JSON)
    report = check_plan(data, Plan(data.name, ()))
    assert rally_charter(annecy) == [report.result(code) for code in ("F1", "F2", "F3", "F4", "K1")]


def test_rally_page_shows_format_rules_and_participants(coordinator: Client, annecy: Rally) -> None:
    page = text(coordinator.get(reverse("rallies:detail", args=[annecy.pk])))
    for line in (
        "F1</strong> Jours du rallye : 3 (16 mars, 17 mars, 19 mars ; attendu 2 à 3, "
        "visites sur des jours qui se suivent)",
        "F2</strong> Jours de visites : 1,5 (attendu 1,5 à 2)",
        "F3</strong> Jours de retours d'expérience : 0,5 (attendu 0,5 à 1)",
        "F4</strong> Temps de clôture : le 19 mars de 14:00 à 16:00",
        "K1</strong> Participants : 26 (attendu 15 à 30)",
    ):
        assert line in page
    assert page.count('class="rule ok"') == 5


def test_a_rule_that_fails_says_why(coordinator: Client, annecy: Rally) -> None:
    Session.objects.filter(rally=annecy, kind="closing").delete()
    page = text(coordinator.get(reverse("rallies:programme", args=[annecy.pk])))
    assert '<li class="rule fail"><span class="mark" aria-hidden="true">✗</span> <strong>F4</strong>' in page
    assert "aucun temps de clôture au programme" in page


def test_live_check_of_a_rally_programme(coordinator: Client, annecy: Rally) -> None:
    """The programme as typed (not saved): one visits day only, and a row with an error."""
    url = reverse("rallies:check_programme", args=[annecy.pk])
    sessions = list(Session.objects.filter(rally=annecy))
    rows: list[dict[str, Any]] = [
        {"id": s.pk, "kind": s.kind, "date": s.date.isoformat(), "start": f"{s.start:%H:%M}", "end": f"{s.end:%H:%M}"}
        for s in sessions
    ]
    rows[2]["DELETE"] = "on"  # the second visits session goes
    rows[3]["end"] = "08:00"  # feedback ending before it starts
    response = coordinator.post(url, programme_data(rows, initial=len(rows)))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    answer = response.json()
    found = rules(answer)
    assert list(found) == ["F1", "F2", "F3", "F4", "K1"]
    assert not found["F2"]["ok"] and found["F2"]["figure"] == "1 (attendu 1,5 à 2)"
    assert found["F2"]["violations"] == [
        "Visites d'entreprises : 1 jour (16 mars matin, 16 mars après-midi) ; attendu 1,5 à 2"
    ]
    assert not found["F3"]["ok"]  # the feedback row is not counted while it is wrong
    assert found["K1"]["ok"] and found["K1"]["figure"] == "26 (attendu 15 à 30)"
    assert answer["errors"] == ["Session 4, fin : La fin (08:00) doit être après le début (09:00)."]
    assert Session.objects.filter(rally=annecy).count() == 5  # nothing saved


def test_live_check_while_creating_a_rally(coordinator: Client, mife: Structure) -> None:
    url = reverse("rallies:check_new_programme")
    data = {"structure": str(mife.pk), **RALLY_FIELDS, **programme_data(ANNECY_PROGRAMME[:2])}
    answer = coordinator.post(url, data).json()
    found = rules(answer)
    assert list(found) == ["F1", "F2", "F3", "F4"]
    assert found["F1"]["figure"].startswith("1 (16 mars")
    assert not found["F1"]["ok"] and not found["F3"]["ok"] and not found["F4"]["ok"]
    assert answer["errors"] == []
    complete = coordinator.post(url, programme_data()).json()
    assert all(rule["ok"] for rule in complete["rules"])


def test_live_check_is_for_editors_and_posts_only(coordinator: Client, reader: Client, annecy: Rally) -> None:
    url = reverse("rallies:check_programme", args=[annecy.pk])
    assert coordinator.get(url).status_code == 405
    assert reader.post(url, programme_data()).status_code == 403
    assert reader.post(reverse("rallies:check_new_programme"), programme_data()).status_code == 403


def test_programme_page_carries_the_live_script(coordinator: Client, reader: Client, annecy: Rally) -> None:
    url = reverse("rallies:programme", args=[annecy.pk])
    page = text(coordinator.get(url))
    assert f'data-charter-url="{reverse("rallies:check_programme", args=[annecy.pk])}"' in page
    assert 'id="charter-box"' in page and "/static/www/charter-live.js" in page
    read_only = text(reader.get(url))
    assert "charter-live.js" not in read_only and "K1</strong> Participants : 26" in read_only
