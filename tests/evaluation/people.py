"""A past rally whose people carry distinctive identifying values, and how to look for them.

Built on the demo (``load_demo``, its past season included): the example Annecy rally of 2027
gains questionnaires (with free texts), company feedback, six-month outcomes and one person,
Zéphyrine, whose every identifying value is unique, so that a search for it in any written byte
cannot match by chance.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

import openpyxl
from django.utils import timezone

from rallye.domain.outcomes import Outcome
from rallye.domain.questionnaires import FREE_TEXT_KEYS, Phase
from rallye.evaluation.models import FollowUp, Questionnaire
from rallye.organisations.models import Structure
from rallye.rallies.models import Company, Participant, Rally
from tests.conftest import demo_loaded

MIFE_STRUCTURE = "MIFE de Haute-Savoie"
TI38_STRUCTURE = "Réseau Territoires d'insertion Isère"
ANNECY_2027 = "Rallye pour l'emploi — Annecy, mars 2027"
VOIRON_2027 = "Rallye pour l'emploi — Pays voironnais, mai 2027"
FIRST_NAME = "Zéphyrine"
LAST_NAME = "Quintavalle-Brisebois"
PHONE = "06 98 76 54 32"
EMAIL = "zephyrine.quintavalle@exemple-unique.fr"
BIRTH_YEAR = 1961
FREE_TEXT = "Je m'appelle Zéphyrine"
AFTER_TEXT = "Merci à Gontran pour la visite"
CONTACT_NAME = "Gontran Vérisseau"
CONTACT_PHONE = "04 11 22 33 44"
CONTACT_EMAIL = "gontran.verisseau@exemple-unique.fr"
COMPANY_TEXT = "Mme Quintavalle-Brisebois était très motivée"
FOLLOW_UP_TEXT = "Rappelée au 06 98 76 54 32, embauchée"
OUTCOMES = (Outcome.CDI, Outcome.NO_SOLUTION, Outcome.TRAINING, Outcome.LOST, Outcome.INTERIM, Outcome.CDD_LONG)


@dataclass(frozen=True)
class Season:
    rally: Rally
    other: Rally
    """The other structure's rally (Voiron), left as the demo makes it."""
    person: Participant
    """Zéphyrine."""


def scale_answers(base: int, **extra: int | str) -> dict[str, int | str]:
    values = {"companies_open": base, "companies_known": base, "confidence": base, "isolation": 5 - base}
    return {**values, "network": base, "intention": "apply", **extra}


def build_season() -> Season:
    demo_loaded()
    rally = Rally.objects.get(structure__name=MIFE_STRUCTURE, name=ANNECY_2027)
    other = Rally.objects.get(structure__name=TI38_STRUCTURE, name=VOIRON_2027)
    people = list(Participant.objects.filter(rally=rally).order_by("code"))
    person = people[0]
    person.first_name, person.last_name = FIRST_NAME, LAST_NAME
    person.phone, person.email, person.birth_year = PHONE, EMAIL, BIRTH_YEAR
    person.consent = True
    person.save()
    now = timezone.now()
    for index, participant in enumerate(people[:8]):
        before = scale_answers(2)
        after = scale_answers(3, intention="training")
        if participant == person:
            before["comment"], after["comment"] = FREE_TEXT, AFTER_TEXT
        Questionnaire.objects.create(
            rally=rally, phase=Phase.BEFORE, participant=participant, answers=before, submitted_at=now
        )
        if index % 4 != 3:  # a few answered before only
            Questionnaire.objects.create(
                rally=rally, phase=Phase.AFTER, participant=participant, answers=after, submitted_at=now
            )
        FollowUp.objects.create(
            participant=participant,
            outcome=OUTCOMES[index % len(OUTCOMES)],
            recorded_on=dt.date(2027, 9, 20),
            comment=FOLLOW_UP_TEXT if participant == person else "",
        )
    companies = list(Company.objects.filter(rally=rally).order_by("code"))
    companies[0].contact_name, companies[0].contact_phone = CONTACT_NAME, CONTACT_PHONE
    companies[0].contact_email = CONTACT_EMAIL
    companies[0].save()
    for index, company in enumerate(companies[:3]):
        feedback = {"seekers_motivated": 4, "view_changed": 3, "would_hire": "maybe", "again": "yes"}
        if index == 0:
            feedback["company_comment"] = COMPANY_TEXT
        Questionnaire.objects.create(rally=rally, phase=Phase.COMPANY, company=company, answers=feedback)
    person.refresh_from_db()
    return Season(rally, other, person)


@dataclass(frozen=True)
class Identifying:
    """Every identifying value held in the database: names, contacts, free texts, birth years."""

    words: frozenset[str]
    """Names, searched as whole words."""
    texts: frozenset[str]
    """Phones, e-mails and free texts, searched as they are."""
    years: frozenset[int]


def identifying_values() -> Identifying:
    words: set[str] = set()
    texts: set[str] = set()
    years: set[int] = set()
    for p in Participant.objects.all():
        if p.anonymised_at is None:  # once anonymised, the names are « Anonyme » and the code
            words |= {p.first_name, p.last_name}
        texts |= {p.phone, p.email}
        years.add(p.birth_year)
    for c in Company.objects.all():
        texts |= {c.contact_name, c.contact_phone, c.contact_email}
    for q in Questionnaire.objects.exclude(answers=None):
        texts |= {str(v) for k, v in q.answers.items() if k in FREE_TEXT_KEYS}
    texts |= set(FollowUp.objects.values_list("comment", flat=True))
    return Identifying(frozenset(words - {""}), frozenset(texts - {""}), frozenset(years))


def whole_words_in(text: str, words: Iterable[str]) -> list[str]:
    """The ``words`` that stand as whole words in ``text``. One pass over the text for all of
    them: a word that occurs is always found by the first pass (a match can only hide another
    match that overlaps it), and only then is each word looked for alone, to name them all."""
    ordered = sorted(set(words), key=len, reverse=True)
    if not ordered:
        return []
    any_of = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, ordered)) + r")(?!\w)")
    if not any_of.search(text):
        return []
    return sorted(w for w in ordered if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text))


def leaks(text: str, values: Identifying) -> list[str]:
    """The identifying values found in ``text`` (HTML or XML entities decoded first)."""
    plain = html.unescape(text)
    found = whole_words_in(plain, values.words)
    found += [t for t in values.texts if t in plain]
    found += whole_words_in(plain, (str(y) for y in values.years))
    return sorted(found)


def xlsx_text(content: bytes) -> str:
    """Every cell of every sheet, and every XML part of the file, as one text to search."""
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    cells = [
        "" if value is None else str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
    ]
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        parts = [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
    return "\n".join(cells + [re.sub(r"<[^>]+>", " ", part) for part in parts])


LONG_RETENTION = 120


def long_past(rally: Rally, years: int = 15) -> None:
    """Move the rally's programme ``years`` earlier and give every structure the longest
    retention: this rally alone is past its retention, whatever day the tests run (the demo's
    season, of 2025-2026, is kept until 2035 at least)."""
    Structure.objects.update(retention_months=LONG_RETENTION)
    for session in rally.sessions.all():
        session.date = session.date.replace(year=session.date.year - years)
        session.save(update_fields=["date"])
