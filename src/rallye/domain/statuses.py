"""Participants' statuses as fixed categories, in the vocabulary of les emplois de l'inclusion.

A participant's situation used to be typed freely (« DELD », « DE/BRSA », « jeune NEET »…); the
categories below replace the free text, so that the fidelity grid (P1), the reports and the
pseudonymised data set count the same thing everywhere. The codes follow the administrative
criteria of les emplois de l'inclusion (``RSA``, ``DELD``, ``DETLD``, ``TH``, ``JEUNE``,
``SENIOR``, ``RECONVERSION``…) with three of the rallies' own (``DE``, ``INSERTION``, ``AUTRE``).

:func:`category_of` reads a status as written (a code, a label, the usual abbreviations); what it
cannot read is left « à confirmer » for a person to choose. Files keep a free-text ``status``:
a file may hold a code (``DELD``) or any words, and both are read here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum


class StatusCategory(StrEnum):
    DE = "DE"
    DELD = "DELD"
    DETLD = "DETLD"
    RSA = "RSA"
    TH = "TH"
    JEUNE = "JEUNE"
    SENIOR = "SENIOR"
    INSERTION = "INSERTION"
    RECONVERSION = "RECONVERSION"
    AUTRE = "AUTRE"

    @property
    def label(self) -> str:
        return LABELS[self]

    @property
    def short(self) -> str:
        """The name reports and tables use: « DELD », « RQTH », « Jeune -26 ans »…"""
        return SHORT_LABELS[self]

    @property
    def looks_for_work(self) -> bool:
        """Public of the charter's rule P1 (job seekers, people retraining, insertion contracts)."""
        return self is not StatusCategory.AUTRE


LABELS: dict[StatusCategory, str] = {
    StatusCategory.DE: "Demandeur d'emploi (DE)",
    StatusCategory.DELD: "Demandeur d'emploi de longue durée, 12 à 24 mois (DELD)",
    StatusCategory.DETLD: "Demandeur d'emploi de très longue durée, plus de 24 mois (DETLD)",
    StatusCategory.RSA: "Bénéficiaire du RSA (BRSA)",
    StatusCategory.TH: "Travailleur handicapé (RQTH)",
    StatusCategory.JEUNE: "Jeune de moins de 26 ans",
    StatusCategory.SENIOR: "Senior, plus de 50 ans",
    StatusCategory.INSERTION: "Salarié en insertion (SIAE, CDDI)",
    StatusCategory.RECONVERSION: "Personne en reconversion professionnelle",
    StatusCategory.AUTRE: "Autre situation (ne cherche pas d'emploi)",
}
SHORT_LABELS: dict[StatusCategory, str] = {
    StatusCategory.DE: "DE",
    StatusCategory.DELD: "DELD",
    StatusCategory.DETLD: "DETLD",
    StatusCategory.RSA: "BRSA",
    StatusCategory.TH: "RQTH",
    StatusCategory.JEUNE: "Jeune -26 ans",
    StatusCategory.SENIOR: "Senior +50 ans",
    StatusCategory.INSERTION: "Salarié en insertion",
    StatusCategory.RECONVERSION: "Reconversion",
    StatusCategory.AUTRE: "Autre situation",
}
CHOICES: tuple[tuple[str, str], ...] = tuple((c.value, c.label) for c in StatusCategory)
TO_CONFIRM = "à confirmer"
"""What the reports write for a status that no category reads yet."""

