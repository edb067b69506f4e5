"""The sections of the French activity nomenclature (NAF rév. 2), offered as sector names.

A company's sector is free text (organisers often use their own words, « BTP », « Propreté »);
the forms suggest these labels, and a NAF code gives its section (:func:`sector_of`), so that
two organisers naming the same activity write it alike.
"""

from __future__ import annotations

import re

NAF_SECTIONS: tuple[tuple[str, str], ...] = (
    ("A", "Agriculture, sylviculture et pêche"),
    ("B", "Industries extractives"),
    ("C", "Industrie manufacturière"),
    ("D", "Production et distribution d'électricité, de gaz, de vapeur et d'air conditionné"),
    ("E", "Production et distribution d'eau ; assainissement, gestion des déchets et dépollution"),
    ("F", "Construction"),
    ("G", "Commerce ; réparation d'automobiles et de motocycles"),
    ("H", "Transports et entreposage"),
    ("I", "Hébergement et restauration"),
    ("J", "Information et communication"),
    ("K", "Activités financières et d'assurance"),
    ("L", "Activités immobilières"),
    ("M", "Activités spécialisées, scientifiques et techniques"),
    ("N", "Activités de services administratifs et de soutien"),
    ("O", "Administration publique"),
    ("P", "Enseignement"),
    ("Q", "Santé humaine et action sociale"),
    ("R", "Arts, spectacles et activités récréatives"),
    ("S", "Autres activités de services"),
    ("T", "Activités des ménages en tant qu'employeurs"),
    ("U", "Activités extra-territoriales"),
)
"""(section letter, label) in the order of the nomenclature."""

SECTOR_SUGGESTIONS: tuple[str, ...] = tuple(label for _, label in NAF_SECTIONS)

_DIVISIONS: tuple[tuple[str, int, int], ...] = (
    ("A", 1, 3),
    ("B", 5, 9),
    ("C", 10, 33),
    ("D", 35, 35),
    ("E", 36, 39),
    ("F", 41, 43),
    ("G", 45, 47),
    ("H", 49, 53),
    ("I", 55, 56),
    ("J", 58, 63),
    ("K", 64, 66),
    ("L", 68, 68),
    ("M", 69, 75),
    ("N", 77, 82),
    ("O", 84, 84),
    ("P", 85, 85),
    ("Q", 86, 88),
    ("R", 90, 93),
    ("S", 94, 96),
    ("T", 97, 98),
    ("U", 99, 99),
)
"""(section, first division, last division): the two first digits of a NAF code give its section."""

_NAF_CODE = re.compile(r"^(\d{2})\.?(\d{2})([A-Z])$")


class InvalidNafCode(ValueError):
    """A text that is not a NAF rév. 2 sub-class code (« 10.71C », « 1071C »)."""


def normalised_code(text: str) -> str:
    """A NAF code written the usual way (« 10.71C »); ``""`` stays ``""``. Raises
    :class:`InvalidNafCode` (French message) when the text is not a code of an existing division."""
    compact = "".join(text.split()).upper()
    if not compact:
        return ""
    match = _NAF_CODE.match(compact)
    if match is None or section_of(compact) is None:
        raise InvalidNafCode(
            f"« {text.strip()} » n'est pas un code NAF : il s'écrit avec quatre chiffres et une lettre, ex. 10.71C"
        )
    return f"{match[1]}.{match[2]}{match[3]}"


def section_of(code: str) -> str | None:
    """The section letter of a NAF code (« 10.71C » → « C »), ``None`` for an unknown division."""
    digits = code.strip()[:2]
    if not digits.isdigit():
        return None
    division = int(digits)
    return next((section for section, first, last in _DIVISIONS if first <= division <= last), None)


def sector_of(code: str) -> str:
    """The rally sector of a NAF code: the label of its section (``""`` when unknown)."""
    section = section_of(code)
    return dict(NAF_SECTIONS).get(section, "") if section else ""
