"""One rally's fidelity grid as a PDF: every principle with its score, evidence and comment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rallye.domain.fidelity import PRINCIPLES
from rallye.reporting.reports import FidelityLine, fidelity_grid_pdf
from tests.documents.conftest import flat, pdf_objects
from tests.reporting.pdf_text import layout_text

SCORES = {"O1": 4, "F1": 4, "F2": 2, "K1": 0, "P1": 3}
"""Objectives 4; format (4 + 2) / 2 = 3; key figures 0; public 3: overall (4 + 4 + 2 + 0 + 3) / 5 = 2,6."""


CONFIRMED = {"O1", "K1"}


def lines(confirmed: set[str] | frozenset[str] = CONFIRMED) -> list[FidelityLine]:
    return [
        FidelityLine(
            code=p.code,
            heading=p.heading.label,
            principle=p.text,
            score=SCORES.get(p.code),
            evidence=f"Constat {p.code}",
            comment="Confirmé en comité" if p.code == "K1" else "",
            confirmed=p.code in confirmed,
        )
        for p in PRINCIPLES
    ]


def grid_text(tmp_path: Path, grid: list[FidelityLine]) -> str:
    path = tmp_path / "grille.pdf"
    path.write_bytes(fidelity_grid_pdf("Rallye d'Annecy", "MIFE Alpha", grid, today=dt.date(2026, 5, 4)))
    return layout_text(path)


def test_grid_pdf_lists_every_principle_with_its_score(tmp_path: Path) -> None:
    path = tmp_path / "grille.pdf"
    path.write_bytes(fidelity_grid_pdf("Rallye d'Annecy", "MIFE Alpha", lines(), today=dt.date(2026, 5, 4)))
    text = layout_text(path)
    assert flat("Rallye d'Annecy · MIFE Alpha · document établi le 4 mai 2026") in text
    assert flat("Note d'ensemble : 2,6 sur 4.") in text
    assert flat("Respect du format du rallye 3") in text  # the heading means
    assert flat("Respect des chiffres clés du rallye 0") in text
    for principle in PRINCIPLES:
        assert f"Constat {principle.code}" in text
    assert flat("F1 Organisé sur deux ou trois jours 4/4 * Constat F1") in text  # the principle's text wraps
    assert flat("K1 Avoir entre 15 et 30 0/4 Constat K1 Confirmé en comité") in text
    assert flat("R3 S'inscrire dans une démarche non évaluable à ce stade * Constat R3") in text
    # The chart: a principle's label, cut, with its value at the end of its bar.
    assert flat("F1 Organisé sur deux ou trois jours… 4/4") in text
    assert flat("R3 S'inscrire dans une démarche d'am… non évaluable") in text
    objects = pdf_objects(path.read_bytes())
    assert b"/Lang (fr)" in objects and b"/StructTreeRoot" in objects


def test_scores_nobody_confirmed_are_marked_and_said(tmp_path: Path) -> None:
    text = grid_text(tmp_path, lines())
    assert (
        flat(
            "2 notes sur 19 ont été confirmées par la fédération ou un évaluateur ; les 17 autres, marquées "
            "d'un astérisque (*), sont celles que proposent les données du rallye, pas encore confirmées."
        )
        in text
    )
    assert flat("O1 Permettre une découverte mutuelle 4/4 Constat O1") in text  # confirmed: no mark
    assert flat("* Note proposée par les données du rallye, pas encore confirmée") in text


def test_a_grid_nobody_confirmed_claims_no_confirmation(tmp_path: Path) -> None:
    text = grid_text(tmp_path, lines(confirmed=frozenset()))
    assert flat("Aucune note n'a encore été confirmée : toutes sont celles que proposent les données du rallye") in text
    assert "ont été confirmées" not in text and "confirmées ou modifiées" not in text
    assert flat("0/4 * Constat K1") in text


def test_a_grid_confirmed_throughout_has_no_mark(tmp_path: Path) -> None:
    text = grid_text(tmp_path, lines(confirmed={p.code for p in PRINCIPLES}))
    assert flat("Les 19 notes ont été confirmées ou changées par la fédération ou un évaluateur.") in text
    assert "*" not in text