_ALIASES: dict[str, StatusCategory] = {
    "de": StatusCategory.DE,
    "demandeur d emploi": StatusCategory.DE,
    "demandeuse d emploi": StatusCategory.DE,
    "demandeur": StatusCategory.DE,
    "chomeur": StatusCategory.DE,
    "chomeuse": StatusCategory.DE,
    "en recherche d emploi": StatusCategory.DE,
    "deld": StatusCategory.DELD,
    "demandeur d emploi de longue duree": StatusCategory.DELD,
    "demandeuse d emploi de longue duree": StatusCategory.DELD,
    "chomeur de longue duree": StatusCategory.DELD,
    "detld": StatusCategory.DETLD,
    "demandeur d emploi de tres longue duree": StatusCategory.DETLD,
    "rsa": StatusCategory.RSA,
    "brsa": StatusCategory.RSA,
    "beneficiaire du rsa": StatusCategory.RSA,
    "beneficiaire rsa": StatusCategory.RSA,
    "allocataire du rsa": StatusCategory.RSA,
    "th": StatusCategory.TH,
    "rqth": StatusCategory.TH,
    "boeth": StatusCategory.TH,
    "travailleur handicape": StatusCategory.TH,
    "travailleuse handicapee": StatusCategory.TH,
    "jeune": StatusCategory.JEUNE,
    "neet": StatusCategory.JEUNE,
    "jeune neet": StatusCategory.JEUNE,
    "jeune de moins de 26 ans": StatusCategory.JEUNE,
    "moins de 26 ans": StatusCategory.JEUNE,
    "senior": StatusCategory.SENIOR,
    "plus de 50 ans": StatusCategory.SENIOR,
    "insertion": StatusCategory.INSERTION,
    "salarie en insertion": StatusCategory.INSERTION,
    "salariee en insertion": StatusCategory.INSERTION,
    "cddi": StatusCategory.INSERTION,
    "salarie en cddi": StatusCategory.INSERTION,
    "salariee en cddi": StatusCategory.INSERTION,
    "siae": StatusCategory.INSERTION,
    "iae": StatusCategory.INSERTION,
    "reconversion": StatusCategory.RECONVERSION,
    "en reconversion": StatusCategory.RECONVERSION,
    "reconversion professionnelle": StatusCategory.RECONVERSION,
    "en reconversion professionnelle": StatusCategory.RECONVERSION,
    "autre": StatusCategory.AUTRE,
}
_RSA_WORDS = frozenset({"rsa", "brsa"})


def _plain(text: str) -> str:
    """Lower case, no accents, words separated by single spaces: « Bénéficiaire du RSA » →
    « beneficiaire du rsa »."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(word for word in re.split(r"[^a-z0-9]+", bare) if word)


_BY_LABEL = (
    {_plain(c.label): c for c in StatusCategory}
    | {_plain(c.short): c for c in StatusCategory}
    | {_plain(c.value): c for c in StatusCategory}
)


@dataclass(frozen=True)
class ReadStatus:
    """A status as written, read: its category (``None``: to confirm) and whether it names the RSA."""

    category: StatusCategory | None
    rsa: bool


def read_status(text: str | None) -> ReadStatus:
    """Read a status as written. Two statuses joined (« DE/BRSA », « DELD + RQTH ») give the
    first that is not the RSA, and the RSA as a tick: the RSA is also a participant's own field."""
    plain = _plain(text or "")
    if not plain:
        return ReadStatus(None, False)
    whole = _BY_LABEL.get(plain) or _ALIASES.get(plain)
    if whole is not None:
        return ReadStatus(whole, whole is StatusCategory.RSA)
    parts = [_plain(part) for part in re.split(r"[/,;+&]| et ", text or "") if _plain(part)]
    if len(parts) < 2:
        return ReadStatus(None, bool(set(plain.split()) & _RSA_WORDS))
    read = [_BY_LABEL.get(part) or _ALIASES.get(part) for part in parts]
    if any(category is None for category in read):
        return ReadStatus(None, bool(set(plain.split()) & _RSA_WORDS))
    found = [category for category in read if category is not None]
    rsa = StatusCategory.RSA in found
    others = [category for category in found if category is not StatusCategory.RSA]
    return ReadStatus(others[0] if others else StatusCategory.RSA, rsa)


def category_of(text: str | None) -> StatusCategory | None:
    """The category a status as written says, or ``None`` when it must be confirmed by a person."""
    return read_status(text).category


def status_label(text: str | None) -> str:
    """The words a report shows for a status: its category's short name (« DELD », « RQTH »),
    « à confirmer » otherwise, and an empty string for no status."""
    if not (text or "").strip():
        return ""
    category = category_of(text)
    return category.short if category else TO_CONFIRM


def counts_for_rsa_target(rsa: bool, status: str | None) -> bool:
    """Whether a person counts towards the département's target of RSA beneficiaries: an RSA
    beneficiary (ticked, or named so by the status), except people in an insertion contract, who
    may have received the RSA before entering the SIAE but do not count (the evaluation report's
    rule)."""
    read = read_status(status)
    return (rsa or read.rsa) and read.category is not StatusCategory.INSERTION


RSA_RULE = (
    "Comptés : les bénéficiaires du RSA ; les salariés en insertion qui touchaient le RSA avant d'entrer "
    "dans la SIAE ne comptent pas."
)
