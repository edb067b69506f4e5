"""The demo's past season: finished rallies of both structures, planned within the rules, with
questionnaires, six-month outcomes and fidelity scores that look like a real network's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Model
from django.test import Client

from rallye.demo import DEMO_PASSWORD, EVALUATOR, STRUCTURES, load_demo
from rallye.demo_season import SEASON_DAY, SEASONS
from rallye.domain.compliance import check_plan
from rallye.domain.outcomes import Outcome, follow_up_due, solution_rate
from rallye.domain.questionnaires import Phase
from rallye.evaluation.access import evaluation_rallies, is_evaluator
from rallye.evaluation.models import (
    FidelityScore,
    FollowUp,
    Funder,
    Funding,
    Questionnaire,
    RallyReporting,
)
from rallye.evaluation.records import domain_rally_and_plan, is_first_of_structure, rally_dates, survey_changes
from rallye.organisations.models import Membership, Role, Structure, User
from rallye.organisations.scoping import visible_structures
from rallye.plans.models import PlanVersion
from rallye.rallies.models import Company, Participant, Rally

pytestmark = pytest.mark.django_db

SEASON_NAMES = [spec.name for season in SEASONS for spec in season.rallies]
COUNTED: tuple[type[Model], ...] = (
    User,
    Membership,
    Structure,
    Rally,
    Participant,
    Company,
    PlanVersion,
    Funder,
    Funding,
    RallyReporting,
    Questionnaire,
    FollowUp,
    FidelityScore,
)


def season_rallies() -> list[Rally]:
    rallies = list(Rally.objects.filter(name__in=SEASON_NAMES).select_related("structure"))
    assert sorted(r.name for r in rallies) == sorted(SEASON_NAMES)
    return rallies


def counts() -> dict[str, int]:
    return {model.__name__: model._default_manager.count() for model in COUNTED}


def test_loading_twice_changes_nothing() -> None:
    load_demo()
    first = counts()
    load_demo()
    assert counts() == first
    assert first["Rally"] == 2 + len(SEASON_NAMES)


def test_the_season_is_the_same_every_time_it_is_loaded() -> None:
    load_demo()

    def drawn() -> set[tuple[str, ...]]:
        """What the demo draws at random: answers, outcomes, scores."""
        answers = {
            (q.rally.name, q.phase, str(q.participant or q.company), str(q.answers))
            for q in Questionnaire.objects.select_related("rally", "participant", "company")
        }
        outcomes = {
            (f.participant.rally.name, f.participant.code, f.outcome, str(f.recorded_on))
            for f in FollowUp.objects.select_related("participant__rally")
        }
        scores = {(s.rally.name, s.principle, str(s.score)) for s in FidelityScore.objects.select_related("rally")}
        return answers | outcomes | scores

    before = drawn()
    Rally.objects.filter(name__in=SEASON_NAMES).delete()
    load_demo()
    assert drawn() == before


def test_each_structure_has_finished_rallies_with_plans_questionnaires_outcomes_and_scores() -> None:
    load_demo()
    for name, *_ in STRUCTURES:
        structure = Structure.objects.get(name=name)
        finished = [r for r in season_rallies() if r.structure == structure]
        assert len(finished) >= 3
        years = set()
        for rally in finished:
            dates = rally_dates(rally)
            assert dates.last_day is not None and dates.last_day < SEASON_DAY
            years.add(dates.last_day.year)
            assert PlanVersion.objects.get(rally=rally, is_current=True).content
            for phase in Phase:
                assert Questionnaire.objects.filter(rally=rally, phase=phase, answers__isnull=False).exists()
            assert Funding.objects.filter(rally=rally).count() >= 2
        assert years == {2025, 2026}
        assert any(FollowUp.objects.filter(participant__rally=r).exists() for r in finished)
        assert any(FidelityScore.objects.filter(rally=r).exists() for r in finished)
        oldest = min(finished, key=lambda r: rally_dates(r).first_day or dt.date.max)
        assert is_first_of_structure(oldest)
        assert RallyReporting.objects.get(rally=oldest).ansa_report_on is not None
    upcoming = Rally.objects.exclude(name__in=SEASON_NAMES)
    assert sorted(r.name for r in upcoming) == [
        "Rallye pour l'emploi — Annecy, mars 2027",
        "Rallye pour l'emploi — Pays voironnais, mai 2027",
    ]


def test_every_season_plan_keeps_the_hard_rules() -> None:
    load_demo()
    for rally in season_rallies():
        data, plan = domain_rally_and_plan(rally)
        assert data is not None and plan is not None, rally.name
        report = check_plan(data, plan)
        assert report.hard_ok, "\n".join([rally.name, *report.lines()])


def test_the_evaluator_logs_in_without_any_structure_role() -> None:
    logins = load_demo()
    assert any(login.email == EVALUATOR and Role.EVALUATOR.label in login.role for login in logins)
    evaluator = User.objects.get(email=EVALUATOR)
    membership = Membership.objects.get(user=evaluator)
    assert membership.role == Role.EVALUATOR and membership.structure is None
    assert is_evaluator(evaluator)
    assert not visible_structures(evaluator).exists()
    assert not Rally.objects.for_user(evaluator).exists()
    assert evaluation_rallies(evaluator).count() == Rally.objects.count()
    client = Client()
    response = client.post("/connexion/", {"username": EVALUATOR, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get("/").wsgi_request.user == evaluator


def test_rallies_are_charter_sized_with_absent_people_and_rsa_beneficiaries() -> None:
    load_demo()
    for rally in season_rallies():
        present = rally.participants.filter(present=True).count()
        assert 15 <= present <= 30, rally.name
        assert rally.participants.filter(present=False).exists(), rally.name
        assert rally.companies.count() >= 6
        assert rally.companies.values("sector").distinct().count() >= 6
        assert 4 <= rally.vehicles.count() <= 6
    rsa = Participant.objects.filter(rally__name__in=SEASON_NAMES, rsa_beneficiary=True)
    assert rsa.exists() and all(p.status_category == "RSA" for p in rsa)


def test_outcomes_give_a_plausible_solution_rate_and_leave_follow_ups_to_do() -> None:
    load_demo()
    outcomes: list[Outcome | None] = []
    to_do = []
    for rally in season_rallies():
        due = follow_up_due(rally_dates(rally).last_day or SEASON_DAY)
        recorded = FollowUp.objects.filter(participant__rally=rally)
        if recorded.exists():
            assert due <= SEASON_DAY, rally.name
            assert all(f.recorded_on >= due and f.participant.present for f in recorded)
            assert recorded.count() == rally.participants.filter(present=True).count()
        else:
            to_do.append(due)
        outcomes += [Outcome(f.outcome) for f in recorded]
    rate = solution_rate(outcomes)
    assert rate.rate is not None and 0.20 <= rate.rate <= 0.50
    assert rate.lost > 0
    assert any(due <= SEASON_DAY + dt.timedelta(days=31) for due in to_do), "a follow-up due about now"
    assert any(due > SEASON_DAY for due in to_do), "a follow-up not due yet"


def test_answers_improve_on_average_but_not_for_everybody() -> None:
    load_demo()
    gains = []
    for rally in season_rallies():
        changes = {c.question.key: c for c in survey_changes(rally)}
        gains += [c.improvement for c in changes.values() if c.improvement is not None]
        assert (changes["isolation"].change or 0) < 0.5
    assert sum(gains) / len(gains) > 0.2
    worse = 0
    only_before = 0
    for person in Participant.objects.filter(rally__name__in=SEASON_NAMES, present=True):
        filled = {q.phase: q.answers for q in person.questionnaires.all()}
        if Phase.BEFORE in filled and Phase.AFTER not in filled:
            only_before += 1
        elif Phase.BEFORE in filled:
            worse += filled[Phase.AFTER]["confidence"] < filled[Phase.BEFORE]["confidence"]
    assert worse > 0 and only_before > 0
    comments = Questionnaire.objects.filter(rally__name__in=SEASON_NAMES, answers__has_key="comment")
    assert comments.exists()


def test_the_evaluator_scored_the_older_rallies_and_left_the_newer_on_the_prefill() -> None:
    load_demo()
    evaluator = User.objects.get(email=EVALUATOR)
    scored = [r for r in season_rallies() if FidelityScore.objects.filter(rally=r).exists()]
    for name, *_ in STRUCTURES:
        own = sorted(
            (r for r in season_rallies() if r.structure.name == name),
            key=lambda r: rally_dates(r).first_day or dt.date.max,
        )
        assert own[0] in scored and own[-1] not in scored
    for rally in scored:
        scores = FidelityScore.objects.filter(rally=rally)
        assert scores.count() == 19 and all(s.assessed_by == evaluator for s in scores)
    first = Rally.objects.get(name="Rallye pour l'emploi — Annecy, mars 2025")
    network = FidelityScore.objects.get(rally=first, principle="O3")
    assert network.score == 2 and "réseau n'a pas été valorisé" in network.comment
