"""The organiser's day: every team live, late teams flagged, the teams' links sent in one click
and replaced, one team's roadbook, and re-planning from now that keeps the visits made."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from rallye.field.models import DaySettings, VisitMade
from rallye.field.services import team_link
from rallye.links.models import PrivateLink, Purpose
from rallye.messaging.models import Channel, Message
from rallye.plans.models import PlanState, PlanVersion
from rallye.plans.reading import planned_rally
from rallye.rallies.models import Rally, Vehicle
from tests.www.field.conftest import OnCommit, entry_url, moment

pytestmark = pytest.mark.django_db
Clock = Callable[[dt.datetime], None]


def text(response: Any) -> str:
    return str(html.unescape(response.content.decode()))


def arrive(link: PrivateLink, company: str, key: str) -> None:
    response = Client().post(
        entry_url(link), {"key": key, "kind": "arrival", "company": company}, HTTP_ACCEPT="application/json"
    )
    assert response.json()["ok"], response.json()


def test_the_live_view_flags_late_teams(planned: Rally, coordinator: Client, link: PrivateLink, clock: Clock) -> None:
    clock(moment(9, 0))
    page = text(coordinator.get(f"/rallyes/{planned.pk}/terrain/"))
    assert "Le jour J en direct" in page and "en retard" not in page
    assert "En route ou en attente : Le Balcon de Sévrier" in page
    clock(moment(9, 27))  # Équipe 1 expected at C04 at 09:10, nobody checked in
    fragment = text(coordinator.get(f"/rallyes/{planned.pk}/terrain/direct/"))
    assert 'Équipe 1</strong> <span class="late">— en retard (17 min de retard)' in fragment
    assert "Attendue chez Le Balcon de Sévrier, hôtel-restaurant depuis 09:10, arrivée pas encore pointée" in fragment
    assert "5 équipes en retard de 15 min ou plus" in fragment
    arrive(link, "C04", "arrival-key-01")
    clock(moment(9, 40))
    fragment = text(coordinator.get(f"/rallyes/{planned.pk}/terrain/direct/"))
    assert "Chez Le Balcon de Sévrier, hôtel-restaurant depuis 09:27 (arrivée prévue 09:10)" in fragment
    assert "1 visite pointée sur" in fragment
    assert "6 équipes en retard" in fragment  # the others, still not checked in, are 30 min late
    assert fragment.index("Équipe 2") < fragment.index("Équipe 1")  # the latest first


def test_the_live_view_needs_a_plan_and_a_scope(annecy: Rally, coordinator: Client, foreign: Rally) -> None:
    assert "calculez-le d'abord" in text(coordinator.get(f"/rallyes/{annecy.pk}/terrain/"))
    assert coordinator.get(f"/rallyes/{foreign.pk}/terrain/").status_code == 404
    assert coordinator.get(f"/rallyes/{foreign.pk}/terrain/direct/").status_code == 404


def test_a_reader_sees_the_day_and_changes_nothing(planned: Rally, reader: Client, v1: Vehicle) -> None:
    assert reader.get(f"/rallyes/{planned.pk}/terrain/").status_code == 200
    assert reader.post(f"/rallyes/{planned.pk}/terrain/liens/").status_code == 403
    assert reader.post(f"/rallyes/{planned.pk}/terrain/liens/{v1.pk}/remplacer/").status_code == 403
    assert reader.post(f"/rallyes/{planned.pk}/terrain/", {"organiser_phone": "06 11 22 33 44"}).status_code == 403


def test_the_links_go_to_the_accompaniers_in_one_click(
    planned: Rally, coordinator: Client, django_capture_on_commit_callbacks: OnCommit
) -> None:
    v3, v4 = planned.vehicles.get(code="V3"), planned.vehicles.get(code="V4")
    v3.accompanier_phone = ""
    v3.save()
    v4.accompanier_phone, v4.accompanier_email = "", "anne-laure.baud@example.org"
    v4.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(f"/rallyes/{planned.pk}/terrain/liens/", follow=True)
    page = text(response)
    teams = len(planned_rally(planned).plan.teams)  # type: ignore[union-attr]
    sent = Message.objects.filter(rally=planned, purpose__startswith="team_link:")
    assert sent.count() == teams - 1
    assert sent.get(purpose="team_link:V4").channel == Channel.EMAIL
    assert sent.get(purpose="team_link:V4").recipient == "anne-laure.baud@example.org"
    assert {m.channel for m in sent.exclude(purpose="team_link:V4")} == {Channel.SMS}
    first = sent.get(purpose="team_link:V1")
    token = PrivateLink.objects.get(vehicle__code="V1", vehicle__rally=planned, purpose=Purpose.TEAM).token
    assert f"/equipe/{token}/" in first.body and "Équipe 1" in first.body and first.recipient == "06 00 31 45 01"
    assert "5 liens partent" in page
    assert "lien envoyé par SMS le" in text(coordinator.get(f"/rallyes/{planned.pk}/terrain/"))
    assert "1 accompagnateur n'a ni téléphone ni e-mail" in page
    with django_capture_on_commit_callbacks(execute=True):
        again = text(coordinator.post(f"/rallyes/{planned.pk}/terrain/liens/", follow=True))
    assert sent.count() == teams - 1 and "Aucun nouveau lien à envoyer" in again


def test_a_replaced_link_no_longer_opens(planned: Rally, coordinator: Client, v1: Vehicle, link: PrivateLink) -> None:
    response = coordinator.post(f"/rallyes/{planned.pk}/terrain/liens/{v1.pk}/remplacer/", follow=True)
    assert "l'ancien ne s'ouvre plus" in text(response)
    assert Client().get(f"/equipe/{link.token}/").status_code == 410
    new = team_link(v1)
    assert new.pk != link.pk and Client().get(f"/equipe/{new.token}/").status_code == 200


def test_the_organisers_phone_is_on_every_teams_page(
    planned: Rally, coordinator: Client, link: PrivateLink, clock: Clock
) -> None:
    bad = coordinator.post(f"/rallyes/{planned.pk}/terrain/", {"organiser_name": "Sonia", "organiser_phone": "demain"})
    assert bad.status_code == 400 and "Ce n'est pas un numéro de téléphone" in text(bad)
    assert not DaySettings.objects.exists()
    coordinator.post(f"/rallyes/{planned.pk}/terrain/", {"organiser_name": "Sonia", "organiser_phone": "0611223344"})
    page = text(Client().get(f"/equipe/{link.token}/"))
    assert 'href="tel:+33611223344"' in page and "Appeler l'organisateur (Sonia)" in page


def test_one_teams_roadbook_prints_alone_with_its_qr_code(
    planned: Rally, coordinator: Client, v1: Vehicle, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rallye.documents import rendering

    seen: dict[str, Any] = {}
    real = rendering.render_html

    def spy(kind: str, rally: Any, plan: Any, *args: Any) -> str:
        seen["html"] = real(kind, rally, plan, *args)
        return str(seen["html"])

    monkeypatch.setattr(rendering, "render_html", spy)
    team = next(t for t in planned_rally(planned).plan.teams if t.vehicle == v1.code)  # type: ignore[union-attr]
    live = coordinator.get(f"/rallyes/{planned.pk}/terrain/").content.decode()
    url = reverse("documents:team_document", args=[planned.pk, team.id, "roadbook"])
    assert f'href="{url}"' in live  # the live view links to the team's own roadbook
    response = coordinator.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert seen["html"].count("Carnet de route —") == 1 and "Carnet de route — Équipe 1" in seen["html"]
    assert "Sur le téléphone de l'accompagnateur" in seen["html"] and "data:image/svg+xml" in seen["html"]
    assert coordinator.get(reverse("documents:team_document", args=[planned.pk, "T99", "roadbook"])).status_code == 404


def test_replanning_from_now_keeps_the_visits_made(
    planned: Rally,
    coordinator: Client,
    link: PrivateLink,
    clock: Clock,
    django_capture_on_commit_callbacks: OnCommit,
    settings: Any,
) -> None:
    settings.RALLYE_REPLAN_SECONDS = 3.0
    clock(moment(9, 20))
    arrive(link, "C04", "arrival-c04-key")
    clock(moment(10, 30))
    arrive(link, "C10", "arrival-c10-key")
    form = text(coordinator.get(f"/rallyes/{planned.pk}/planning/jour-j/"))
    assert "garder telles quelles les 2 visites déjà faites" in form
    before = planned_rally(planned).plan
    assert before is not None
    team = next(t for t in before.teams if t.vehicle == "V1")
    absent = next(t for t in before.teams if t.vehicle != "V1").members[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(
            f"/rallyes/{planned.pk}/planning/jour-j/", {"absent": [absent], "cancelled": ["C10"], "from_now": "1"}
        )
    assert response.status_code == 302
    version = PlanVersion.objects.get(rally=planned, number=2)
    assert version.state == PlanState.SUCCEEDED and version.is_current, version.message
    planned.refresh_from_db()
    after = planned_rally(Rally.objects.get(pk=planned.pk)).plan
    assert after is not None
    kept = {(v.company, v.date, v.start) for t in after.teams if t.vehicle == "V1" for v in t.visits}
    c04 = next((v.company, v.date, v.start) for v in team.visits if v.company == "C04")
    assert c04 in kept  # the visit made is kept as it was: locked on the plan the re-plan started from
    base = PlanVersion.objects.get(rally=planned, number=1).content
    v1_visits = next(t for t in base["teams"] if t["vehicle"] == "V1")["visits"]  # type: ignore[index]
    assert {v["company"]: v.get("locked", False) for v in v1_visits if v["company"] in ("C04", "C10")} == {
        "C04": True,
        "C10": False,
    }
    assert all(v.company != "C10" for t in after.teams for v in t.visits)  # C10 withdrew for the rest
    assert VisitMade.objects.filter(rally=planned).count() == 2  # nothing of the day is lost
    live = text(coordinator.get(f"/rallyes/{planned.pk}/terrain/"))
    assert "Son planning a changé (version 2)" in live
    page = text(Client().get(f"/equipe/{link.token}/"))
    assert "Le planning a changé (version 2)" in page
    assert "Arrivée à 09:20" in page and "Arrivée à 10:30" in page  # C10's visit made is still on the day
