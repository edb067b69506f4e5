"""``rallye documents``: files written, messages in French, exit 2 on invalid input."""

from __future__ import annotations

from pathlib import Path

import pytest

from rallye.cli.main import DOCUMENT_KINDS, EXIT_INVALID, EXIT_OK, main
from rallye.documents import KINDS
from tests.documents.conftest import EXAMPLE, read_pdf


def test_cli_kinds_are_the_document_kinds() -> None:
    assert tuple(KINDS) == DOCUMENT_KINDS


def test_documents_command_writes_the_chosen_kinds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "documents",
            str(EXAMPLE / "rally.json"),
            str(EXAMPLE / "plan.json"),
            "--out",
            str(tmp_path),
            "--kind",
            "funder",
            "--kind",
            "overview",
        ]
    )
    assert code == EXIT_OK
    assert sorted(p.name for p in tmp_path.iterdir()) == ["documents.zip", "fiche-action.pdf", "planning.pdf"]
    out = capsys.readouterr().out
    assert "écrits" in out and "fiche-action.pdf" in out and "documents.zip" in out
    assert len(read_pdf(tmp_path / "fiche-action.pdf").pages) == 3


def test_documents_command_rejects_a_missing_plan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["documents", str(EXAMPLE / "rally.json"), str(tmp_path / "absent.json"), "--out", str(tmp_path)])
    assert code == EXIT_INVALID
    assert "introuvable" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_documents_command_rejects_an_unknown_kind(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["documents", str(EXAMPLE / "rally.json"), str(EXAMPLE / "plan.json"), "--out", "x", "--kind", "menu"])
    assert exit_.value.code == EXIT_INVALID
