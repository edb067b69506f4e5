"""Documents from the workspace: one PDF per kind, a zip of all, and the rally's logo."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.html import escape
from PIL import Image

from rallye.demo import DEMO_PASSWORD
from rallye.documents import KINDS
from rallye.plans.models import PlanVersion
from rallye.rallies.models import Rally
from tests.conftest import demo_loaded

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (2, 1), "navy").save(buffer, "PNG")
    return buffer.getvalue()


PNG = _png()


@pytest.fixture
def rally() -> Rally:
    demo_loaded()
    return Rally.objects.get(name="Rallye pour l'emploi — Annecy, mars 2027")


def coordinator() -> Client:
    client = Client()
    assert client.login(email="coordination@mife74.demo", password=DEMO_PASSWORD)
    return client


def test_each_kind_downloads_as_a_pdf(rally: Rally) -> None:
    client = coordinator()
    page = client.get(f"/rallyes/{rally.pk}/documents/").content.decode()
    for kind in KINDS.values():
        assert escape(kind.title) in page
    response = client.get(f"/rallyes/{rally.pk}/documents/convocation.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert client.get(f"/rallyes/{rally.pk}/documents/inconnu.pdf").status_code == 404


def test_the_archive_holds_every_document(rally: Rally) -> None:
    response = coordinator().get(f"/rallyes/{rally.pk}/documents/documents.zip")
    assert response.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert sorted(names) == sorted(kind.file for kind in KINDS.values())


def test_logo_is_saved_and_bad_files_are_refused(rally: Rally, settings: Any, tmp_path: Any) -> None:
    settings.DATA_DIR = tmp_path
    client = coordinator()
    refused = client.post(
        f"/rallyes/{rally.pk}/documents/logo/", {"logo": SimpleUploadedFile("logo.txt", b"texte")}, follow=True
    )
    assert "Choisissez une image PNG, JPEG ou SVG" in refused.content.decode()
    accepted = client.post(
        f"/rallyes/{rally.pk}/documents/logo/", {"logo": SimpleUploadedFile("logo.png", PNG)}, follow=True
    )
    assert "Logo enregistré" in accepted.content.decode()
    rally.refresh_from_db()
    assert rally.logo.name == f"logos/rallye-{rally.pk}.png"
    assert (tmp_path / "media" / "logos" / f"rallye-{rally.pk}.png").read_bytes() == PNG
    assert coordinator().get(f"/rallyes/{rally.pk}/documents/funder.pdf").status_code == 200
    history = client.get(f"/rallyes/{rally.pk}/historique/").content.decode()
    assert "nouveau logo" in history  # the refused file left no entry, the accepted one did
    assert history.count("nouveau logo") == 1


def test_documents_need_a_plan(rally: Rally) -> None:
    PlanVersion.objects.filter(rally=rally).delete()
    client = coordinator()
    assert "calculez-le d'abord" in client.get(f"/rallyes/{rally.pk}/documents/").content.decode()
    assert client.get(f"/rallyes/{rally.pk}/documents/roadbook.pdf").status_code == 404
