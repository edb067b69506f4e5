"""Statuses as written, read into the fixed categories (or left to confirm)."""

from __future__ import annotations

import pytest

from rallye.domain.statuses import TO_CONFIRM, StatusCategory, category_of, read_status, status_label


@pytest.mark.parametrize(
    ("written", "category", "rsa"),
    [
        ("DELD", StatusCategory.DELD, False),
        ("deld", StatusCategory.DELD, False),
        ("DE", StatusCategory.DE, False),
        ("demandeuse d'emploi", StatusCategory.DE, False),
        ("BRSA", StatusCategory.RSA, True),
        ("Bénéficiaire du RSA", StatusCategory.RSA, True),
        ("DE/BRSA", StatusCategory.DE, True),
        ("BRSA, DELD", StatusCategory.DELD, True),
        ("RQTH", StatusCategory.TH, False),
        ("jeune NEET", StatusCategory.JEUNE, False),
        ("Jeune de moins de 26 ans", StatusCategory.JEUNE, False),
        ("senior", StatusCategory.SENIOR, False),
        ("salariée en insertion", StatusCategory.INSERTION, False),
        ("CDDI", StatusCategory.INSERTION, False),
        ("reconversion professionnelle", StatusCategory.RECONVERSION, False),
        ("RECONVERSION", StatusCategory.RECONVERSION, False),
        ("Personne en reconversion professionnelle", StatusCategory.RECONVERSION, False),
        ("bénéficiaire de l'AAH", None, False),
        ("retraité", None, False),
        ("DE/retraité", None, False),
        ("ancien RSA", None, True),
        ("", None, False),
    ],
)
def test_statuses_as_written_are_read(written: str, category: StatusCategory | None, rsa: bool) -> None:
    assert read_status(written) == (read_status(written).__class__(category, rsa))
    assert category_of(written) is category


def test_every_category_is_read_back_from_its_code_and_its_label() -> None:
    for category in StatusCategory:
        assert category_of(category.value) is category
        assert category_of(category.label) is category
        assert category_of(category.short) is category


def test_reports_name_the_category_or_say_to_confirm() -> None:
    assert status_label("deld") == "DELD"
    assert status_label("RSA") == "BRSA"
    assert status_label("TH") == "RQTH"
    assert status_label("voisin du maire") == TO_CONFIRM
    assert status_label("  ") == ""
    assert not StatusCategory.AUTRE.looks_for_work and StatusCategory.JEUNE.looks_for_work
