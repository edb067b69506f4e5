"""A new installation: ``rallye init`` creates the federation and its first administrator, who
signs in; it refuses a database that already has one. Operators use Django's admin, superusers
included, with the e-mail user's proper forms."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from rallye.challenges.models import NetworkChallenge
from rallye.cli.init import init
from rallye.domain.challenges import starter_repertoire
from rallye.organisations.models import Federation, User

ADMIN = "admin@federation.example"
PASSWORD = "un-mot-de-passe-solide-2027"


def run_init(tmp_path: Path, password: str, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RALLYE_DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'rallye.sqlite3'}"}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "rallye.cli.main",
            "init",
            "--federation",
            "Fédération des CREPI",
            "--email",
            ADMIN,
            *extra,
        ],
        input=password + "\n",
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_init_creates_the_federation_and_its_administrator_once(tmp_path: Path) -> None:
    done = run_init(tmp_path, PASSWORD, "--first-name", "Claire")
    assert done.returncode == 0, done.stderr
    assert "Fédération « Fédération des CREPI » créée ; administrateur : admin@federation.example." in done.stdout
    again = run_init(tmp_path, PASSWORD)
    assert again.returncode == 2 and "a déjà une fédération (Fédération des CREPI)" in again.stderr


@pytest.mark.django_db
def test_the_administrator_made_by_init_signs_in_and_adds_structures(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(Federation.objects, "exists", lambda: False)  # as on a new database
    monkeypatch.setattr("rallye.cli.init.read_password", lambda: "court")
    assert init("Fédération de Savoie", ADMIN, "Claire", "Durand") == 2
    assert "Mot de passe refusé" in capsys.readouterr().err
    monkeypatch.setattr("rallye.cli.init.read_password", lambda: PASSWORD)
    assert init("Fédération de Savoie", ADMIN, "Claire", "Durand") == 0
    assert "Répertoire des défis du réseau : 48 défis de départ" in capsys.readouterr().out
    savoie = Federation.objects.get(name="Fédération de Savoie")
    assert NetworkChallenge.objects.filter(federation=savoie).count() == len(starter_repertoire())
    client = Client()
    assert client.login(email=ADMIN, password=PASSWORD)
    assert client.get(reverse("accounts:new_structure")).status_code == 200
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_a_superuser_uses_the_admin_and_its_user_forms() -> None:
    User.objects.create_superuser("exploitation@rallye.example", PASSWORD)
    client = Client()
    assert client.login(email="exploitation@rallye.example", password=PASSWORD)
    assert client.get("/admin/").status_code == 200
    add = client.get("/admin/organisations/user/add/")
    assert add.status_code == 200 and 'name="password1"' in add.content.decode()
    created = client.post(
        "/admin/organisations/user/add/",
        {"email": "nouveau@rallye.example", "usable_password": "true", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert created.status_code == 302
    user = User.objects.get(email="nouveau@rallye.example")
    assert user.check_password(PASSWORD) and user.password != PASSWORD  # hashed, never stored as typed
    change = client.get(f"/admin/organisations/user/{user.pk}/change/").content.decode()
    assert change.count(PASSWORD) == 0 and user.password.rsplit("$", 1)[1] not in change  # the hash is masked
