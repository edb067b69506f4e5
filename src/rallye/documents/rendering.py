"""Render the documents: Jinja2 templates (autoescaped) → HTML → tagged PDF with WeasyPrint.

WeasyPrint is CPU-bound and single-threaded. One process already renders every document of a
30-participant rally in about 5.5 s (target: 15 s, see docs/benchmarks.md), so
:func:`write_documents` renders in the calling process by default; ``workers=2`` renders the
kinds in a pool of two processes, which the command line uses. The processes are spawned, not
forked: forking a process that runs threads (the web worker, a test server) may deadlock; each
spawned process pays for importing WeasyPrint again (about a second).

Every URL a document holds goes through :func:`safe_url_fetcher`: only ``data:`` URLs and the
files of Rallye's own package are read. A logo or a text typed by a user can therefore never
pull a file of the server (``file:///etc/passwd``) nor an internal address into a PDF; such a
reference is left out, with a warning in the log."""

from __future__ import annotations

import dataclasses
import io
import logging
import multiprocessing
import os
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import jinja2
from markupsafe import Markup, escape

from rallye import phones
from rallye.documents import company, convocation, diploma, funder, overview, roadbook
from rallye.documents.common import letterhead, qr_svg_uri
from rallye.domain.challenges import Playful, starter_playful
from rallye.domain.plan import Plan
from rallye.domain.rally import Rally


@dataclass(frozen=True)
class Kind:
    name: str
    title: str
    file: str
    template: str
    context: Callable[[Rally, Plan, Playful], dict[str, Any]]


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("roadbook", "Carnets de route des équipes", "carnets-de-route.pdf", "roadbook.html", roadbook.context),
        Kind("company", "Fiches entreprises", "fiches-entreprises.pdf", "company.html", company.context),
        Kind(
            "convocation",
            "Convocations des participants",
            "convocations.pdf",
            "convocation.html",
            lambda rally, plan, _playful: convocation.context(rally, plan),
        ),
        Kind(
            "overview",
            "Planning d'ensemble",
            "planning.pdf",
            "overview.html",
            lambda rally, plan, _playful: overview.context(rally, plan),
        ),
        Kind("diploma", "Diplômes de clôture", "diplomes.pdf", "diploma.html", diploma.context),
        Kind("funder", "Fiche action pour les financeurs", "fiche-action.pdf", "funder.html", funder.context),
    )
}
ARCHIVE = "documents.zip"

TEAM_FILES = {"roadbook": "carnet-de-route", "convocation": "convocations", "diploma": "diplomes"}
"""The kinds made of one part per team, and the start of a team's file name (in French)."""


def team_plan(plan: Plan, team_id: str) -> Plan | None:
    """The plan reduced to one team, to print that team's documents (``None``: no such team)."""
    team = next((t for t in plan.teams if t.id == team_id), None)
    return None if team is None else dataclasses.replace(plan, teams=(team,))


def team_file(kind: str, team_name: str) -> str:
    """``carnet-de-route-equipe-1.pdf``: the kind and the team, in plain letters."""
    plain = unicodedata.normalize("NFKD", team_name).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "equipe"
    return f"{TEAM_FILES[kind]}-{slug}.pdf"


logger = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parents[1]
STATIC_ROOTS = (PACKAGE_DIR / "documents" / "templates", PACKAGE_DIR / "www" / "static", PACKAGE_DIR / "reporting")
"""The folders of Rallye's package whose files a document may show (styles, images)."""


def safe_url_fetcher() -> Any:
    """A WeasyPrint URL fetcher that reads ``data:`` URLs and Rallye's own files
    (:data:`STATIC_ROOTS`) and refuses anything else: other local files, ``http(s)``, ``ftp``…
    WeasyPrint renders the document without what is refused. (Built on first use: importing
    WeasyPrint takes a second, which ``rallye --help`` need not pay.)"""
    from weasyprint.urls import URLFetcher

    class SafeURLFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint has no type hints
        def fetch(self, url: str, headers: Any = None) -> Any:
            if allowed_url(url):
                return super().fetch(url, headers)
            logger.warning("Document: reference left out (only data: URLs and Rallye's files are read): %.200s", url)
            raise ValueError("reference refused by Rallye's URL fetcher")

    return SafeURLFetcher(allowed_protocols=("data", "file"), allow_redirects=False)


def allowed_url(url: str) -> bool:
    """``data:`` URLs, and ``file:`` URLs of a file inside :data:`STATIC_ROOTS`."""
    scheme = url.split(":", 1)[0].lower()
    if scheme == "data":
        return True
    if scheme != "file":
        return False
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        return False
    path = Path(unquote(parts.path)).resolve()
    return path.is_file() and any(path.is_relative_to(root) for root in STATIC_ROOTS)


