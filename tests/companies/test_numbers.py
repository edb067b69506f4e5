"""SIRET checked with python-stdnum (La Poste's rule included) and NAF codes giving the rally sector."""

from __future__ import annotations

import pytest

from rallye.companies.services import InvalidSiret, normalised_siret
from rallye.domain import naf


def test_a_siret_is_kept_as_14_digits() -> None:
    assert normalised_siret("732 829 320 00074") == "73282932000074"
    assert normalised_siret("") == ""


def test_la_poste_establishments_follow_their_own_rule() -> None:
    # La Poste's establishments break the Luhn key; their digits add up to a multiple of 5.
    assert normalised_siret("35600000049837") == "35600000049837"
    assert normalised_siret("35600000000048") == "35600000000048"  # the head office keeps the Luhn key
    with pytest.raises(InvalidSiret, match="clé de contrôle"):
        normalised_siret("35600000049838")


@pytest.mark.parametrize(
    ("text", "message"),
    [("7328293200007", "14 chiffres"), ("73282932000075", "clé de contrôle"), ("7328293200007A", "chiffres")],
)
def test_a_wrong_siret_says_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(InvalidSiret, match=message):
        normalised_siret(text)


def test_every_naf_section_comes_from_its_divisions() -> None:
    assert naf.sector_of("10.71C") == "Industrie manufacturière"
    assert naf.sector_of("55.30Z") == "Hébergement et restauration"
    assert naf.sector_of("86.10Z") == "Santé humaine et action sociale"
    assert naf.section_of("04.00Z") is None  # no division 04
    found = {naf.section_of(f"{division:02d}.00Z") for division in range(1, 100)}
    assert found - {None} == {letter for letter, _ in naf.NAF_SECTIONS}


def test_naf_codes_are_written_the_usual_way() -> None:
    assert naf.normalised_code(" 1071c ") == "10.71C"
    assert naf.normalised_code("") == ""
    with pytest.raises(naf.InvalidNafCode, match=r"10\.71C"):
        naf.normalised_code("boulangerie")
