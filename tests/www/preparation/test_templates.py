"""The templates: the federation's edited by its administrators, adapted by a structure's
coordinators; a rally prepared afterwards follows them, one prepared before keeps its tasks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from rallye.organisations.models import Structure
from rallye.preparation.models import FederationTask, RallyTask, StructureTask
from rallye.preparation.services import prepare
from rallye.rallies.models import Rally
from tests.logins import FEDERATION, logged_in
from tests.www.rallies.helpers import text

pytestmark = pytest.mark.django_db


def fields(prefix: str, **values: str) -> dict[str, str]:
    base = {"title": "Tâche", "phase": "funding", "offset_days": "-30"}
    return {f"{prefix}-{key}": value for key, value in {**base, **values}.items() if value != ""}


def test_the_federation_edits_its_template_for_the_network(mife: Structure, annecy: Rally, foreign: Rally) -> None:
    prepare(annecy, None)
    before = list(RallyTask.objects.filter(rally=annecy).values_list("title", "due"))
    admin = logged_in(FEDERATION)
    url = reverse("preparation:federation", args=[mife.federation_id])
    page = text(admin.get(url))
    assert "Financeurs rencontrés" in page
    row = FederationTask.objects.get(federation=mife.federation, key="funders_met")
    data = {
        "action": "save",
        "item": str(row.pk),
        **fields(f"t{row.pk}", title="Financeurs rencontrés et convaincus", offset_days="-70", milestone="on"),
    }
    assert admin.post(url, data).status_code == 302
    bad = admin.post(url, {"action": "save", "item": str(row.pk), **fields(f"t{row.pk}", offset_days="bientôt")})
    assert bad.status_code == 400 and "Saisissez un nombre entier." in text(bad)
    added = {"action": "add", **fields("new", title="Réunion de lancement", offset_days="-100")}
    assert admin.post(url, added).status_code == 302
    assert FederationTask.objects.filter(federation=mife.federation, key="reunion_de_lancement").exists()
    assert list(RallyTask.objects.filter(rally=annecy).values_list("title", "due")) == before
    prepare(foreign, None)  # a rally of another structure of the federation, prepared now
    titles = dict(RallyTask.objects.filter(rally=foreign).values_list("title", "due"))
    assert titles["Financeurs rencontrés et convaincus"] == dt.date(2027, 5, 18) - dt.timedelta(days=70)
    assert "Réunion de lancement" in titles


def test_a_coordinator_cannot_edit_the_federation_template(coordinator: Client, mife: Structure) -> None:
    assert coordinator.get(reverse("preparation:federation", args=[mife.federation_id])).status_code == 403


def test_a_structure_adapts_and_removes_tasks(coordinator: Client, mife: Structure, annecy: Rally) -> None:
    url = reverse("preparation:structure", args=[mife.pk])
    page = text(coordinator.get(url))
    assert "Repérer les financeurs possibles" in page
    removed = {
        "action": "save",
        "item": "social_networks",
        **fields("k-social_networks", title="Réseaux sociaux", phase="communication", offset_days="-7", removed="on"),
    }
    assert coordinator.post(url, removed).status_code == 302
    moved = {
        "action": "save",
        "item": "prizes",
        **fields("k-prizes", title="Collecter les lots", phase="communication", offset_days="-40"),
    }
    assert coordinator.post(url, moved).status_code == 302
    own = {"action": "add", **fields("new", title="Visite du camping", phase="visits", offset_days="-15")}
    assert coordinator.post(url, own).status_code == 302
    assert StructureTask.objects.filter(structure=mife).count() == 3
    prepare(annecy, None)
    tasks = dict(RallyTask.objects.filter(rally=annecy).values_list("title", "due"))
    assert "Annoncer le rallye sur les réseaux sociaux" not in tasks and "Réseaux sociaux" not in tasks
    assert tasks["Collecter les lots"] == dt.date(2027, 2, 4)
    assert tasks["Visite du camping"] == dt.date(2027, 3, 1)
    assert coordinator.post(url, {"action": "restore", "item": "social_networks"}).status_code == 302
    assert not StructureTask.objects.filter(structure=mife, key="social_networks").exists()


def test_a_reader_and_another_structure_cannot_adapt(reader: Client, mife: Structure, isere: Structure) -> None:
    assert reader.get(reverse("preparation:structure", args=[mife.pk])).status_code == 404
    assert logged_in("coordination@ti38.demo").get(reverse("preparation:structure", args=[mife.pk])).status_code == 404
    assert reader.get(reverse("preparation:templates")).status_code == 403
