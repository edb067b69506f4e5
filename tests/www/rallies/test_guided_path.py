"""The rally's overview guides the organiser: each step with what it has and lacks, and the
button for the next thing to do; an empty rally is never said « ready to plan »."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from rallye.organisations.models import Structure
from rallye.rallies.models import Rally

pytestmark = pytest.mark.django_db


def text(response: Any) -> str:
    return html.unescape(str(response.content.decode()))


def test_an_empty_rally_says_what_to_do_first(coordinator: Client, mife: Structure) -> None:
    rally = Rally.objects.create(structure=mife, name="Rallye d'essai", base_lat=45.9, base_lon=6.1)
    page = text(coordinator.get(reverse("rallies:detail", args=[rally.pk])))
    assert "Les données du rallye sont complètes" not in page
    assert page.count("rien n'est saisi pour l'instant") == 4  # programme, companies, participants, vehicles
    assert f'href="{reverse("rallies:programme", args=[rally.pk])}">Saisir le programme</a>' in page
    assert "prochaine étape : programme" in page
    assert "manque : les entreprises qui accueillent les visites" in page


def test_a_complete_rally_points_to_the_planning(coordinator: Client, annecy: Rally) -> None:
    page = text(coordinator.get(reverse("rallies:detail", args=[annecy.pk])))
    assert "Les données du rallye sont complètes" in page
    assert f'href="{reverse("plans:planning", args=[annecy.pk])}">Calculer le planning</a>' in page


def test_a_planned_rally_points_to_the_convocations(coordinator: Client, mife_rally: Rally) -> None:
    page = text(coordinator.get(reverse("rallies:detail", args=[mife_rally.pk])))
    assert "planning calculé" in page
    assert f'href="{reverse("messaging:convocations", args=[mife_rally.pk])}">Envoyer les convocations</a>' in page
    assert "manque : les convocations à envoyer ou à remettre" in page
