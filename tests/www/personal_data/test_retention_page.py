"""A structure's retention period: who sees it, who changes it, what the next purge will do."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from rallye.organisations.models import Structure
from tests.evaluation.people import Season, long_past
from tests.logins import FEDERATION, MIFE, READER, TI38, logged_in
from tests.www.personal_data.conftest import EVALUATOR, MEMBER
from tests.www.rallies.helpers import text as page_text


def text(response: object) -> str:
    """The page's words, tags removed (a sentence may hold a <strong>)."""
    return re.sub(r"<[^>]+>", "", page_text(response))


def url(structure: Structure) -> str:
    return reverse("personal_data:retention", kwargs={"structure": structure.pk})


def test_coordinator_sets_the_period(season: Season) -> None:
    structure = season.rally.structure
    client = logged_in(MIFE)
    page = text(client.get(url(structure)))
    assert "gardés 24 mois après le suivi à 6 mois" in page and "Durée de conservation (mois" in page
    assert "Rallye pour l'emploi — Annecy, mars 2027" in page and "19 septembre 2029" in page
    response = client.post(url(structure), {"retention_months": "36"}, follow=True)
    assert "Durée de conservation enregistrée : 36 mois après le suivi à 6 mois." in text(response)
    structure.refresh_from_db()
    assert structure.retention_months == 36
    assert "19 septembre 2030" in text(response)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "La durée est d'au moins 1 mois."),
        ("121", "La durée est d'au plus 120 mois (10 ans)."),
        ("deux ans", "Indiquez un nombre entier de mois entre 1 et 120."),
        ("", "Indiquez un nombre de mois entre 1 et 120."),
    ],
)
def test_an_invalid_period_is_refused_with_what_to_do(season: Season, value: str, message: str) -> None:
    page = text(logged_in(FEDERATION).post(url(season.rally.structure), {"retention_months": value}))
    assert "Rien n'est enregistré" in page and message in page
    season.rally.structure.refresh_from_db()
    assert season.rally.structure.retention_months == 24


def test_the_next_purge_is_announced_per_rally(season: Season) -> None:
    long_past(season.other)  # Voiron's 2027 rally held in 2012: kept until November 2022
    page = text(logged_in(TI38).get(url(season.other.structure)))
    people = season.other.participants.count()
    assert f"La prochaine purge anonymisera {people} personnes dans 1 rallye." in page
    assert "anonymisées à la prochaine purge" in page
    untouched = text(logged_in(MIFE).get(url(season.rally.structure)))
    assert "La prochaine purge n'anonymisera rien dans cette structure." in untouched


@pytest.mark.parametrize("email", [MEMBER, READER])
def test_other_staff_see_the_period_but_cannot_change_it(season: Season, email: str) -> None:
    client = logged_in(email)
    page = text(client.get(url(season.rally.structure)))
    assert "Seules la coordination de la structure et l'administration de la fédération" in page
    assert "Durée de conservation (mois" not in page
    assert client.post(url(season.rally.structure), {"retention_months": "1"}).status_code == 403
    season.rally.structure.refresh_from_db()
    assert season.rally.structure.retention_months == 24


@pytest.mark.parametrize("email", [TI38, EVALUATOR])
def test_another_structure_and_evaluators_get_404(season: Season, email: str) -> None:
    client = logged_in(email)
    assert client.get(url(season.rally.structure)).status_code == 404
    assert client.post(url(season.rally.structure), {"retention_months": "1"}).status_code == 404
