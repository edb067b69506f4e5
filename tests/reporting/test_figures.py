"""Every figure of the fixture season (``season.py``) equals the value counted by hand."""

from __future__ import annotations

import dataclasses

import pytest

from rallye.domain.outcomes import SolutionRate
from rallye.reporting.figures import SeasonFigures, figures_by, season_figures
from tests.reporting.season import ALPHA, BETA, season


@pytest.fixture(scope="module")
def figures() -> SeasonFigures:
    return season_figures(season())


def test_rallies_people_and_their_characteristics(figures: SeasonFigures) -> None:
    assert figures.rallies == 3
    assert figures.structures == 2  # MIFE Alpha (R1, R3), Réseau Beta (R2)
    # Present: P1 P2 P3 (R1), P5 P6 (R2), P7 P8 (R3); absent P4 and P9 count nowhere else.
    assert figures.participants == 7
    assert figures.absent == 2
    assert (figures.women, figures.men, figures.other_gender) == (4, 2, 1)  # F: P1 P3 P6 P8; M: P2 P7; X: P5
    # Ages 24, 52, 30, 19, 50, 38, 27: sum 240, 240 / 7 = 34.28…
    assert figures.age_mean == 34.3
    assert (figures.age_min, figures.age_max) == (19, 52)
    # Under 26: 24, 19; 26-49: 30, 38, 27; 50 and over: 52, 50 (P9, 61, is absent).
    assert figures.age_bands == {"moins de 26 ans": 2, "26 à 49 ans": 3, "50 ans et plus": 2}
    # Levels 3, -, 5, 2, 3, 3, 6: P2's unknown.
    assert figures.diploma_levels == {2: 1, 3: 3, 5: 1, 6: 1}
    assert figures.diploma_unknown == 1
    assert figures.below_baccalaureate == 4  # levels 2, 3, 3, 3
    assert figures.below_baccalaureate_share == pytest.approx(4 / 6)  # over the 6 known levels
    # Most frequent first, ties in alphabetical order (capitals first).
    assert list(figures.statuses.items()) == [("BRSA", 2), ("DE", 2), ("DELD", 2), ("Jeune -26 ans", 1)]
    # P2 (ticked and « BRSA »), P6 (« BRSA »), P8 (ticked); P4 is ticked but absent.
    assert figures.rsa == 3
    assert list(figures.prescribers.items()) == [
        ("France Travail", 4),  # P1 P3 P7 P8
        ("Cap emploi", 1),
        ("Mission locale", 1),
        ("non renseigné", 1),  # P5
    ]


def test_companies_teams_visits_and_funders(figures: SeasonFigures) -> None:
    # R1: Industrie and Commerce visited (Transport not); R2 has no plan: Santé and Industrie; R3: 2.
    assert figures.companies == 6
    assert list(figures.sectors.items()) == [("Commerce", 2), ("Industrie", 2), ("Hôtellerie", 1), ("Santé", 1)]
    assert figures.hiring_companies == 3  # Industrie (R1), Santé (R2), Commerce (R3)
    assert (figures.teams, figures.visits) == (3, 18)  # 2 + 0 + 1 teams, 12 + 0 + 6 visits
    assert figures.funders == {"Département": 3, "Fondation Emploi": 1, "France Travail": 1}


def test_six_month_outcomes(figures: SeasonFigures) -> None:
    assert figures.outcomes == {
        "cdi": 1,  # P1
        "cdd_long": 0,
        "cdd_short": 1,  # P7
        "interim": 1,  # P2
        "work_study": 0,
        "training": 1,  # P6
        "insertion": 0,
        "business": 0,
        "none": 1,  # P8
        "lost": 1,  # P3
    }
    # 6 recorded (P5's is not), 4 solutions (CDI, interim, training, short CDD), P3 lost: 4 / 6.
    assert figures.solution == SolutionRate(counted=6, solutions=4, lost=1, not_recorded=1)
    assert figures.solution.percent_fr() == "67 %"


def test_fidelity_means(figures: SeasonFigures) -> None:
    assert figures.fidelity_rallies == 2  # R2 has no score
    assessed = {code: mean for code, mean in figures.fidelity_principles.items() if mean is not None}
    # O1 (4 + 2) / 2, F1 (4 + 4) / 2, F2 (2 + 4) / 2, K1 (0 + 4) / 2, P1 3 (R3 only); R2 not assessable.
    assert assessed == {"O1": 3.0, "F1": 4.0, "F2": 3.0, "K1": 2.0, "P1": 3.0}
    assert len(figures.fidelity_principles) == 19
    # Per rally: R1 objectives 4, format (4 + 2) / 2 = 3, key figures 0; R3 objectives 2, format 4,
    # key figures 4, public 3. Season: mean of the rallies' heading means.
    assert figures.fidelity_headings == {
        "objectives": 3.0,
        "format": 3.5,
        "companies": None,
        "key_figures": 2.0,
        "public": 3.0,
        "communication": None,
        "reporting": None,
    }
    # R1: (4 + 4 + 2 + 0) / 4 = 2.5; R3: (2 + 4 + 4 + 4 + 3) / 5 = 3.4; (2.5 + 3.4) / 2.
    assert figures.fidelity_overall == pytest.approx(2.95)


