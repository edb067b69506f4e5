"""Report downloads: the federation report (with a year), a structure's Ansa report, a funder's
report, as PDF and as a workbook; the « Bilans » page that lists them."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from rallye.evaluation.models import Funder
from rallye.organisations.models import Structure
from rallye.rallies.models import Rally
from tests.www.network.conftest import PAST_YEAR
from tests.www.network.helpers import get_ok, text

pytestmark = pytest.mark.django_db


def workbook(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


def cells(book: openpyxl.Workbook) -> list[object]:
    return [cell for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row]


def test_federation_report_as_pdf_and_workbook(admin: Client, annecy: Rally, past: Rally) -> None:
    pdf = admin.get(reverse("network:federation_report", args=["pdf"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert "bilan-federation" in pdf["Content-Disposition"]

    xlsx = admin.get(reverse("network:federation_report", args=["xlsx"]), {"annee": PAST_YEAR})
    assert xlsx.status_code == 200
    assert f"bilan-federation-{PAST_YEAR}.xlsx" in xlsx["Content-Disposition"]
    values = cells(workbook(xlsx.content))
    assert past.name in values and annecy.name not in values  # only the rallies of the year chosen


def test_ansa_report_is_on_the_structures_first_rally(
    admin: Client, mife: Structure, annecy: Rally, past: Rally
) -> None:
    response = admin.get(reverse("network:ansa_report", args=[mife.pk, "xlsx"]))
    assert response.status_code == 200
    assert "bilan-ansa-mife-de-haute-savoie" in response["Content-Disposition"]
    values = cells(workbook(response.content))
    assert past.name in values and annecy.name not in values
    pdf = admin.get(reverse("network:ansa_report", args=[mife.pk, "pdf"]))
    assert pdf.content.startswith(b"%PDF")


def test_funder_report_for_the_structures_staff(coordinator: Client, funder: Funder, past: Rally) -> None:
    response = coordinator.get(reverse("network:funder_report", args=[funder.pk, "pdf"]), {"annee": PAST_YEAR})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert (
        "bilan-financeur-mife-de-haute-savoie-fonds-local-pour-l-emploi-test-2011.pdf"
        in response["Content-Disposition"]
    )
    xlsx = coordinator.get(reverse("network:funder_report", args=[funder.pk, "xlsx"]))
    values = cells(workbook(xlsx.content))
    assert past.name in values


def test_funder_report_access(
    admin: Client, evaluator: Client, reader: Client, other_admin: Client, funder: Funder
) -> None:
    url = reverse("network:funder_report", args=[funder.pk, "xlsx"])
    assert admin.get(url).status_code == 200
    assert reader.get(url).status_code == 200  # reading is all a report needs
    assert evaluator.get(url).status_code == 404
    assert other_admin.get(url).status_code == 404
    ti38 = Client()
    assert ti38.login(email="coordination@ti38.demo", password="rallye-demo")
    assert ti38.get(url).status_code == 404


def test_unknown_format_and_bad_year(admin: Client, past: Rally) -> None:
    assert admin.get(reverse("network:federation_report", args=["docx"])).status_code == 404
    response = admin.get(reverse("network:federation_report", args=["pdf"]), {"annee": "deux-mille"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("network:reports")
    assert "« deux-mille » n'est pas une année" in text(response)


def test_reports_page_lists_what_each_user_may_download(
    admin: Client, evaluator: Client, coordinator: Client, mife: Structure, isere: Structure, funder: Funder
) -> None:
    federation_pdf = reverse("network:federation_report", args=["pdf"])
    funder_pdf = reverse("network:funder_report", args=[funder.pk, "pdf"])
    url = reverse("network:reports")

    page = get_ok(admin, url)
    assert f'{federation_pdf}?annee={PAST_YEAR}"' in page
    assert funder_pdf in page and funder.name in page
    assert reverse("network:ansa_report", args=[mife.pk, "pdf"]) in page
    assert reverse("network:ansa_report", args=[isere.pk, "xlsx"]) in page

    page = get_ok(evaluator, url)
    assert federation_pdf in page and reverse("network:ansa_report", args=[isere.pk, "pdf"]) in page
    assert funder_pdf not in page  # funders' reports are for the federation and the structure

    page = get_ok(coordinator, url)
    assert federation_pdf not in page
    assert funder_pdf in page and reverse("network:ansa_report", args=[mife.pk, "pdf"]) in page
    assert isere.name not in page


def test_structure_staff_get_their_ansa_report_only(coordinator: Client, mife: Structure, isere: Structure) -> None:
    assert coordinator.get(reverse("network:ansa_report", args=[mife.pk, "pdf"])).status_code == 200
    assert coordinator.get(reverse("network:ansa_report", args=[isere.pk, "pdf"])).status_code == 404
    assert coordinator.get(reverse("network:federation_report", args=["pdf"])).status_code == 403
