"""The fidelity grids of the network side by side: rallies × principles, heading means, filters
by year and structure, a chart per heading."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from rallye.domain.fidelity import HEADING_LABELS, PRINCIPLES
from rallye.evaluation.records import fidelity_grid
from rallye.organisations.models import Structure
from rallye.rallies.models import Rally
from tests.www.network.conftest import PAST_YEAR
from tests.www.network.helpers import get_ok, grid_data

pytestmark = pytest.mark.django_db


def score_cells(page: str, rally: Rally) -> list[str]:
    """The cells of a rally's row in the table, as written (« 4 », « 2* », « n.é.* »…)."""
    row = re.search(
        rf'<tr>\s*<th scope="row"><a href="{reverse("network:fidelity", args=[rally.pk])}">.*?</tr>', page, re.S
    )
    assert row, f"{rally.name} absent du tableau"
    cells = re.findall(r'<td class="score-cell score-(\w+)">(.*?)</td>', row.group(0), re.S)
    return [re.sub(r"<[^>]+>", "", content) for _, content in cells]


def test_table_writes_every_score_and_marks_those_not_confirmed(
    admin: Client, evaluator: Client, annecy: Rally, past: Rally
) -> None:
    admin.post(reverse("network:fidelity", args=[annecy.pk]), grid_data(annecy))  # confirms every score
    page = get_ok(evaluator, reverse("network:fidelity_compare"))
    for principle in PRINCIPLES:
        assert f'<abbr title="{principle.text}">{principle.code}</abbr>' in page
    confirmed = score_cells(page, annecy)
    assert confirmed == ["n.é." if line.score is None else str(line.score) for line in fidelity_grid(annecy)]
    proposed = score_cells(page, past)
    assert proposed == [("n.é." if line.score is None else str(line.score)) + "*" for line in fidelity_grid(past)]
    for heading in HEADING_LABELS.values():
        assert heading in page
    assert "Moyenne générale" in page
    assert len(re.findall(r'<svg[^>]*role="img"', page)) == len(HEADING_LABELS)


def test_filters_by_year_and_structure(
    evaluator: Client, isere: Structure, mife: Structure, annecy: Rally, voiron: Rally, past: Rally
) -> None:
    url = reverse("network:fidelity_compare")
    page = get_ok(evaluator, f"{url}?annee={PAST_YEAR}")
    assert past.name in page and reverse("network:fidelity", args=[annecy.pk]) not in page

    page = get_ok(evaluator, f"{url}?structure={isere.pk}")
    assert reverse("network:fidelity", args=[voiron.pk]) in page
    assert reverse("network:fidelity", args=[annecy.pk]) not in page

    page = get_ok(evaluator, f"{url}?structure={isere.pk}&annee={PAST_YEAR}")
    assert "Aucun rallye ne correspond à ces critères." in page


def test_a_structure_outside_the_network_is_explained(evaluator: Client, other_admin: Client, annecy: Rally) -> None:
    foreign = Structure.objects.get(name="Club d'ailleurs")
    page = get_ok(evaluator, f"{reverse('network:fidelity_compare')}?structure={foreign.pk}")
    assert "Cette structure n'est pas dans votre réseau" in page
    assert reverse("network:fidelity", args=[annecy.pk]) in page  # every structure shown instead
