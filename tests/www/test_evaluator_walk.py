"""An evaluator works on pseudonymised data only: every URL of the workspace, walked as the demo
evaluator, either refuses (403, 404, 405) or serves pages and files in which no identifying value
of any person appears: names, phones, e-mails, addresses, free-text answers, follow-up comments,
company contacts and accompaniers.

Distinctive values are planted first, so that a leak cannot hide behind a common name."""

from __future__ import annotations

import io
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest
from django.test import Client

from rallye.demo import EVALUATOR
from rallye.evaluation.models import FollowUp, Questionnaire
from rallye.evaluation.services import prepare_questionnaires
from rallye.rallies.models import Company, Participant, Rally, Vehicle
from tests.documents.conftest import pdftotext_path
from tests.www.test_url_walk import PATTERNS, PUBLIC, client_for, url_for

pytestmark = pytest.mark.django_db

REACHABLE = {
    "network:dashboard",
    "network:reports",
    "network:federation_report",
    "network:ansa_report",
    "network:fidelity",
    "network:fidelity_pdf",
    "network:fidelity_compare",
    "personal_data:dataset",
    "personal_data:dataset_download",
}
"""What an evaluator opens: aggregated figures, fidelity grids and the pseudonymised data set."""


def plant_identities(rally: Rally) -> set[str]:
    """Give one person, one company and one accompanier unmistakable values; return every
    identifying value of the database."""
    person = Participant.objects.filter(rally=rally, present=True).first()
    assert person is not None
    Participant.objects.filter(pk=person.pk).update(
        first_name="Zéphyrine",
        last_name="Quillebœuf",
        phone="06 12 98 76 54",
        email="zephyrine.quilleboeuf@exemple.fr",
        birth_year=1961,
    )
    prepare_questionnaires(rally)
    Questionnaire.objects.filter(participant=person, phase="before").update(
        answers={
            "companies_open": 2,
            "companies_known": 2,
            "confidence": 2,
            "isolation": 3,
            "network": 1,
            "intention": "apply",
            "comment": "Ma voisine Berthilde m'a conseillé de venir",
        }
    )
    FollowUp.objects.update_or_create(
        participant=person,
        defaults={"outcome": "cdi", "recorded_on": "2027-09-20", "comment": "Embauchée grâce à Hermenegilde"},
    )
    Company.objects.filter(rally=rally).update(
        contact_name="Anatole Brindisi", contact_phone="04 50 11 22 33", contact_email="a.brindisi@exemple.fr"
    )
    Vehicle.objects.filter(rally=rally).update(
        accompanier_name="Philibert Tournesol", accompanier_phone="07 70 70 70 70"
    )
    values = {"Berthilde", "Hermenegilde", "Quillebœuf"}
    for p in Participant.objects.all():
        values |= {f"{p.first_name} {p.last_name}", p.phone, p.email}
    for c in Company.objects.all():
        values |= {c.contact_name, c.contact_phone, c.contact_email}
    for v in Vehicle.objects.all():
        values |= {v.accompanier_name, v.accompanier_phone}
    return {value for value in values if value and len(value) > 3}


def readable_text(content: bytes, content_type: str) -> str:
    """What a person could read in a response: HTML, CSV or JSON text, the sheets of a workbook or
    a zip, the text of a PDF."""
    if content.startswith(b"%PDF"):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "page.pdf"
            path.write_bytes(content)
            return subprocess.run(
                [pdftotext_path(), "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
            ).stdout
    if content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(archive.read(name).decode("utf-8", errors="replace") for name in archive.namelist())
    assert "text" in content_type or "json" in content_type or "csv" in content_type, content_type
    return content.decode("utf-8")


@pytest.fixture
def evaluator(mife_rally: Rally) -> Client:
    return client_for(EVALUATOR)


def test_an_evaluator_sees_no_identifying_value_of_anyone(mife_rally: Rally, evaluator: Client) -> None:
    identities = plant_identities(mife_rally)
    opened = set()
    for name, pattern in PATTERNS:
        if name in PUBLIC:
            continue
        response = evaluator.get(url_for(name, pattern, mife_rally))
        if name in REACHABLE:
            assert response.status_code == 200, f"{name}: {response.status_code}"
        if response.status_code != 200:
            assert response.status_code in (403, 404, 405), f"{name}: {response.status_code}"
            continue
        opened.add(name)
        text = readable_text(response.content, response.get("Content-Type", ""))
        leaked = sorted(value for value in identities if value in text)
        assert not leaked, f"{name} shows {leaked}"
    assert opened >= REACHABLE, REACHABLE - opened
    staff_pages = {name for name in opened if name.startswith(("rallies:", "plans:", "documents:"))}
    assert staff_pages <= {"rallies:list", "rallies:template"}, staff_pages  # an empty list, the blank workbook


def test_the_walk_would_see_a_leak(mife_rally: Rally) -> None:
    """The check above can fail: a coordinator's participants page shows the planted name."""
    identities = plant_identities(mife_rally)
    page = client_for("coordination@mife74.demo").get(f"/rallyes/{mife_rally.pk}/participants/")
    assert "Zéphyrine Quillebœuf" in identities
    assert "Zéphyrine" in readable_text(page.content, page["Content-Type"])
