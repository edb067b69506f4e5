"""Render the Annecy example's documents once for the whole package, and read them back as text
with pdftotext (Debian's poppler-utils)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from rallye.documents import write_documents
from rallye.domain.plan import Plan
from rallye.domain.rally import Rally
from rallye.formats.load import load_plan, load_rally

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "annecy-2027"


@dataclass(frozen=True)
class Pdf:
    path: Path
    pages: list[str]
    """The text of each page, normalised by :func:`flat`."""

    @property
    def text(self) -> str:
        return " ".join(self.pages)

    def sections(self, marker: str) -> list[str]:
        """The text cut before each occurrence of ``marker`` (the first piece, before it, dropped)."""
        marker = flat(marker)
        return [marker + part for part in self.text.split(marker)[1:]]


def pdftotext_path() -> str:
    path = shutil.which("pdftotext")
    if path is None:
        message = "pdftotext is missing: install it with `apt-get install -y poppler-utils`"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def read_pdf(path: Path) -> Pdf:
    completed = subprocess.run(
        [pdftotext_path(), "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True, timeout=60
    )
    pages = completed.stdout.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return Pdf(path, [flat(page) for page in pages])


def flat(text: str) -> str:
    """Whitespace collapsed and hyphens dropped: pdftotext joins a word cut at its hyphen at the
    end of a line (« hôtel-⏎restaurant » → « hôtelrestaurant »), so expected texts go through
    this too."""
    return " ".join(text.replace("-", "").split())


def pdf_objects(data: bytes) -> bytes:
    """The PDF's bytes with every Flate stream inflated: the catalog may sit in an object stream."""
    inflated = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.DOTALL):
        try:
            inflated.append(zlib.decompressobj().decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(inflated)


@pytest.fixture(scope="session")
def annecy() -> tuple[Rally, Plan]:
    return load_rally(EXAMPLE / "rally.json"), load_plan(EXAMPLE / "plan.json")


@pytest.fixture(scope="session")
def documents(annecy: tuple[Rally, Plan], tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    pdftotext_path()
    rally, plan = annecy
    out = tmp_path_factory.mktemp("documents")
    paths = write_documents(rally, plan, out)
    yield {path.name: path for path in paths}
