"""The overview while recruiting: RSA beneficiaries counted for the département against the
rally's target (people in insertion do not count), statuses to confirm."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from rallye.rallies.models import Participant, Rally
from tests.www.rallies.helpers import text
from tests.www.rallies.test_stale_edits import loaded_form

pytestmark = pytest.mark.django_db


def test_the_rsa_target_is_set_and_followed_on_the_overview(coordinator: Client, annecy: Rally) -> None:
    url = reverse("rallies:edit", args=[annecy.pk])
    assert coordinator.post(url, {**loaded_form(coordinator, url), "rsa_target": "4"}).status_code == 302
    annecy.refresh_from_db()
    assert annecy.rsa_target == 4
    people = Participant.objects.filter(rally=annecy)
    people.update(rsa_beneficiary=False, status_category="DE", status="")
    people.filter(code__in=["P01", "P02"]).update(rsa_beneficiary=True)
    # P03 touched the RSA before entering the SIAE: it does not count; P04 is absent.
    people.filter(code="P03").update(rsa_beneficiary=True, status_category="INSERTION", status="")
    people.filter(code="P04").update(rsa_beneficiary=True, present=False)
    page = text(coordinator.get(reverse("rallies:detail", args=[annecy.pk])))
    assert "Recrutement des participants" in page
    assert "2 bénéficiaires du RSA sur un objectif de 4 : il en manque 2" in page
    assert "les salariés en insertion qui touchaient le RSA avant d'entrer dans la SIAE ne comptent pas" in page

    people.filter(code__in=["P05", "P06"]).update(rsa_beneficiary=True)
    page = text(coordinator.get(reverse("rallies:detail", args=[annecy.pk])))
    assert "4 bénéficiaires du RSA pour un objectif de 4 : objectif atteint" in page


def test_a_rally_without_target_says_so_and_counts_statuses_to_confirm(coordinator: Client, annecy: Rally) -> None:
    Participant.objects.filter(rally=annecy, code="P01").update(status_category="", status="intérimaire")
    page = text(coordinator.get(reverse("rallies:detail", args=[annecy.pk])))
    assert "(aucun objectif fixé)" in page
    assert "Candidatures à examiner</dt><dd>0" in page
    assert 'Statuts à confirmer</dt><dd class="warning-text">1' in page
