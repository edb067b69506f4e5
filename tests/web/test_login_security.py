"""Logins: repeated failures lock the e-mail address out for a while from that client address
(with a French message on the login page); a signed-in user changes their password."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from rallye.demo import DEMO_PASSWORD
from rallye.organisations.models import Structure
from tests.logins import MIFE, TI38

pytestmark = pytest.mark.django_db
WRONG = "pas-le-bon-mot-de-passe"
LOCKED = "la connexion est bloquée pendant 15 minutes"


def log_in(client: Client, email: str, password: str, address: str = "192.0.2.10") -> str:
    response = client.post("/connexion/", {"username": email, "password": password}, REMOTE_ADDR=address)
    if response.status_code == 302:
        return "connecté"
    assert response.status_code in (200, 429)
    return "bloqué" if LOCKED in response.content.decode() else "refusé"


def test_five_failures_lock_the_address_out_for_fifteen_minutes(mife: Structure) -> None:
    client = Client()
    assert [log_in(client, MIFE, WRONG) for _ in range(5)] == ["refusé"] * 4 + ["bloqué"]
    response = client.post("/connexion/", {"username": MIFE, "password": DEMO_PASSWORD}, REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 429  # even the right password, until the cool-off ends
    page = response.content.decode()
    assert LOCKED in page and 'role="alert"' in page and f'value="{MIFE}"' in page
    assert "_auth_user_id" not in client.session
    # Another person at another address, or another account, is not affected.
    assert log_in(Client(), MIFE, DEMO_PASSWORD, address="198.51.100.7") == "connecté"
    assert log_in(Client(), TI38, DEMO_PASSWORD) == "connecté"


def test_a_success_clears_the_failures(mife: Structure) -> None:
    client = Client()
    assert [log_in(client, MIFE, WRONG) for _ in range(4)] == ["refusé"] * 4
    assert log_in(Client(), MIFE, DEMO_PASSWORD) == "connecté"
    assert [log_in(Client(), MIFE, WRONG) for _ in range(4)] == ["refusé"] * 4


def test_a_signed_in_user_changes_their_password(coordinator: Client) -> None:
    home = coordinator.get("/").content.decode()
    assert f'href="{reverse("password_change")}">Mot de passe</a>' in home
    form = coordinator.get(reverse("password_change")).content.decode()
    assert "<h1>Changer de mot de passe</h1>" in form
    assert "Ancien mot de passe" in form and "Confirmation du nouveau mot de passe" in form

    new = "un-Nouveau-mot-de-passe-2027"
    refused = coordinator.post(
        reverse("password_change"), {"old_password": WRONG, "new_password1": new, "new_password2": new}
    )
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Le mot de passe n'a pas changé" in page and "Votre ancien mot de passe est incorrect" in page

    done = coordinator.post(
        reverse("password_change"), {"old_password": DEMO_PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert done.status_code == 302 and done["Location"] == reverse("password_change_done")
    assert "<h1>Mot de passe changé</h1>" in coordinator.get(done["Location"]).content.decode()
    assert coordinator.get("/").status_code == 200  # still signed in on this device
    assert log_in(Client(), MIFE, DEMO_PASSWORD) == "refusé"
    assert log_in(Client(), MIFE, new) == "connecté"


def test_the_password_page_needs_a_login() -> None:
    response = Client().get(reverse("password_change"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
