"""The challenges' services: the starter repertoire loaded once, Rallye's starter repertoire used
while a federation's is empty, a re-plan keeping the challenges of the visits that stay."""

from __future__ import annotations

import pytest

from rallye.challenges.models import NetworkChallenge, VisitChallenge
from rallye.challenges.services import load_starter, repertoire_of, visit_challenges
from rallye.domain.challenges import starter_repertoire
from rallye.organisations.models import Structure
from rallye.rallies.models import Rally

pytestmark = pytest.mark.django_db


def test_loading_the_starter_again_adds_nothing(mife: Structure) -> None:
    assert load_starter(mife.federation) == 0
    NetworkChallenge.objects.filter(federation=mife.federation, starter_key="prenom-geste").delete()
    assert load_starter(mife.federation) == 1


def test_an_empty_network_repertoire_falls_back_to_the_starter_one(mife_rally: Rally) -> None:
    NetworkChallenge.objects.filter(federation=mife_rally.structure.federation).delete()
    VisitChallenge.objects.filter(rally=mife_rally).delete()
    sources = repertoire_of(mife_rally.structure)
    assert {s.challenge.key for s in sources.values()} == {c.key for c in starter_repertoire()}
    chosen = visit_challenges(mife_rally)
    assert chosen and all(c.key.startswith("starter:") for c in chosen.values())


def test_withdrawn_challenges_are_no_longer_chosen_but_visits_keep_theirs(mife_rally: Rally) -> None:
    chosen = visit_challenges(mife_rally)
    kept = next(iter(chosen.items()))
    withdrawn = NetworkChallenge.objects.get(pk=int(kept[1].key.split(":")[1]))
    withdrawn.withdrawn = True
    withdrawn.save()
    assert withdrawn.key not in repertoire_of(mife_rally.structure)
    # A visit whose row is lost gets a challenge again, never the withdrawn one for a new row.
    VisitChallenge.objects.filter(rally=mife_rally).exclude(team_code=kept[0][0], company_code=kept[0][1]).delete()
    fresh = visit_challenges(Rally.objects.get(pk=mife_rally.pk))
    assert fresh[kept[0]] == kept[1]
    assert all(c.key != withdrawn.key for k, c in fresh.items() if k != kept[0])
