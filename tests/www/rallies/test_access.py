"""Who reaches which rally URL: every pattern of the workspace, walked for every kind of user.

A rally of another structure does not exist for the user (404, on every method); a read-only
member sees every page but changes nothing (403); a federation administrator works everywhere.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, reverse

from rallye.organisations.models import Membership, Role, User
from rallye.organisations.scoping import role_in
from rallye.rallies.models import Company, Participant, Rally, TravelTime, Vehicle
from rallye.www.rallies import urls as rally_urls
from tests.logins import FEDERATION, READER, logged_in
from tests.www.rallies.helpers import text

pytestmark = pytest.mark.django_db

PATTERNS: list[URLPattern] = [p for p in rally_urls.urlpatterns if isinstance(p, URLPattern)]
RALLY_PATTERNS = [p for p in PATTERNS if "pk" in p.pattern.converters]
ITEM_PATTERNS = [p for p in RALLY_PATTERNS if "item" in p.pattern.converters]
READABLE = {
    "detail",
    "programme",
    "companies",
    "travel_times",
    "participants",
    "vehicles",
    "export_xlsx",
    "export_json",
    "history",
    "readiness",
    "participant_attestation",
}
"""The rally pages a read-only member may open; every other rally URL changes something."""
ITEM_MODELS: dict[str, type[Company] | type[Participant] | type[Vehicle] | type[TravelTime]] = {
    "company": Company,
    "participant": Participant,
    "vehicle": Vehicle,
    "travel": TravelTime,
}


def name_of(pattern: URLPattern) -> str:
    assert pattern.name is not None
    return pattern.name


def address(pattern: URLPattern, rally: Rally, item_rally: Rally | None = None) -> str:
    """The pattern's URL for ``rally`` (an item of ``item_rally`` when it names one)."""
    converters = pattern.pattern.converters
    kwargs: dict[str, Any] = {"pk": rally.pk} if "pk" in converters else {}
    if "item" in converters:
        model = ITEM_MODELS[name_of(pattern).split("_")[0]]
        if model is TravelTime:  # the examples measure none: one for the walk
            TravelTime.objects.get_or_create(rally=item_rally or rally, origin="base", destination="C01", minutes=9)
        item = model.objects.filter(rally=item_rally or rally).first()
        assert item is not None
        kwargs["item"] = item.pk
    if "token" in converters:
        kwargs["token"] = "jeton-inconnu"
    return reverse(f"rallies:{name_of(pattern)}", kwargs=kwargs)


def statuses(client: Client, patterns: list[URLPattern], rally: Rally, **options: Any) -> dict[str, tuple[int, int]]:
    """For each pattern: the status of a GET and of a POST."""
    found = {}
    for pattern in patterns:
        url = address(pattern, rally, **options)
        found[name_of(pattern)] = (client.get(url).status_code, client.post(url, {"action": "confirm"}).status_code)
    return found


def test_every_rally_url_is_walked() -> None:
    names = [name_of(p) for p in RALLY_PATTERNS]
    assert len(names) == len(set(names)) and set(names) > READABLE
    assert {name_of(p) for p in ITEM_PATTERNS} >= {"company_edit", "participant_delete", "vehicle_edit"}


def test_foreign_rally_answers_404_everywhere(coordinator: Client, foreign: Rally) -> None:
    found = statuses(coordinator, RALLY_PATTERNS, foreign)
    assert found == {name: (404, 404) for name in found}


def test_item_of_another_rally_answers_404(coordinator: Client, annecy: Rally, foreign: Rally) -> None:
    found = statuses(coordinator, ITEM_PATTERNS, annecy, item_rally=foreign)
    assert found == {name: (404, 404) for name in found}


def test_read_only_member_sees_but_cannot_change(reader: Client, annecy: Rally) -> None:
    found = statuses(reader, RALLY_PATTERNS, annecy)
    assert found == {name: (200 if name in READABLE else 403, 403) for name in found}


def test_anonymous_visitor_is_sent_to_login(annecy: Rally) -> None:
    for pattern in PATTERNS:
        response = Client().get(address(pattern, annecy))
        assert response.status_code == 302 and response["Location"].startswith("/connexion/"), name_of(pattern)


def test_read_only_pages_have_no_edit_controls(reader: Client, annecy: Rally) -> None:
    detail = text(reader.get(reverse("rallies:detail", args=[annecy.pk])))
    assert "consultation seule" in detail
    assert "Modifier les réglages" not in detail and "Remplacer le contenu" not in detail
    assert "Télécharger le fichier rally.json" in detail
    for name, add in (("companies", "Ajouter une entreprise"), ("participants", "Ajouter un participant")):
        page = text(reader.get(reverse(f"rallies:{name}", args=[annecy.pk])))
        assert add not in page and "Modifier</a>" not in page and "Supprimer</a>" not in page
    assert "<form" not in text(reader.get(reverse("rallies:programme", args=[annecy.pk]))).split("</header>")[1]


def test_read_only_member_cannot_import_a_new_rally(reader: Client) -> None:
    assert reader.get(reverse("rallies:import_new")).status_code == 403
    assert reader.get(reverse("rallies:import_new_preview", args=["jeton"])).status_code == 403


def test_lists_show_the_rallies_of_visible_structures_only(coordinator: Client, annecy: Rally, foreign: Rally) -> None:
    for address in (reverse("home"), reverse("rallies:list")):
        page = text(coordinator.get(address))
        assert f'href="{reverse("rallies:detail", args=[annecy.pk])}"' in page
        assert f'href="{reverse("rallies:detail", args=[foreign.pk])}"' not in page
        assert "Pays voironnais, mai 2027" not in page
    admin = text(logged_in(FEDERATION).get(reverse("rallies:list")))
    assert "Pays voironnais, mai 2027" in admin and "Annecy, mars 2027" in admin


def test_federation_admin_edits_any_structure(annecy: Rally, foreign: Rally) -> None:
    admin = logged_in(FEDERATION)
    for rally in (annecy, foreign):
        assert admin.get(reverse("rallies:edit", args=[rally.pk])).status_code == 200
        assert admin.get(reverse("rallies:company_add", args=[rally.pk])).status_code == 200


@pytest.mark.parametrize("structure_role_first", [True, False])
def test_federation_admin_read_only_in_a_structure_still_edits_it(
    reader: Client, annecy: Rally, structure_role_first: bool
) -> None:
    """Two roles for one structure: the strongest wins, on every database engine and whatever
    order the memberships were made in (the lead's CI runs PostgreSQL, the default is SQLite)."""
    user = User.objects.get(email=READER)
    if not structure_role_first:  # the federation role made first, the structure one after
        membership = Membership.objects.get(user=user)
        membership.delete()
    Membership.objects.create(user=user, federation=annecy.structure.federation, role=Role.FEDERATION_ADMIN)
    if not structure_role_first:
        membership.pk = None
        membership.save()
    assert role_in(user, annecy.structure) == Role.FEDERATION_ADMIN
    assert reader.get(reverse("rallies:edit", args=[annecy.pk])).status_code == 200
    assert reader.get(reverse("rallies:company_add", args=[annecy.pk])).status_code == 200


def test_read_only_member_gets_no_more_than_read_only(reader: Client, annecy: Rally) -> None:
    assert role_in(User.objects.get(email=READER), annecy.structure) == Role.READ_ONLY
    assert reader.get(reverse("rallies:edit", args=[annecy.pk])).status_code == 403
