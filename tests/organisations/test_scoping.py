"""Tenant scoping fails closed: a query of a structure's data made outside any scope is an
error, and inside a request the data of structures out of the user's reach does not exist,
even for code that forgets ``for_user``."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from rallye.demo import EVALUATOR, FEDERATION_ADMIN
from rallye.evaluation.models import Questionnaire
from rallye.organisations.models import Structure, User
from rallye.organisations.scoping import ScopeError, network_scope, no_scope, structure_scope
from rallye.rallies.models import Participant, Rally
from rallye.www.middleware import ScopeMiddleware
from tests.logins import MIFE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks", "data_in_tmp")]


def all_rallies(request: HttpRequest) -> HttpResponse:
    """A careless view: it reads every rally, without ``for_user``."""
    return HttpResponse(",".join(sorted(str(r.structure) for r in Rally.objects.all())))


def through_middleware(user: User | AnonymousUser) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return ScopeMiddleware(all_rallies)(request).content.decode()


def test_a_query_outside_any_scope_is_an_error(mife: Structure) -> None:
    user = User.objects.get(email=MIFE)
    rally = Rally.objects.filter(structure=mife).first()
    assert rally is not None
    with no_scope():
        for query in (
            lambda: list(Rally.objects.all()),
            lambda: Rally.objects.count(),
            lambda: Rally.objects.exists(),
            lambda: Rally.objects.get(pk=rally.pk),
            lambda: Rally.objects.for_user(user).first(),
            lambda: list(Participant.objects.exclude(code="")),
            lambda: list(rally.participants.all()),
            lambda: Questionnaire.objects.filter(rally=rally).first(),
        ):
            with pytest.raises(ScopeError):
                query()


def test_the_structure_scope_holds_the_users_structures_only(mife: Structure) -> None:
    with structure_scope(User.objects.get(email=MIFE)):
        assert {r.structure for r in Rally.objects.all()} == {mife}
        assert not Participant.objects.exclude(rally__structure=mife).exists()
    with structure_scope(User.objects.get(email=FEDERATION_ADMIN)):
        assert Rally.objects.values("structure").distinct().count() == Structure.objects.count()
    with structure_scope(User.objects.get(email=EVALUATOR)):
        assert not Rally.objects.exists()


def test_the_network_scope_opens_the_federation_to_its_evaluators(mife: Structure) -> None:
    evaluator = User.objects.get(email=EVALUATOR)
    with network_scope(evaluator):
        assert Rally.objects.values("structure").distinct().count() == Structure.objects.count()
        assert not Rally.objects.for_user(evaluator).exists()  # still no one by name
    with network_scope(User.objects.get(email=MIFE)):
        assert {r.structure for r in Rally.objects.all()} == {mife}


def test_a_request_reads_only_what_its_user_may_see(mife: Structure) -> None:
    assert set(through_middleware(User.objects.get(email=MIFE)).split(",")) == {mife.name}
    assert through_middleware(User.objects.get(email=EVALUATOR)) == ""
    with pytest.raises(ScopeError):
        through_middleware(AnonymousUser())
