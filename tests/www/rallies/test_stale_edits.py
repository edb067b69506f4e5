"""Two people edit the same record at once: the second save is refused, shows the current values
next to what was typed, and the database keeps the first save (optimistic locking)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from rallye.demo import DEMO_PASSWORD
from rallye.organisations.models import Membership, Role, Structure, User
from rallye.rallies.models import Company, Participant, Rally, Vehicle
from tests.www.rallies.helpers import text

pytestmark = pytest.mark.django_db

STALE = "Quelqu'un a modifié cette fiche pendant que vous la modifiiez"


class FormReader(HTMLParser):
    """The fields of the page's post form, as a browser would submit them unchanged."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str] = {}
        self.in_form = False
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form" and a.get("method") == "post" and "action" not in a:
            self.in_form = True
        if not self.in_form or (not a.get("name") and tag != "option"):
            return
        if tag == "input" and a.get("type") not in ("submit", "button"):
            if a.get("type") == "checkbox":
                if "checked" in a:
                    self.data[a["name"]] = a.get("value") or "on"
            else:
                self.data[a["name"]] = a.get("value", "")
        elif tag == "select":
            self.select = a["name"]
        elif tag == "option" and self.select is not None:
            if "selected" in a or self.select not in self.data:
                self.data[self.select] = a.get("value", "")
        elif tag == "textarea":
            self.textarea = a["name"]
            self.data[a["name"]] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.in_form = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.data[self.textarea] += data


def loaded_form(client: Client, url: str) -> dict[str, str]:
    response = client.get(url)
    assert response.status_code == 200
    reader = FormReader()
    reader.feed(response.content.decode())
    assert reader.data
    return reader.data


@dataclass(frozen=True)
class Case:
    url: Callable[[Rally], str]
    field: str
    first: str
    second: str
    stored: Callable[[Rally], Any]


def first_of(model: type[Company] | type[Participant] | type[Vehicle]) -> Callable[[Rally], Any]:
    return lambda rally: model.objects.filter(rally=rally).order_by("code").first()


def edit_url(name: str, model: type[Company] | type[Participant] | type[Vehicle]) -> Callable[[Rally], str]:
    return lambda rally: reverse(name, args=[rally.pk, first_of(model)(rally).pk])


CASES = {
    "rally": Case(
        lambda rally: reverse("rallies:edit", args=[rally.pk]),
        "name",
        "Rallye d'Annecy (mars)",
        "Rallye du lac",
        lambda rally: Rally.objects.get(pk=rally.pk).name,
    ),
    "programme": Case(
        lambda rally: reverse("rallies:programme", args=[rally.pk]),
        "sessions-0-start",
        "08:15",
        "08:45",
        lambda rally: f"{rally.sessions.order_by('date', 'start')[0].start:%H:%M}",
    ),
    "company": Case(
        edit_url("rallies:company_edit", Company),
        "name",
        "Boulangerie du Pâquier",
        "Boulangerie des Marquisats",
        lambda rally: first_of(Company)(rally).name,
    ),
    "participant": Case(
        edit_url("rallies:participant_edit", Participant),
        "first_name",
        "Marie-Claire",
        "Marie-Hélène",
        lambda rally: first_of(Participant)(rally).first_name,
    ),
    "vehicle": Case(
        edit_url("rallies:vehicle_edit", Vehicle),
        "label",
        "Minibus bleu",
        "Minibus rouge",
        lambda rally: first_of(Vehicle)(rally).label,
    ),
}


@pytest.fixture
def colleague(mife: Structure) -> Client:
    """A second member of the MIFE, in another browser."""
    user = User.objects.create_user("collegue@mife74.test", DEMO_PASSWORD, first_name="Inès", last_name="Roux")
    Membership.objects.create(user=user, federation=mife.federation, structure=mife, role=Role.MEMBER)
    client = Client()
    assert client.login(email="collegue@mife74.test", password=DEMO_PASSWORD)
    return client


