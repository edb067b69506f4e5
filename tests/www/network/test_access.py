"""Who reaches what in the network space, for every role: anonymous visitors log in first;
network pages are for the federation's admins and evaluators (403 for others); a rally, structure
or funder out of reach answers 404; only the federation's admins and evaluators score."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from rallye.demo import DEMO_PASSWORD
from rallye.evaluation.models import FidelityScore, Funder
from rallye.organisations.models import Structure, User
from rallye.rallies.models import Rally
from tests.logins import TI38, logged_in
from tests.www.network.helpers import get_ok, grid_data, text

pytestmark = pytest.mark.django_db

NETWORK_PAGES = ("network:dashboard", "network:fidelity_compare")


def urls(rally: Rally, structure: Structure, funder: Funder) -> list[str]:
    return [
        reverse("network:dashboard"),
        reverse("network:fidelity_compare"),
        reverse("network:reports"),
        reverse("network:federation_report", args=["pdf"]),
        reverse("network:ansa_report", args=[structure.pk, "pdf"]),
        reverse("network:funder_report", args=[funder.pk, "pdf"]),
        reverse("network:fidelity", args=[rally.pk]),
        reverse("network:fidelity_pdf", args=[rally.pk]),
    ]


def test_anonymous_visitors_log_in_first(annecy: Rally, mife: Structure, funder: Funder) -> None:
    client = Client()
    for url in urls(annecy, mife, funder):
        for response in (client.get(url), client.post(url)):
            assert response.status_code == 302 and response["Location"].startswith("/connexion/"), url


@pytest.mark.parametrize("role", ["coordinator", "reader"])
def test_structure_staff(role: str, request: pytest.FixtureRequest, annecy: Rally, voiron: Rally) -> None:
    client: Client = request.getfixturevalue(role)
    for name in NETWORK_PAGES:
        assert client.get(reverse(name)).status_code == 403, name
    assert client.get(reverse("network:federation_report", args=["xlsx"])).status_code == 403
    # Their own rally's grid, read only; another structure's rally does not exist for them.
    page = get_ok(client, reverse("network:fidelity", args=[annecy.pk]))
    assert "Enregistrer la grille" not in page
    assert client.post(reverse("network:fidelity", args=[annecy.pk]), grid_data(annecy)).status_code == 403
    assert not FidelityScore.objects.filter(rally=annecy).exists()
    assert client.get(reverse("network:fidelity_pdf", args=[annecy.pk])).content.startswith(b"%PDF")
    for name in ("network:fidelity", "network:fidelity_pdf"):
        assert client.get(reverse(name, args=[voiron.pk])).status_code == 404
    assert client.post(reverse("network:fidelity", args=[voiron.pk]), grid_data(voiron)).status_code == 404
    assert "Réseau</a>" not in text(client.get("/"))


@pytest.mark.parametrize("role", ["admin", "evaluator"])
def test_federation_admins_and_evaluators_reach_the_whole_network(
    role: str, request: pytest.FixtureRequest, annecy: Rally, voiron: Rally, isere: Structure
) -> None:
    client: Client = request.getfixturevalue(role)
    for name in (*NETWORK_PAGES, "network:reports"):
        get_ok(client, reverse(name))
    for rally in (annecy, voiron):
        assert "Enregistrer la grille" in get_ok(client, reverse("network:fidelity", args=[rally.pk]))
    assert client.get(reverse("network:ansa_report", args=[isere.pk, "pdf"])).status_code == 200
    response = client.post(reverse("network:fidelity", args=[voiron.pk]), grid_data(voiron))
    assert response.status_code == 302
    assert FidelityScore.objects.filter(rally=voiron).count() == 19
    assert f'href="{reverse("network:dashboard")}">Réseau</a>' in text(client.get("/"))


def test_evaluators_reach_no_page_with_people(evaluator: Client, annecy: Rally, funder: Funder) -> None:
    for name in ("rallies:detail", "rallies:participants", "rallies:companies", "plans:planning"):
        assert evaluator.get(reverse(name, args=[annecy.pk])).status_code == 404, name
    assert evaluator.get(reverse("network:funder_report", args=[funder.pk, "pdf"])).status_code == 404
    home = text(evaluator.get("/"))
    assert "Tableau de bord du réseau" in home
    assert annecy.name not in home
    assert "n'est rattaché à aucune structure" not in home


def test_another_federation_sees_nothing_of_this_one(
    other_admin: Client, annecy: Rally, mife: Structure, funder: Funder
) -> None:
    page = get_ok(other_admin, reverse("network:dashboard"))
    assert "Autre fédération" in page and "Club d'ailleurs" in page
    assert annecy.name not in page and mife.name not in page
    assert other_admin.get(reverse("network:fidelity", args=[annecy.pk])).status_code == 404
    assert other_admin.get(reverse("network:ansa_report", args=[mife.pk, "pdf"])).status_code == 404
    assert other_admin.get(reverse("network:funder_report", args=[funder.pk, "pdf"])).status_code == 404
    assert annecy.name not in get_ok(other_admin, reverse("network:fidelity_compare"))


def test_coordinator_of_another_structure(annecy: Rally, mife: Structure, funder: Funder) -> None:
    client = logged_in(TI38)
    assert client.get(reverse("network:fidelity", args=[annecy.pk])).status_code == 404
    assert client.get(reverse("network:ansa_report", args=[mife.pk, "pdf"])).status_code == 404
    assert client.get(reverse("network:funder_report", args=[funder.pk, "pdf"])).status_code == 404


def test_a_user_without_any_role_gets_nothing(annecy: Rally) -> None:
    User.objects.create_user("personne@example.test", DEMO_PASSWORD)
    client = logged_in("personne@example.test")
    for name in (*NETWORK_PAGES, "network:reports"):
        assert client.get(reverse(name)).status_code == 403, name
    assert client.get(reverse("network:fidelity", args=[annecy.pk])).status_code == 404


def test_downloads_check_access_before_the_method(coordinator: Client, admin: Client, voiron: Rally) -> None:
    """Posting to a download: 404 when out of reach (nothing tells it exists), 405 otherwise."""
    isere_funder = Funder.objects.create(structure=voiron.structure, name="Fonds isérois (test)")
    url = reverse("network:funder_report", args=[isere_funder.pk, "pdf"])
    assert coordinator.post(url).status_code == 404
    assert admin.post(url).status_code == 405
    assert coordinator.post(reverse("network:federation_report", args=["pdf"])).status_code == 403
    assert admin.post(reverse("network:federation_report", args=["pdf"])).status_code == 405
