"""The practical information of the directory (parking, entrance, access, safety shoes) reaches
the team roadbooks and the company sheets of a rally whose company comes from the directory."""

from __future__ import annotations

import pytest

from rallye.companies.models import DirectoryCompany
from rallye.companies.services import practical_by_code
from rallye.documents import render_html
from rallye.plans.reading import planned_rally
from rallye.rallies.models import Company, Rally

pytestmark = pytest.mark.django_db


def test_practical_information_is_printed_for_the_visited_company(mife_rally: Rally) -> None:
    planned = planned_rally(mife_rally)
    assert planned.plan is not None and planned.rally is not None
    visited = planned.plan.teams[0].visits[0].company
    row = Company.objects.get(rally=mife_rally, code=visited)
    row.directory = DirectoryCompany.objects.create(
        structure=mife_rally.structure,
        name=row.name,
        sector=row.sector,
        parking="Parking visiteurs devant l'accueil",
        entrance="Entrée B",
        safety_shoes=True,
    )
    row.save()
    practical = practical_by_code(mife_rally)
    assert practical == {
        visited: [
            ("Stationnement", "Parking visiteurs devant l'accueil"),
            ("Entrée", "Entrée B"),
            ("Chaussures de sécurité", "à prévoir"),
        ]
    }
    sheet = render_html("company", planned.rally, planned.plan, practical=practical)
    roadbook = render_html("roadbook", planned.rally, planned.plan, practical=practical)
    for page in (sheet, roadbook):
        assert "Stationnement : Parking visiteurs devant l&#39;accueil" in page
        assert "Chaussures de sécurité : à prévoir" in page
    assert "Entrée B" not in render_html("company", planned.rally, planned.plan)  # the command line has none
