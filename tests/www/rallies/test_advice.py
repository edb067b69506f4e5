"""The planner's advice on a rally's companies page: what limits the plan, at once, and what one
more answer would bring, from what-if solves run by the worker."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings

from rallye.companies.models import AdviceState, PlannerAdvice
from rallye.organisations.models import Structure
from rallye.rallies.conversion import save_domain_rally
from rallye.rallies.models import Company, Rally
from tests.factories import build, rally_content

OnCommit = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]
SANTE_ONCE = "Secteur Santé : ses entreprises ne peuvent recevoir qu'une visite d'équipe en tout, pour 2 équipes"
ONE_MORE = (
    "Une disponibilité de plus le mercredi 17 mars matin dans le secteur Santé (par exemple Clinique du Lac) "
    "permettrait à chaque équipe de voir 6 secteurs : un planning deviendrait possible."
)
GROUPED = (
    "Si Clinique du Lac (secteur Santé) accueillait des visites groupées de 8 à 12 personnes, cela permettrait "
    "à chaque équipe de voir 6 secteurs : un planning deviendrait possible."
)


@pytest.fixture
def short_of_health(mife: Structure, settings: Settings) -> Rally:
    """Two teams, six companies; the clinic hosts one team, on Tuesday from 9:00 to 10:15 only."""
    settings.RALLYE_ADVICE_SECONDS = 1
    content = rally_content(people=8, companies=6, vehicles=(5, 5))
    clinic = next(c for c in content["companies"] if c["id"] == "C03")
    clinic.update(capacity=5, availability=[{"date": "2027-03-16", "start": "09:00", "end": "10:15"}])
    return save_domain_rally(mife, build(content))


def _page(client: Client, rally: Rally) -> str:
    return html.unescape(client.get(reverse("rallies:companies", args=[rally.pk])).content.decode())


def test_the_page_names_what_limits_the_plan(coordinator: Client, short_of_health: Rally) -> None:
    page = _page(coordinator, short_of_health)
    assert SANTE_ONCE in page
    assert "Le mercredi 17 mars matin, aucune entreprise du secteur Santé ne peut recevoir d'équipe." in page
    assert "Voir ce qu'une réponse de plus apporterait" in page


@pytest.mark.usefixtures("immediate_tasks")
def test_what_one_more_answer_would_bring(
    coordinator: Client, short_of_health: Rally, django_capture_on_commit_callbacks: OnCommit
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(reverse("rallies:company_advice", args=[short_of_health.pk]), follow=True)
    assert "Les calculs sont lancés" in response.content.decode()
    advice = PlannerAdvice.objects.get(rally=short_of_health)
    assert (advice.state, advice.lines) == (AdviceState.DONE, [ONE_MORE, GROUPED])
    assert ONE_MORE in _page(coordinator, short_of_health)


@pytest.mark.usefixtures("immediate_tasks")
def test_answers_computed_for_other_data_are_not_shown(
    coordinator: Client, short_of_health: Rally, django_capture_on_commit_callbacks: OnCommit
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(reverse("rallies:company_advice", args=[short_of_health.pk]))
    assert "permettrait à chaque équipe" in _page(coordinator, short_of_health)
    Company.objects.filter(rally=short_of_health, code="C03").update(capacity=10)
    page = _page(coordinator, short_of_health)
    assert "permettrait à chaque équipe" not in page
    assert "Voir ce qu'une réponse de plus apporterait" in page


def test_a_second_request_while_one_waits_queues_nothing_more(coordinator: Client, short_of_health: Rally) -> None:
    url = reverse("rallies:company_advice", args=[short_of_health.pk])
    coordinator.post(url)
    coordinator.post(url)
    assert PlannerAdvice.objects.get(rally=short_of_health).state == AdviceState.QUEUED
    assert "Calcul de ce qu'une réponse de plus apporterait : en attente" in _page(coordinator, short_of_health)


def test_a_reader_sees_the_limits_but_cannot_start_the_solves(reader: Client, short_of_health: Rally) -> None:
    assert SANTE_ONCE in _page(reader, short_of_health)
    assert reader.post(reverse("rallies:company_advice", args=[short_of_health.pk])).status_code == 403
    assert not PlannerAdvice.objects.filter(rally=short_of_health).exists()


def test_solves_lost_by_a_stopped_worker_can_be_asked_again(coordinator: Client, short_of_health: Rally) -> None:
    url = reverse("rallies:company_advice", args=[short_of_health.pk])
    coordinator.post(url)
    lost = timezone.now() - dt.timedelta(minutes=20)
    PlannerAdvice.objects.filter(rally=short_of_health).update(state=AdviceState.RUNNING, requested_at=lost)
    page = _page(coordinator, short_of_health)
    assert "a échoué ; relancez-le" in page and "Voir ce qu'une réponse de plus apporterait" in page
    coordinator.post(url)
    advice = PlannerAdvice.objects.get(rally=short_of_health)
    assert advice.state == AdviceState.QUEUED and advice.requested_at > lost


def test_no_advice_while_the_data_have_problems(coordinator: Client, short_of_health: Rally) -> None:
    Company.objects.filter(rally=short_of_health, code="C01").update(lat=None, lon=None)  # « à localiser »
    page = _page(coordinator, short_of_health)
    assert "Les conseils viendront quand les données du rallye seront complètes" in page
    assert SANTE_ONCE not in page
    response = coordinator.post(reverse("rallies:company_advice", args=[short_of_health.pk]), follow=True)
    assert "Les données du rallye sont à corriger avant" in html.unescape(response.content.decode())
    assert not PlannerAdvice.objects.filter(rally=short_of_health).exists()
