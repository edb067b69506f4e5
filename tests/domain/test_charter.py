"""The charter defined once: its rules by code, their texts written from their figures, and every
other place (checker, fidelity grid, planner, defaults, template, schema) reading them."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from rallye.domain import charter
from rallye.domain.charter import RULES, Enforcement, Range
from rallye.domain.compliance import CHECKED_CODES, RULE_CHECKS
from rallye.domain.fidelity import PRINCIPLES
from rallye.domain.rally import VisitsPerTeam
from rallye.formats.rally_xlsx import _TEMPLATE_DEFAULTS
from rallye.formats.schemas import RALLY_SCHEMA, load_schema
from rallye.rallies.models import Rally as StoredRally

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "rallye"
FIGURES = {name: value for name, value in vars(charter).items() if isinstance(value, Range)}


def test_the_registry_holds_the_charter_by_code() -> None:
    assert list(RULES) == [
        *("F1", "F2", "F3", "F4", "E1"),
        *("K1", "K2", "K3", "K4", "K5"),
        *("P1", "P2", "C1", "R1", "R2", "R3"),
    ]
    assert all(code == rule.code for code, rule in RULES.items())
    hard = {code for code, rule in RULES.items() if rule.kind is Enforcement.HARD}
    assert hard == {"E1", "K2", "K3", "K4", "K5"}


def test_texts_are_written_from_the_figures() -> None:
    assert RULES["K1"].text == "Avoir entre 15 et 30 participants"
    assert RULES["K2"].text == "Former des équipes de 3 à 8 personnes"
    assert RULES["K4"].text == "Chaque participant visite entre 6 et 8 entreprises"
    assert RULES["F1"].text == "Organisé sur deux ou trois jours consécutifs"
    assert RULES["F2"].text == "Entre un jour et demi et deux jours consacrés aux visites d'entreprises"
    assert RULES["F3"].text == "Une demi-journée à une journée réservée aux retours d'expérience"
    assert RULES["K5"].text == "Au moins six entreprises mobilisées"
    assert RULES["K2"].figures == (charter.TEAM_SIZE,)
    assert charter.mention("K4") == "la règle K4 de la charte (« Chaque participant visite entre 6 et 8 entreprises »)"


def test_the_checker_and_the_grid_speak_the_registry() -> None:
    for check in RULE_CHECKS:
        if not check.code.startswith("H"):
            assert check.label == RULES[check.code].label
    assert {"F1", "F2", "F3", "F4", "E1", "K1", "K2", "K3", "K4", "K5", "P2"} <= CHECKED_CODES
    grid = {p.code: p for p in PRINCIPLES}
    for code, rule in RULES.items():
        assert (code in grid) is rule.in_grid
        if rule.in_grid:
            assert (grid[code].heading, grid[code].text) == (rule.heading, rule.text)


def test_defaults_read_the_charter() -> None:
    wanted = charter.VISITS_PER_PARTICIPANT
    assert (VisitsPerTeam().min, VisitsPerTeam().max) == (wanted.min, wanted.max)
    fields = {f.name: f.default for f in StoredRally._meta.get_fields() if hasattr(f, "default")}
    assert (fields["visits_min"], fields["visits_max"]) == (wanted.min, wanted.max)
    template = (_TEMPLATE_DEFAULTS[("visits_per_team", "min")], _TEMPLATE_DEFAULTS[("visits_per_team", "max")])
    assert template == (wanted.min, wanted.max)


def test_the_static_schema_agrees_with_the_charter() -> None:
    schema = load_schema(RALLY_SCHEMA)
    visits = schema["$defs"]["rally"]["properties"]["visits_per_team"]
    wanted = charter.VISITS_PER_PARTICIPANT
    assert (visits["properties"]["min"]["default"], visits["properties"]["max"]["default"]) == (wanted.min, wanted.max)
    assert wanted.fr() in visits["description"].replace(" to ", " à ")


def _phrases() -> re.Pattern[str]:
    """How a charter range is written in prose or code: ``3 à 8``, ``3-8``, ``entre 15 et 30``…"""
    forms = []
    for figure in FIGURES.values():
        low, high = figure.min, figure.max
        forms += [rf"\b{low} (?:à|to|and|et) {high}\b", rf"\b{low}-{high}\b", rf"\bentre {low} et {high}\b"]
    return re.compile("|".join(forms))


def _written_figures(path: Path) -> list[str]:
    """Where a module writes a charter figure itself instead of reading ``rallye.domain.charter``."""
    found = []
    phrases = _phrases()
    key_figures = (charter.PARTICIPANTS, charter.TEAM_SIZE, charter.VISITS_PER_PARTICIPANT)
    literal = {n for figure in key_figures for n in (figure.min, figure.max)} | {charter.MIN_COMPANIES}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and (match := phrases.search(node.value)):
            found.append(f"{path.name}:{node.lineno} « {match.group(0)} »")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute):
            name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
            if name in ("Range", "VisitsPerTeam") and any(isinstance(a, ast.Constant) for a in node.args):
                found.append(f"{path.name}:{node.lineno} {ast.unparse(node)}")
        if (
            isinstance(node, ast.keyword)
            and node.arg in ("default", "initial", "min_value", "max_value")
            and isinstance(node.value, ast.Constant)
            and node.value.value in literal
            and type(node.value.value) is int
        ):
            found.append(f"{path.name}:{node.value.lineno} {node.arg}={node.value.value}")
    return found


def test_charter_figures_are_written_once() -> None:
    modules = [p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts and p != PACKAGE / "domain/charter.py"]
    assert len(modules) > 100
    assert [where for path in modules for where in _written_figures(path)] == []


def test_the_figure_finder_finds_figures(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        'HELP = "La charte demande 6 à 8 visites"\nsize = Range(3, 8)\nfield(default=6)\n', encoding="utf-8"
    )
    assert len(_written_figures(sample)) == 3