@pytest.mark.parametrize("kind", CASES)
def test_second_save_of_a_stale_form_is_refused_with_the_current_values(
    kind: str, coordinator: Client, colleague: Client, annecy: Rally
) -> None:
    case = CASES[kind]
    url = case.url(annecy)
    mine, theirs = loaded_form(coordinator, url), loaded_form(colleague, url)

    first = coordinator.post(url, {**mine, case.field: case.first})
    assert first.status_code == 302
    second = colleague.post(url, {**theirs, case.field: case.second})

    assert second.status_code == 409
    page = text(second)
    assert STALE in page
    assert case.first in page and case.second in page  # the current value next to what was typed
    assert case.stored(annecy) == case.first  # the first save stands, nothing else was written
    again = FormReader()
    again.feed(second.content.decode())
    assert again.data[case.field] == case.first  # the form shows the current values

    retried = colleague.post(url, {**again.data, case.field: case.second})
    assert retried.status_code == 302  # reloaded with the current revision, the change goes through
    assert case.stored(annecy) == case.second


def test_a_form_saved_twice_by_the_same_page_is_refused_the_second_time(coordinator: Client, annecy: Rally) -> None:
    participant = first_of(Participant)(annecy)
    url = reverse("rallies:participant_edit", args=[annecy.pk, participant.pk])
    data = loaded_form(coordinator, url)
    assert coordinator.post(url, {**data, "phone": "06 11 11 11 11"}).status_code == 302
    refused = coordinator.post(url, {**data, "phone": "06 22 22 22 22"})  # the back button, then save
    assert refused.status_code == 409
    assert "06 11 11 11 11" in text(refused)
    assert Participant.objects.get(pk=participant.pk).phone == "06 11 11 11 11"


def test_an_invalid_stale_form_shows_its_errors_and_keeps_its_revision(coordinator: Client, annecy: Rally) -> None:
    vehicle = first_of(Vehicle)(annecy)
    url = reverse("rallies:vehicle_edit", args=[annecy.pk, vehicle.pk])
    data = loaded_form(coordinator, url)
    invalid = coordinator.post(url, {**data, "seats": "40"})
    assert invalid.status_code == 200 and STALE not in text(invalid)
    reader = FormReader()
    reader.feed(invalid.content.decode())
    assert reader.data["edition-revision"] == data["edition-revision"]


DELETIONS: dict[str, tuple[str, type[Company] | type[Participant] | type[Vehicle], str, str, str]] = {
    "company": ("company", Company, "name", "Boulangerie du Pâquier", "Boulangerie du Pâquier"),
    "participant": ("participant", Participant, "first_name", "Marie-Claire", "Marie-Claire"),
    "vehicle": ("vehicle", Vehicle, "seats", "9", "(9 places)"),
}
"""Kind → (URL names' prefix, model, field changed, value typed, how the item is named after it)."""


@pytest.mark.parametrize("kind", DELETIONS)
def test_deleting_an_item_changed_since_the_page_was_loaded_is_refused(
    kind: str, coordinator: Client, colleague: Client, annecy: Rally
) -> None:
    prefix, model, field, value, named = DELETIONS[kind]
    item = first_of(model)(annecy)
    delete = reverse(f"rallies:{prefix}_delete", args=[annecy.pk, item.pk])
    confirm = loaded_form(colleague, delete)  # the colleague opens « Supprimer … ? »
    edit = reverse(f"rallies:{prefix}_edit", args=[annecy.pk, item.pk])
    assert coordinator.post(edit, {**loaded_form(coordinator, edit), field: value}).status_code == 302

    refused = colleague.post(delete, confirm)
    assert refused.status_code == 409
    page = text(refused)
    assert "Quelqu'un a modifié cette fiche depuis que vous avez ouvert cette page : rien n'est supprimé." in page
    assert f"Supprimer « {named}" in page or named in page.split("Supprimer « ", 1)[1].split("»")[0]
    assert model.objects.filter(pk=item.pk).exists()

    confirmed = colleague.post(delete, loaded_form_of(refused))
    assert confirmed.status_code == 302
    assert not model.objects.filter(pk=item.pk).exists()


def loaded_form_of(response: Any) -> dict[str, str]:
    reader = FormReader()
    reader.feed(response.content.decode())
    return reader.data
