"""Fixtures of the private links' tests: two structures, a rally of the first with dates, two
participants and their « avant » questionnaires; an empty cache (the rate limits' counters)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache

from rallye.domain.questionnaires import Phase
from rallye.evaluation.models import Questionnaire
from rallye.organisations.models import Federation, Membership, Role, Structure, User
from rallye.rallies.models import Participant, Rally, Session, SessionKind

LAST_DAY = dt.date(2027, 3, 19)


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    cache.clear()


@pytest.fixture
def structure(db: None) -> Structure:
    federation = Federation.objects.create(name="Réseau d'essai")
    return Structure.objects.create(federation=federation, name="Maison de l'emploi d'essai")


@pytest.fixture
def other_structure(structure: Structure) -> Structure:
    return Structure.objects.create(federation=structure.federation, name="Autre structure")


@pytest.fixture
def rally(structure: Structure) -> Rally:
    rally = Rally.objects.create(structure=structure, name="Rallye d'essai", base_lat=45.9, base_lon=6.1)
    for day in (LAST_DAY - dt.timedelta(days=1), LAST_DAY):
        Session.objects.create(rally=rally, kind=SessionKind.VISITS, date=day, start=dt.time(9), end=dt.time(17))
    return rally


@pytest.fixture
def questionnaires(rally: Rally) -> list[Questionnaire]:
    people = [
        Participant.objects.create(
            rally=rally, code=f"P0{n}", first_name=name, last_name="Martin", gender="F", birth_year=1990
        )
        for n, name in enumerate(("Nadia", "Awa"), start=1)
    ]
    return [Questionnaire.objects.create(rally=rally, participant=p, phase=Phase.BEFORE) for p in people]


@pytest.fixture
def questionnaire(questionnaires: list[Questionnaire]) -> Questionnaire:
    return questionnaires[0]


def member(structure: Structure, email: str, role: Role = Role.COORDINATOR) -> User:
    user = User.objects.create_user(email, "mot-de-passe-d-essai")
    Membership.objects.create(user=user, federation=structure.federation, structure=structure, role=role)
    return user
