"""The evaluators' data page and its downloads: who reaches them, what they show, that nothing
identifies anybody, and that every download is logged."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from rallye.evaluation.models import DataAction, PersonalDataLog
from rallye.evaluation.pseudonyms import pseudonym
from tests.evaluation.people import Season, identifying_values, leaks, xlsx_text
from tests.logins import FEDERATION, MIFE, READER, logged_in
from tests.www.personal_data.conftest import EVALUATOR
from tests.www.rallies.helpers import text

DATASET = reverse("personal_data:dataset")


def every_page(client: Client) -> list[str]:
    """The data page and each further page of participants, as the user reads them."""
    pages = [text(client.get(DATASET))]
    while match := re.search(r'href="\?page=(\d+)">Page suivante', pages[-1]):
        response = client.get(DATASET, {"page": match.group(1)})
        assert response.status_code == 200
        pages.append(text(response))
    return pages


@pytest.mark.parametrize("email", [EVALUATOR, FEDERATION])
def test_evaluator_and_federation_see_pseudonymised_data_without_any_identifying_value(
    season: Season, email: str
) -> None:
    client = logged_in(email)
    pages = every_page(client)
    whole = "\n".join(pages)
    assert pseudonym("participant", season.person.pk) in whole
    assert pseudonym("rally", season.rally.pk) in whole
    assert "50 ans et plus" in whole and "Tranche d'âge" in whole
    values = identifying_values()
    for page in pages:
        assert leaks(page, values) == []
    for fmt in ("xlsx", "zip"):
        response = client.get(reverse("personal_data:dataset_download", kwargs={"fmt": fmt}))
        assert response.status_code == 200
        content = response.content
        if fmt == "xlsx":
            assert leaks(xlsx_text(content), values) == []
            continue
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            for name in archive.namelist():
                assert leaks(archive.read(name).decode("utf-8-sig"), values) == [], name


def test_the_page_is_paginated(season: Season) -> None:
    client = logged_in(EVALUATOR)
    first = text(client.get(DATASET))
    assert "Page 1 sur" in first
    second = text(client.get(DATASET, {"page": 2}))
    assert "Page 2 sur" in second and "← Page précédente" in second


def test_federation_admin_finds_each_structures_retention(season: Season) -> None:
    page = text(logged_in(FEDERATION).get(DATASET))
    assert reverse("personal_data:retention", kwargs={"structure": season.rally.structure_id}) in page
    assert "24 mois après le suivi à 6 mois" in page
    assert "conservation" not in text(logged_in(EVALUATOR).get(DATASET)).split("Rallyes (")[-1]


def test_downloads_are_logged_without_names(season: Season) -> None:
    client = logged_in(EVALUATOR)
    response = client.get(reverse("personal_data:dataset_download", kwargs={"fmt": "xlsx"}))
    assert response["Content-Disposition"].endswith('"donnees-pseudonymisees.xlsx"')
    log = PersonalDataLog.objects.get()
    assert (log.action, log.user.email if log.user else None) == (DataAction.PSEUDONYMISED_EXPORT, EVALUATOR)
    assert log.people > 0 and "donnees-pseudonymisees.xlsx" in log.detail


@pytest.mark.parametrize("email", [MIFE, READER])
def test_structure_staff_get_404(season: Season, email: str) -> None:
    client = logged_in(email)
    assert client.get(DATASET).status_code == 404
    assert client.get(reverse("personal_data:dataset_download", kwargs={"fmt": "zip"})).status_code == 404
    assert not PersonalDataLog.objects.exists()


def test_unknown_format_and_anonymous_visitors(season: Season) -> None:
    assert logged_in(EVALUATOR).get(reverse("personal_data:dataset_download", kwargs={"fmt": "pdf"})).status_code == 404
    response = Client().get(DATASET)
    assert response.status_code == 302 and response["Location"].startswith("/connexion/")
