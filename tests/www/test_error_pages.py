"""Error pages speak French, in the site's layout, with DEBUG off (as in production and the demo)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from rallye.rallies.models import Rally

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_debug(settings: Settings) -> None:
    settings.DEBUG = False


def test_an_unknown_address_says_page_not_found(coordinator: Client) -> None:
    response = coordinator.get("/nulle-part/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>Page introuvable</h1>" in page and 'lang="fr"' in page
    assert "Mot de passe" in page  # the layout's top bar, for a signed-in user


def test_a_forbidden_change_says_access_refused(reader: Client, mife_rally: Rally) -> None:
    response = reader.get(reverse("rallies:company_add", args=[mife_rally.pk]))
    assert response.status_code == 403
    assert "<h1>Accès refusé</h1>" in response.content.decode()


def test_an_expired_form_says_so_and_what_to_do() -> None:
    response = Client(enforce_csrf_checks=True).post("/connexion/", {"username": "a@b.fr", "password": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "<h1>Formulaire expiré</h1>" in page and "rechargez la page" in page


def test_a_bad_request_says_so() -> None:
    response = Client().get("/connexion/", headers={"Host": "inconnu.example.org"})
    assert response.status_code == 400
    assert "<h1>Demande incorrecte</h1>" in response.content.decode()


@pytest.mark.urls("tests.web.failing_urls")
def test_a_server_error_shows_the_french_page() -> None:
    response = Client(raise_request_exception=False).get("/panne/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "<h1>Une erreur est survenue</h1>" in page and "Réessayez dans quelques minutes" in page
