"""The migration to status categories: free text mapped, what it cannot read left to confirm."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from rallye.rallies.models import Participant, Rally

pytestmark = pytest.mark.django_db

migration = importlib.import_module("rallye.rallies.migrations.0009_participant_status_category")


def test_free_text_statuses_are_mapped_and_the_rest_left_to_confirm(annecy: Rally) -> None:
    written = {"P01": "DELD", "P02": "DE/BRSA", "P03": "jeune NEET", "P04": "bénéficiaire de l'AAH", "P05": ""}
    for code, status in written.items():
        Participant.objects.filter(rally=annecy, code=code).update(
            status=status, status_category="", rsa_beneficiary=False
        )
    migration.categorise(apps, None)
    people = {p.code: p for p in Participant.objects.filter(rally=annecy, code__in=written)}
    assert (people["P01"].status_category, people["P01"].status) == ("DELD", "")
    assert (people["P02"].status_category, people["P02"].rsa_beneficiary) == ("DE", True)
    assert people["P03"].status_category == "JEUNE"
    assert people["P04"].status_to_confirm and people["P04"].status == "bénéficiaire de l'AAH"
    assert not people["P05"].status_to_confirm and not people["P05"].status_category
    migration.uncategorise(apps, None)
    assert Participant.objects.get(rally=annecy, code="P01").status == "DELD"
