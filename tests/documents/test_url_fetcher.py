"""Documents read only data: URLs and Rallye's own files: a logo or a text typed by a user cannot
pull a file of the server, nor make the server call an address, into a PDF."""

from __future__ import annotations

import http.server
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from rallye.documents import render
from rallye.documents.rendering import PACKAGE_DIR, allowed_url
from rallye.domain.plan import Plan
from rallye.domain.rally import Rally
from tests.documents.conftest import read_pdf
from tests.stub_server import serving

Annecy = tuple[Rally, Plan]
SECRET = "MOT-DE-PASSE-DU-SERVEUR-4242"


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: list[str]

    def do_GET(self) -> None:
        self.seen.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A web server on 127.0.0.1 that records every request it receives."""
    seen: list[str] = []
    handler = type("Recorder", (_Recorder,), {"seen": seen})
    with serving(handler) as url:
        yield url, seen


@pytest.fixture
def secrets(tmp_path: Path) -> tuple[Path, Path]:
    """A text file and a 7 × 3 image of the server's, which no document may show."""
    text = tmp_path / "secret.txt"
    text.write_text(SECRET, encoding="utf-8")
    image = tmp_path / "secret.png"
    Image.new("RGB", (7, 3), "red").save(image)
    return text, image


def images_of(pdf: Path) -> list[tuple[int, int]]:
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True, timeout=60)
    return [(int(line.split()[3]), int(line.split()[4])) for line in listing.stdout.splitlines()[2:]]


SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="200" height="60">'
LOGOS = {
    "image of the server": SVG + '<image href="file://{image}" width="70" height="30"/></svg>',
    "system file": SVG + '<image href="file:///etc/passwd" width="70" height="30"/></svg>',
    "image of a web address": SVG + '<image xlink:href="{url}/logo.png" width="70" height="30"/></svg>',
    "style of a web address": SVG + '<style>@import url("{url}/style.css");</style><rect width="9" height="9"/></svg>',
    "external entity": '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY secret SYSTEM "file://{text}">]>'
    + SVG
    + '<text x="0" y="20">Logo &secret;</text></svg>',
}


@pytest.mark.parametrize("svg", LOGOS.values(), ids=LOGOS.keys())
def test_a_logo_referencing_local_files_or_urls_leaks_nothing(
    svg: str, annecy: Annecy, tmp_path: Path, secrets: tuple[Path, Path], server: tuple[str, list[str]]
) -> None:
    rally, plan = annecy
    text, image = secrets
    url, seen = server
    logo = tmp_path / "logo.svg"
    logo.write_text(svg.format(image=image, url=url, text=text), encoding="utf-8")
    pdf = tmp_path / "fiche.pdf"

    pdf.write_bytes(render("funder", rally, plan, logo))

    content = read_pdf(pdf).text
    assert SECRET not in content and "root:" not in content
    assert (7, 3) not in images_of(pdf)
    assert seen == []


def test_a_user_text_with_html_references_leaks_nothing(
    annecy: Annecy, tmp_path: Path, secrets: tuple[Path, Path], server: tuple[str, list[str]]
) -> None:
    rally, plan = annecy
    text, image = secrets
    url, seen = server
    typed = f'<img src="file://{image}"><img src="{url}/pixel.png"><iframe src="file://{text}"></iframe>'
    pdf = tmp_path / "fiche.pdf"

    pdf.write_bytes(render("funder", replace(rally, organiser=typed, name=f"Rallye {typed}"), plan))

    content = read_pdf(pdf).text
    assert "<img src=" in content  # shown as the text it is
    assert SECRET not in content and (7, 3) not in images_of(pdf) and seen == []


def test_only_data_urls_and_rallyes_own_files_are_read(secrets: tuple[Path, Path]) -> None:
    own = PACKAGE_DIR / "documents" / "templates" / "print.css"
    assert allowed_url("data:image/png;base64,iVBORw0KGgo=")
    assert allowed_url(own.as_uri())
    assert not allowed_url(secrets[0].as_uri())
    assert not allowed_url("file:///etc/passwd")
    assert not allowed_url(f"file://{PACKAGE_DIR}/documents/templates/../../../../etc/passwd")
    assert not allowed_url("http://127.0.0.1:8000/admin/")
    assert not allowed_url("https://example.org/logo.png")
    assert not allowed_url("ftp://127.0.0.1/logo.png")
