"""Phone numbers parsed and written the usual way, and dialled by a ``tel:`` link in the pages
and the printed documents; a form refuses what is not a number, a file keeps it as written."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from rallye import phones
from rallye.documents.rendering import render_html, tel_link
from rallye.formats.load import load_plan, load_rally
from rallye.formats.problems import json_locator
from rallye.formats.rally_input import validate_rally
from rallye.rallies.models import Participant, Rally
from rallye.www.templatetags.rallye_fr import tel_filter
from tests.conftest import demo_loaded
from tests.factories import rally_content
from tests.logins import MIFE, logged_in

EXAMPLE = Path(__file__).parents[2] / "examples" / "annecy-2027"


@pytest.mark.parametrize(
    ("typed", "written", "uri"),
    [
        ("0612345678", "06 12 34 56 78", "tel:+33612345678"),
        ("06.12.34.56.78", "06 12 34 56 78", "tel:+33612345678"),
        ("+33 6 12 34 56 78", "06 12 34 56 78", "tel:+33612345678"),
        ("0033612345678", "06 12 34 56 78", "tel:+33612345678"),
        ("04 50 33 65 00", "04 50 33 65 00", "tel:+33450336500"),
        ("+41221234567", "+41 22 123 45 67", "tel:+41221234567"),
        ("112", "112", "tel:112"),
    ],
)
def test_numbers_are_written_the_usual_way(typed: str, written: str, uri: str) -> None:
    assert phones.normalised(typed) == written
    assert phones.tel_uri(typed) == uri


@pytest.mark.parametrize("typed", ["06", "06 11", "douze", "0612", "+33 1"])
def test_what_is_not_a_number_is_refused_with_an_example(typed: str) -> None:
    with pytest.raises(phones.InvalidPhone, match=r"n.est pas un numéro de téléphone \(attendu : 06 12 34 56 78"):
        phones.normalised(typed)
    assert phones.tel_uri(typed) is None
    assert phones.tidy(f" {typed} ") == typed


def test_links_in_pages_and_documents() -> None:
    assert tel_filter("0612345678") == '<a href="tel:+33612345678">06 12 34 56 78</a>'
    assert tel_filter("<b>non</b>") == "&lt;b&gt;non&lt;/b&gt;"
    assert tel_filter("") == ""
    assert str(tel_link("0450336500")) == '<a href="tel:+33450336500">04 50 33 65 00</a>'
    assert str(tel_link("non renseigné")) == "non renseigné"


def test_files_keep_their_numbers_tidy() -> None:
    content = rally_content()
    content["companies"][0]["contact"] = {"name": "Lucie", "phone": "0612345678", "email": ""}
    content["companies"][1]["contact"] = {"name": "Marc", "phone": "le standard", "email": ""}
    rally = validate_rally(content, json_locator("rally.json"))
    assert [c.contact.phone for c in rally.companies[:2] if c.contact] == ["06 12 34 56 78", "le standard"]


def test_the_roadbook_and_the_overview_dial_contacts() -> None:
    rally, plan = load_rally(EXAMPLE / "rally.json"), load_plan(EXAMPLE / "plan.json")
    roadbook = render_html("roadbook", rally, plan)
    assert 'tél. <a href="tel:+33600142701">06 00 14 27 01</a>' in roadbook
    assert '<a href="tel:112">112</a>' in roadbook
    assert '<a href="tel:+33600142701">06 00 14 27 01</a>' in render_html("overview", rally, plan)


@pytest.mark.django_db
def test_forms_refuse_and_normalise_numbers() -> None:
    demo_loaded()
    rally = Rally.objects.get(name="Rallye pour l'emploi — Annecy, mars 2027")
    person = Participant.objects.filter(rally=rally).order_by("code")[0]
    client: Client = logged_in(MIFE)
    url = reverse("rallies:participant_edit", args=[rally.pk, person.pk])
    page = html.unescape(client.get(url).content.decode())
    assert 'type="tel" name="phone"' in page
    data = {
        "code": person.code,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "gender": person.gender,
        "birth_year": str(person.birth_year),
        "diploma_level": "",
        "background_sector": "",
        "status": "",
        "prescriber": "",
        "email": "",
        "present": "on",
        "edition-revision": str(person.revision),
    }
    refused = html.unescape(client.post(url, {**data, "phone": "06 12"}).content.decode())
    assert "« 06 12 » n'est pas un numéro de téléphone (attendu : 06 12 34 56 78" in refused
    assert client.post(url, {**data, "phone": "+33612345678"}).status_code == 302
    person.refresh_from_db()
    assert person.phone == "06 12 34 56 78"
    listing = client.get(reverse("rallies:participants", args=[rally.pk])).content.decode()
    assert '<a href="tel:+33612345678">06 12 34 56 78</a>' in listing


def test_mobile_numbers_are_told_apart() -> None:
    assert phones.is_mobile("06 12 34 56 78") and phones.is_mobile("+33 6 98 76 54 32")
    assert not phones.is_mobile("04 50 12 34 56") and not phones.is_mobile("") and not phones.is_mobile("3949")
