"""The planner's advice in French: half-days named, sentences without ids or codes."""

from __future__ import annotations

import datetime as dt

from rallye.advice_wording import answer_sentence, half_day, limit_sentence
from rallye.domain.rally import Session, SessionKind
from rallye.engine.advice import GroupedVisitAnswer, OneMoreAnswer, SectorShort, Unreachable
from tests.factories import build, rally_content

TUESDAY = dt.date(2027, 3, 16)


def test_half_days_are_named_as_organisers_say_them() -> None:
    assert half_day(Session(SessionKind.VISITS, TUESDAY, 8 * 60 + 30, 12 * 60 + 30)) == "le mardi 16 mars matin"
    assert half_day(Session(SessionKind.VISITS, TUESDAY, 13 * 60 + 30, 17 * 60)) == "le mardi 16 mars après-midi"
    assert half_day(Session(SessionKind.VISITS, dt.date(2027, 3, 1), 9 * 60, 17 * 60)) == "le lundi 1er mars"


def test_limits_and_answers_in_plain_french() -> None:
    rally = build(rally_content())
    assert limit_sentence(rally, SectorShort("Santé", 0, 4)) == (
        "Secteur Santé : ses entreprises ne peuvent recevoir aucune visite d'équipe en tout, pour 4 équipes ; "
        "toutes les équipes ne pourront pas voir ce secteur."
    )
    far = limit_sentence(rally, Unreachable("C03", 95))
    assert far.startswith("Clinique du Lac est à 95 min du lieu de rendez-vous")
    assert answer_sentence(rally, OneMoreAnswer(1, "Santé", "C03", makes_plan=False, shorter_by=40)) == (
        "Une disponibilité de plus le mercredi 17 mars matin dans le secteur Santé (par exemple Clinique du Lac) "
        "raccourcirait la plus longue journée de 40 min."
    )
    assert answer_sentence(rally, GroupedVisitAnswer("Santé", "C03", makes_plan=False, shorter_by=75)) == (
        "Si Clinique du Lac (secteur Santé) accueillait des visites groupées de 8 à 12 personnes, cela "
        "raccourcirait la plus longue journée de 1 h 15."
    )
