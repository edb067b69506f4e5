"""The challenges' repertoire and their automatic choice: every sector covered, never twice the
same challenge for a team, varied kinds, the same choice every time."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import pytest

from rallye.domain.challenges import (
    SECTOR_LABELS,
    Challenge,
    ChallengeKind,
    TeamScore,
    choose_challenges,
    choose_icebreaker,
    ranked,
    sector_sections,
    starter_repertoire,
)
from rallye.domain.naf import SECTOR_SUGGESTIONS
from rallye.domain.plan import Plan
from rallye.domain.rally import Rally
from rallye.formats.load import load_plan, load_rally

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def annecy() -> tuple[Rally, Plan]:
    return load_rally(EXAMPLES / "annecy-2027" / "rally.json"), load_plan(EXAMPLES / "annecy-2027" / "plan.json")


def test_starter_repertoire_has_forty_challenges_five_ice_breakers_and_every_sector() -> None:
    repertoire = starter_repertoire()
    assert len(repertoire) >= 40
    assert sum(c.kind is ChallengeKind.ICEBREAKER for c in repertoire) >= 5
    assert len({c.key for c in repertoire}) == len(repertoire)
    covered = {s for c in repertoire for s in c.sectors}
    assert covered == set(SECTOR_LABELS)
    for challenge in repertoire:
        assert challenge.title and challenge.instructions and challenge.check and challenge.materials
        assert 0 < challenge.minutes <= 30
        assert challenge.max_points == 0 if challenge.kind is ChallengeKind.ICEBREAKER else challenge.max_points > 0


@pytest.mark.parametrize("label", SECTOR_SUGGESTIONS)
def test_every_sector_of_the_vocabulary_has_challenges_made_for_it(label: str) -> None:
    sections = sector_sections(label)
    assert len(sections) == 1
    made_for_it = [c for c in starter_repertoire() if c.sectors & sections]
    assert made_for_it, label


@pytest.mark.parametrize(
    ("sector", "section"),
    [
        ("Transport et logistique", "H"),
        ("Agriculture", "A"),
        ("Agroalimentaire", "C"),
        ("BTP", "F"),
        ("Hôtellerie-restauration", "I"),
        ("Propreté", "N"),
        ("Services à la personne", "Q"),
        ("Économie circulaire", "E"),
        ("Numérique", "J"),
        ("Administration", "O"),
    ],
)
def test_the_organisers_words_for_a_sector_name_one_section(sector: str, section: str) -> None:
    assert sector_sections(sector) == {section}


def test_an_unknown_sector_gets_challenges_for_every_sector(annecy: tuple[Rally, Plan]) -> None:
    rally, plan = annecy
    odd = dataclasses.replace(rally, companies=tuple(dataclasses.replace(c, sector="Zzz") for c in rally.companies))
    chosen = choose_challenges(odd, plan, starter_repertoire())
    assert chosen and all(not c.sectors for c in chosen.values())


def test_every_visit_gets_a_challenge_suited_to_the_company_never_twice_for_a_team(
    annecy: tuple[Rally, Plan],
) -> None:
    rally, plan = annecy
    chosen = choose_challenges(rally, plan, starter_repertoire())
    assert set(chosen) == {(t.id, v.company) for t in plan.teams for v in t.visits}
    for team in plan.teams:
        mine = [chosen[(team.id, v.company)] for v in team.visits]
        assert len({c.key for c in mine}) == len(mine)
        kinds = Counter(c.kind for c in mine)
        assert max(kinds.values()) - min(kinds.values()) <= 1 and len(kinds) >= min(len(mine), 5)
        for visit, challenge in zip(team.visits, mine, strict=True):
            assert challenge.kind is not ChallengeKind.ICEBREAKER
            assert challenge.suits(sector_sections(rally.company(visit.company).sector))
    specific = sum(1 for c in chosen.values() if c.sectors)
    assert specific >= len(chosen) // 2


def test_the_choice_is_deterministic_and_does_not_depend_on_the_repertoire_s_order(
    annecy: tuple[Rally, Plan],
) -> None:
    rally, plan = annecy
    first = choose_challenges(rally, plan, starter_repertoire())
    again = choose_challenges(rally, plan, list(reversed(starter_repertoire())))
    assert first == again
    assert choose_icebreaker(rally, starter_repertoire()) == choose_icebreaker(rally, reversed(starter_repertoire()))


def test_fixed_challenges_are_kept_and_never_given_again_to_the_team(annecy: tuple[Rally, Plan]) -> None:
    rally, plan = annecy
    team = plan.teams[0]
    first, second = team.visits[0].company, team.visits[1].company
    auto = choose_challenges(rally, plan, starter_repertoire())
    # The organiser gives the second visit the challenge chosen for the first one.
    fixed = {(team.id, second): auto[(team.id, first)]}
    chosen = choose_challenges(rally, plan, starter_repertoire(), fixed)
    assert chosen[(team.id, second)] == auto[(team.id, first)]
    assert chosen[(team.id, first)] != auto[(team.id, first)]
    mine = [chosen[(team.id, v.company)].key for v in team.visits]
    assert len(set(mine)) == len(mine)


def test_a_small_repertoire_repeats_only_when_the_team_has_had_everything(annecy: tuple[Rally, Plan]) -> None:
    rally, plan = annecy
    two = [
        Challenge("a", "A", "faire", "voir", ChallengeKind.QUESTION),
        Challenge("b", "B", "faire", "voir", ChallengeKind.QUIZ, frozenset({"Q"})),
    ]
    chosen = choose_challenges(rally, plan, two)
    for team in plan.teams:
        mine = [chosen[(team.id, v.company)].key for v in team.visits]
        assert set(mine[:2]) == {"a", "b"}
        counts = Counter(mine)
        assert abs(counts["a"] - counts["b"]) <= 1


def test_the_ice_breaker_comes_from_the_repertoire_only_with_an_ice_breaker_session(
    annecy: tuple[Rally, Plan],
) -> None:
    rally, _plan = annecy
    game = choose_icebreaker(rally, starter_repertoire())
    assert game is not None and game.kind is ChallengeKind.ICEBREAKER
    without = dataclasses.replace(rally, schedule=tuple(s for s in rally.schedule if s.kind.value != "icebreaker"))
    assert choose_icebreaker(without, starter_repertoire()) is None


def test_ranking_shares_a_rank_between_equal_points() -> None:
    scores = [
        TeamScore("T1", "Les Aigles", 20, 20, 0),
        TeamScore("T2", "Bleus", 30, 25, 5),
        TeamScore("T3", "Cerises", 20, 15, 5),
    ]
    assert [(s.team, s.rank) for s in ranked(scores)] == [("T2", 1), ("T3", 2), ("T1", 2)]
