"""The archive of every document is prepared in the background: the page says « en
préparation » and reloads itself, then offers the file; a change of the rally asks for a new one."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.test import Client
from django.utils.html import escape
from pytest_django.fixtures import Settings

from rallye.documents import KINDS
from rallye.plans.models import PlanVersion
from rallye.rallies.models import Rally
from rallye.www.documents.archive import archive_state
from rallye.www.documents.tasks import FAILED, build_archive

pytestmark = pytest.mark.django_db


def names(content: bytes) -> list[str]:
    return sorted(zipfile.ZipFile(io.BytesIO(content)).namelist())


def test_the_archive_is_prepared_in_the_background_then_offered(
    mife_rally: Rally, coordinator: Client, settings: Settings, data_in_tmp: Path
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    page = f"/rallyes/{mife_rally.pk}/documents/"
    archive = f"/rallyes/{mife_rally.pk}/documents/documents.zip"
    asked = coordinator.get(archive, follow=True)
    text = asked.content.decode()
    assert asked.redirect_chain == [(page, 302)]
    assert "en préparation" in text and "www/documents-archive.js" in text
    # Asking again while it is being prepared asks for nothing more.
    coordinator.get(archive)
    assert len(list((data_in_tmp / "documents" / f"rallye-{mife_rally.pk}").glob("*.pending"))) == 1

    current = PlanVersion.objects.get(rally=mife_rally, is_current=True)
    state = archive_state(mife_rally, current)
    build_archive.func(mife_rally.pk, current.pk, state.path.stem)  # what the worker runs

    ready = coordinator.get(page).content.decode()
    assert 'data-pending="1"' not in ready and "documents-archive.js" not in ready and "(prête)" in ready
    download = coordinator.get(archive)
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    assert names(download.content) == sorted(kind.file for kind in KINDS.values())

    # The rally changes: the archive ready is no longer the rally's, a new one is asked for.
    mife_rally.name = "Rallye pour l'emploi — Annecy, avril 2027"
    mife_rally.save()
    assert "(prête)" not in coordinator.get(page).content.decode()
    assert "en préparation" in coordinator.get(archive, follow=True).content.decode()


def test_with_the_immediate_queue_the_archive_downloads_at_once(mife_rally: Rally, coordinator: Client) -> None:
    response = coordinator.get(f"/rallyes/{mife_rally.pk}/documents/documents.zip")
    assert response.status_code == 200
    assert names(response.content) == sorted(kind.file for kind in KINDS.values())


def test_an_archive_that_cannot_be_written_says_what_to_do(mife_rally: Rally, coordinator: Client) -> None:
    PlanVersion.objects.filter(rally=mife_rally, is_current=True).update(content={"teams": "illisible"})
    text = coordinator.get(f"/rallyes/{mife_rally.pk}/documents/documents.zip", follow=True).content.decode()
    assert escape(FAILED) in text and 'data-pending="1"' not in text