def tel_link(number: str) -> Markup:
    """A phone number as a link that dials it, in the PDF too (``tel:+33612345678``)."""
    uri = phones.tel_uri(number)
    if uri is None:
        return escape(number)
    return Markup('<a href="{}">{}</a>').format(uri, phones.tidy(number))


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("rallye.documents", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["tel"] = tel_link
    environment.filters["qr"] = qr_svg_uri
    return environment


Practical = Mapping[str, Sequence[tuple[str, str]]]
"""Company id → the practical information of its site, as (label, text): access, parking,
entrance, safety shoes. It is not part of the rally file (its format admits no extra field): the
web passes what the structure's company directory holds; the command line has none."""

TeamLinks = Mapping[str, str]
"""Vehicle id → the address of its team's private page (the accompanier's phone), printed as a
QR code on the first page of the team's roadbook. The web passes them; the command line has none."""


def render_html(
    kind: str,
    rally: Rally,
    plan: Plan,
    logo_path: Path | None = None,
    practical: Practical | None = None,
    playful: Playful | None = None,
    team_links: TeamLinks | None = None,
) -> str:
    """``playful``: the challenges, scores and prizes the web keeps for the rally; without it
    (the command line: a rally file names no challenge), the starter repertoire's challenges."""
    spec = KINDS[kind]
    template = _environment().get_template(spec.template)
    if playful is None:
        playful = starter_playful(rally, plan)
    return template.render(
        title=spec.title,
        head=letterhead(rally, logo_path),
        practical=practical or {},
        team_links=team_links or {},
        **spec.context(rally, plan, playful),
    )


def html_to_pdf(html: str) -> bytes:
    """A tagged PDF (structure tree, ``lang`` of the page) for screen readers; shared by every
    printable of Rallye (documents and reports)."""
    import weasyprint

    pdf = weasyprint.HTML(string=html, url_fetcher=safe_url_fetcher()).write_pdf(pdf_tags=True)
    assert isinstance(pdf, bytes)
    return pdf


def render(
    kind: str,
    rally: Rally,
    plan: Plan,
    logo_path: Path | None = None,
    practical: Practical | None = None,
    playful: Playful | None = None,
    team_links: TeamLinks | None = None,
) -> bytes:
    """One document kind as a tagged PDF (``lang="fr"``), every team, company or person in it."""
    return html_to_pdf(render_html(kind, rally, plan, logo_path, practical, playful, team_links))


def convocation_pdf(rally: Rally, plan: Plan, person: str, logo_path: Path | None = None) -> bytes | None:
    """One participant's convocation (``person``: their id), to attach to a message; ``None``
    when the person is in no team of the plan."""
    found = convocation.context(rally, plan, person)
    if not found["convocations"]:
        return None
    spec = KINDS["convocation"]
    template = _environment().get_template(spec.template)
    return html_to_pdf(template.render(title=spec.title, head=letterhead(rally, logo_path), **found))


def logo_of(rally: Rally, base_dir: Path | None = None) -> Path | None:
    """The rally's ``logo`` as a local path (relative to ``base_dir``); ``None`` for a URL or none."""
    if not rally.logo or "://" in rally.logo:
        return None
    path = Path(rally.logo).expanduser()
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    return path


def _render_to(
    kind: str,
    rally: Rally,
    plan: Plan,
    logo_path: Path | None,
    out_dir: Path,
    practical: Practical | None = None,
    playful: Playful | None = None,
    team_links: TeamLinks | None = None,
) -> Path:
    path = out_dir / KINDS[kind].file
    path.write_bytes(render(kind, rally, plan, logo_path, practical, playful, team_links))
    return path


def write_documents(
    rally: Rally,
    plan: Plan,
    out_dir: Path,
    kinds: Iterable[str] | None = None,
    *,
    logo_path: Path | None = None,
    workers: int = 1,
    practical: Practical | None = None,
    playful: Playful | None = None,
    team_links: TeamLinks | None = None,
) -> list[Path]:
    """Write one PDF per kind in ``out_dir`` and ``documents.zip`` with all of them.

    ``logo_path`` defaults to the rally's ``logo`` (relative to the working directory);
    ``workers`` above 1 renders the kinds in that many processes.
    Returns the files written, the archive last."""
    chosen = list(dict.fromkeys(kinds)) if kinds is not None else list(KINDS)
    unknown = [k for k in chosen if k not in KINDS]
    if unknown:
        raise ValueError(f"unknown document kinds: {', '.join(unknown)}")
    logo = logo_path if logo_path is not None else logo_of(rally)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = _render_all(chosen, rally, plan, logo, out_dir, workers, practical, playful, team_links)
    archive = out_dir / ARCHIVE
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in paths:
            zipped.write(path, path.name)
    archive.write_bytes(buffer.getvalue())
    return [*paths, archive]


def _render_all(
    kinds: Sequence[str],
    rally: Rally,
    plan: Plan,
    logo: Path | None,
    out_dir: Path,
    workers: int,
    practical: Practical | None = None,
    playful: Playful | None = None,
    team_links: TeamLinks | None = None,
) -> list[Path]:
    workers = min(workers, len(kinds), os.cpu_count() or 1)
    if playful is None:
        playful = starter_playful(rally, plan)
    if workers <= 1:
        return [_render_to(kind, rally, plan, logo, out_dir, practical, playful, team_links) for kind in kinds]
    # The slowest kinds first, so that the two processes finish together.
    order = sorted(kinds, key=lambda k: _COST.get(k, 0), reverse=True)
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {
            kind: pool.submit(_render_to, kind, rally, plan, logo, out_dir, practical, playful, team_links)
            for kind in order
        }
        return [futures[kind].result() for kind in kinds]


_COST = {"roadbook": 5, "company": 3, "overview": 2, "convocation": 2, "diploma": 2, "funder": 1}
"""Rough relative rendering times, measured on the Annecy example."""
