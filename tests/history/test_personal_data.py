"""The history keeps no personal data beyond the person: erasure and the retention purge make
its entries about them anonymous, as they do the rally's own records."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable

import pytest
from django.test import Client
from django.urls import reverse

from rallye.evaluation.personal_data import erase, purge
from rallye.history.models import HistoryEntry, ObjectKind
from rallye.organisations.models import User
from rallye.rallies.models import Company, Participant, Vehicle
from tests.evaluation.people import CONTACT_NAME, EMAIL, FIRST_NAME, LAST_NAME, PHONE, Season, build_season
from tests.logins import MIFE, logged_in
from tests.www.rallies.test_stale_edits import loaded_form

pytestmark = pytest.mark.django_db
AFTER_RETENTION = dt.date(2029, 9, 20)
"""Annecy 2027: follow-up due 19 September 2027, kept 24 months."""
NEW_PHONE = "07 55 44 33 22"
ACCOMPANIER = "Barnabé Oudinot"


@pytest.fixture
def season(db: None) -> Season:
    return build_season()


def edit(client: Client, name: str, item: Participant | Company | Vehicle, **values: str) -> None:
    url = reverse(name, args=[item.rally_id, item.pk])
    assert client.post(url, {**loaded_form(client, url), **values}).status_code == 302


def dump(entries: Iterable[HistoryEntry]) -> str:
    return json.dumps([(e.object_label, e.summary, e.changes) for e in entries], ensure_ascii=False)


@pytest.fixture
def edited(season: Season) -> Season:
    """Zéphyrine's phone changed and her diploma set, a company's contact and a vehicle's
    accompanier changed, another person added then deleted: all of it in the history."""
    client = logged_in(MIFE)
    edit(client, "rallies:participant_edit", season.person, phone=NEW_PHONE, diploma_level="8")
    company = Company.objects.filter(rally=season.rally).order_by("code").first()
    vehicle = Vehicle.objects.filter(rally=season.rally).order_by("code").first()
    assert company is not None and vehicle is not None
    edit(client, "rallies:company_edit", company, contact_name="Honorine Lefébure")
    edit(client, "rallies:vehicle_edit", vehicle, accompanier_name=ACCOMPANIER)
    other = Participant.objects.filter(rally=season.rally).order_by("code")[1]
    client.post(reverse("rallies:participant_delete", args=[season.rally.pk, other.pk]))
    return season


def test_erasure_makes_the_persons_history_anonymous(edited: Season) -> None:
    person = edited.person
    about = HistoryEntry.objects.filter(object_kind=ObjectKind.PARTICIPANT, object_id=person.pk)
    assert FIRST_NAME in dump(about) and PHONE in dump(about)

    erase(person, User.objects.get(email=MIFE))

    entry = about.get()
    assert entry.object_label == f"Anonyme ({person.code})"
    changes = {c["label"]: (c["before"], c["after"]) for c in entry.changes}
    assert changes["Téléphone"] == ("Anonyme", "Anonyme")
    assert changes["Niveau de diplôme"][1] == "Niveau 8 — doctorat"  # what the reports count stays
    everything = dump(HistoryEntry.objects.all())
    for value in (FIRST_NAME, LAST_NAME, PHONE, NEW_PHONE, EMAIL):
        assert value not in everything
    assert "Honorine Lefébure" in everything  # the purge, not the erasure, clears the contacts


def test_purge_makes_the_rallys_history_anonymous(edited: Season) -> None:
    deleted = HistoryEntry.objects.get(rally=edited.rally, object_kind=ObjectKind.PARTICIPANT, changes=[])
    assert deleted.object_label != "Anonyme"

    purge(AFTER_RETENTION)

    everything = dump(HistoryEntry.objects.filter(rally=edited.rally))
    for value in (FIRST_NAME, PHONE, NEW_PHONE, CONTACT_NAME, "Honorine Lefébure", ACCOMPANIER):
        assert value not in everything
    deleted.refresh_from_db()
    assert deleted.object_label == "Anonyme"  # someone deleted from the rally is forgotten too
    assert HistoryEntry.objects.filter(rally=edited.rally).count() == 4  # who did what stays
