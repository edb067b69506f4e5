"""Access to the workspace: login required, each user sees only their structures."""

from __future__ import annotations

import pytest
from django.test import Client

from rallye.demo import DEMO_PASSWORD, FEDERATION_ADMIN
from rallye.organisations.models import Structure, User
from rallye.organisations.perms import can_edit, can_view
from rallye.organisations.scoping import visible_structures
from tests.conftest import demo_loaded
from tests.logins import MIFE, logged_in

pytestmark = pytest.mark.django_db


def test_pages_require_login() -> None:
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/connexion/")


def test_login_page_is_french_and_logs_in() -> None:
    demo_loaded()
    client = Client()
    page = client.get("/connexion/")
    assert "Adresse e-mail" in page.content.decode()
    response = client.post("/connexion/", {"username": MIFE, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert "MIFE de Haute-Savoie" in client.get("/").content.decode()


def test_wrong_password_says_what_to_do() -> None:
    demo_loaded()
    page = Client().post("/connexion/", {"username": MIFE, "password": "faux"})
    assert "Adresse e-mail ou mot de passe incorrect" in page.content.decode()


def test_coordinator_sees_only_their_structure() -> None:
    demo_loaded()
    home = logged_in(MIFE).get("/").content.decode()
    assert "MIFE de Haute-Savoie" in home
    assert "Territoires d'insertion" not in home
    mife = User.objects.get(email=MIFE)
    assert [s.name for s in visible_structures(mife)] == ["MIFE de Haute-Savoie"]
    other = Structure.objects.get(name__contains="Isère")
    assert not can_view(mife, other) and not can_edit(mife, other)


def test_federation_admin_sees_every_structure() -> None:
    demo_loaded()
    admin = User.objects.get(email=FEDERATION_ADMIN)
    assert visible_structures(admin).count() == 2
    home = logged_in(FEDERATION_ADMIN).get("/").content.decode()
    assert "MIFE de Haute-Savoie" in home and "Isère" in home


def test_django_admin_is_for_federation_admins_only() -> None:
    demo_loaded()
    assert logged_in(FEDERATION_ADMIN).get("/admin/").status_code == 200
    assert logged_in(MIFE).get("/admin/").status_code == 302


def test_user_without_membership_sees_nothing() -> None:
    User.objects.create_user("personne@example.fr", "un-mot-de-passe-long")
    demo_loaded()
    stranger = User.objects.get(email="personne@example.fr")
    assert not visible_structures(stranger).exists()


def test_demo_loading_is_idempotent() -> None:
    demo_loaded()
    demo_loaded()
    assert Structure.objects.count() == 2
    assert User.objects.count() == 4  # the coordinators, the federation administrator, the evaluator


def test_every_demo_rally_is_planned() -> None:
    from rallye.plans.models import PlanVersion
    from rallye.rallies.models import Rally

    demo_loaded()
    assert Rally.objects.filter(name__contains="2027").count() == 2  # one upcoming rally per structure
    for rally in Rally.objects.all():
        assert PlanVersion.objects.get(rally=rally, is_current=True).content is not None