def test_questionnaires(figures: SeasonFigures) -> None:
    # Both answers: P1 and P6 (P4 is absent, P5 answered before only, P7 after only).
    assert figures.survey_pairs == 2
    assert [(c.question.key, c.pairs, c.before_mean, c.after_mean) for c in figures.survey] == [
        ("companies_open", 2, 1.5, 3.5),  # P1 2 → 4, P6 1 → 3
        ("companies_known", 2, 1.5, 2.5),  # 1 → 3, 2 → 2
        ("confidence", 2, 2.5, 3.5),  # 2 → 3, 3 → 4
        ("isolation", 2, 3.5, 2.5),  # 4 → 2, 3 → 3
        ("network", 2, 1.5, 2.5),  # 1 → 3, 2 → 2
    ]
    assert figures.intentions_before == {"apply": 0, "training": 0, "business": 0, "think": 1, "unsure": 1}
    assert figures.intentions_after == {"apply": 1, "training": 1, "business": 0, "think": 0, "unsure": 0}
    # Counted companies that answered: Industrie (R1), Santé (R2), Commerce (R3); Transport (R1,
    # not visited) is left out.
    assert figures.company_feedback == 3
    assert figures.company_means == {"seekers_motivated": 3.0, "view_changed": pytest.approx(8 / 3)}  # 4 3 2; 3 1 4
    assert figures.company_choices == {
        "would_hire": {"yes": 1, "maybe": 1, "no": 1},
        "again": {"yes": 2, "maybe": 1, "no": 0},
    }


def test_every_figure_is_a_plain_value(figures: SeasonFigures) -> None:
    allowed = (int, float, str, dict, tuple, SolutionRate, type(None))
    for field in dataclasses.fields(figures):
        assert isinstance(getattr(figures, field.name), allowed), field.name


def test_figures_by_year_and_by_structure() -> None:
    by_year = figures_by(season(), "year")
    assert list(by_year) == ["2025", "2026"]
    # 2025: R1 and R2, present P1 P2 P3 P5 P6; 4 outcomes recorded (P5's is not), 3 solutions.
    assert (by_year["2025"].rallies, by_year["2025"].participants, by_year["2025"].women) == (2, 5, 3)
    assert by_year["2025"].solution == SolutionRate(counted=4, solutions=3, lost=1, not_recorded=1)
    # 2026: R3, present P7 (38) and P8 (27).
    assert (by_year["2026"].rallies, by_year["2026"].participants, by_year["2026"].age_mean) == (1, 2, 32.5)
    assert by_year["2026"].fidelity_overall == pytest.approx(3.4)
    by_structure = figures_by(season(), "structure")
    assert {name: f.participants for name, f in by_structure.items()} == {ALPHA: 5, BETA: 2}
    assert figures_by(season(), lambda record: record.name[:6]).keys() == {"Rallye"}


def test_no_rally_gives_empty_figures() -> None:
    empty = season_figures([])
    assert (empty.rallies, empty.participants, empty.companies) == (0, 0, 0)
    assert empty.age_mean is None and empty.below_baccalaureate_share is None and empty.fidelity_overall is None
    assert empty.solution.rate is None


def test_a_company_in_several_rallies_counts_once() -> None:
    records = season()
    same = "E-boulangerie"
    first, second, third = records
    # R1's Industrie company and R3's Commerce one are one company (same SIRET): counted once, as
    # hiring since it hired in R3; R3's Hôtellerie company, known to one rally only, stays apart.
    records = [
        dataclasses.replace(
            first, companies=(dataclasses.replace(first.companies[0], identity=same), *first.companies[1:])
        ),
        second,
        dataclasses.replace(
            third, companies=(dataclasses.replace(third.companies[0], identity=same), *third.companies[1:])
        ),
    ]
    assert first.companies[0].hiring and third.companies[0].hiring
    figures = season_figures(records)
    assert figures.companies == 5
    assert dict(figures.sectors) == {"Industrie": 2, "Commerce": 1, "Hôtellerie": 1, "Santé": 1}
    assert figures.hiring_companies == 2  # the merged company, Santé (R2)
    assert figures.company_feedback == season_figures(season()).company_feedback  # feedback counts per rally
