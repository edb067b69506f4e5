"""No page or report an evaluator can open in the network space shows a person: no participant's
name, phone or e-mail, no free-text answer, no company contact, accompanier or funder contact."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from rallye.domain.questionnaires import Phase
from rallye.evaluation.models import Funder, Questionnaire
from rallye.rallies.models import Company, Participant, Rally, Vehicle
from tests.evaluation.people import whole_words_in
from tests.www.network.conftest import PAST_YEAR
from tests.www.network.helpers import get_ok, grid_data

pytestmark = pytest.mark.django_db

FREE_TEXTS = (
    "Merci à Gilles qui m'a rappelée au 06 12 34 56 78",
    "Très contente de mon équipe avec Nadia",
    "La personne de l'équipe 2 était en retard",
)


def survey(rally: Rally) -> None:
    """Before and after answers of two people, and a company's feedback, with free texts."""
    first, second = rally.participants.order_by("code")[:2]
    for participant, comment in ((first, FREE_TEXTS[0]), (second, FREE_TEXTS[1])):
        scale = {"companies_open": 2, "companies_known": 1, "confidence": 2, "isolation": 3, "network": 1}
        for phase, shift in ((Phase.BEFORE, 0), (Phase.AFTER, 1)):
            answers = {key: min(4, value + shift) for key, value in scale.items()}
            Questionnaire.objects.create(
                rally=rally,
                phase=phase,
                participant=participant,
                answers={**answers, "intention": "apply", "comment": comment},
            )
    company = rally.companies.first()
    assert company is not None
    Questionnaire.objects.create(
        rally=rally,
        phase=Phase.COMPANY,
        company=company,
        answers={
            "seekers_motivated": 4,
            "view_changed": 3,
            "would_hire": "yes",
            "again": "yes",
            "company_comment": FREE_TEXTS[2],
        },
    )


def identifying_values() -> set[str]:
    values = set(FREE_TEXTS)
    for p in Participant.objects.all():
        values |= {f"{p.first_name} {p.last_name}", p.last_name, p.phone, p.email}
    for c in Company.objects.all():
        values |= {c.contact_name, c.contact_phone, c.contact_email}
    for v in Vehicle.objects.all():
        values |= {v.accompanier_name, v.accompanier_phone}
    for f in Funder.objects.all():
        values |= {f.contact_name, f.contact_email}
    return {value for value in values if value.strip()}


def leaks(content: str) -> list[str]:
    return whole_words_in(content, identifying_values())


def test_evaluator_pages_and_reports_show_nobody(
    evaluator: Client, admin: Client, annecy: Rally, voiron: Rally, past: Rally, funder: Funder
) -> None:
    survey(past)
    admin.post(reverse("network:fidelity", args=[annecy.pk]), grid_data(annecy, O2=("3", "Bonne dynamique de groupe.")))
    assert len(identifying_values()) > 50  # the rallies do hold people's names, phones and e-mails

    pages = [
        reverse("network:dashboard"),
        f"{reverse('network:dashboard')}?annee={PAST_YEAR}",
        reverse("network:fidelity_compare"),
        reverse("network:reports"),
        "/",
        *(reverse("network:fidelity", args=[rally.pk]) for rally in (annecy, voiron, past)),
    ]
    for url in pages:
        assert leaks(get_ok(evaluator, url)) == [], url

    # The survey was read (O1 is scored from it), yet its free answers appear nowhere.
    assert "Questionnaires avant/après (2 personnes" in get_ok(evaluator, reverse("network:fidelity", args=[past.pk]))

    for url in (
        reverse("network:federation_report", args=["xlsx"]),
        reverse("network:ansa_report", args=[past.structure.pk, "xlsx"]),
    ):
        book = openpyxl.load_workbook(io.BytesIO(evaluator.get(url).content))
        written = "\n".join(
            str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row if cell
        )
        assert leaks(written) == [], url
