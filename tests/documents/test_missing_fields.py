"""A rally without logo, company contacts or addresses renders cleanly; a logo on disk is embedded."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from rallye.documents import logo_of, render, render_html
from rallye.documents.common import MISSING, directions_url
from rallye.domain.plan import Plan
from rallye.domain.rally import Rally
from tests.documents.conftest import flat, read_pdf

Annecy = tuple[Rally, Plan]
SVG_LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20"/></svg>'


def _bare(rally: Rally) -> Rally:
    companies = tuple(replace(c, contact=None, address="") for c in rally.companies)
    vehicles = tuple(replace(v, accompanier=None) for v in rally.vehicles)
    return replace(rally, logo="nowhere/logo.png", organiser="", companies=companies, vehicles=vehicles)


def test_rally_without_logo_nor_contacts_renders(annecy: Annecy, tmp_path: Path) -> None:
    rally, plan = annecy
    bare = _bare(rally)
    logo = logo_of(bare, tmp_path)
    assert logo == tmp_path / "nowhere" / "logo.png"
    for kind in ("roadbook", "company", "overview"):
        html = render_html(kind, bare, plan, logo)
        assert '<img src="data:image/png' not in html and 'alt="Logo' not in html
        path = tmp_path / f"{kind}.pdf"
        path.write_bytes(render(kind, bare, plan, logo))
        pdf = read_pdf(path)
        assert all(page.strip() for page in pdf.pages)
        assert flat(MISSING) in pdf.text
        assert "None" not in pdf.text
    first = rally.company(plan.teams[0].visits[0].company)
    assert flat(first.name) in read_pdf(tmp_path / "roadbook.pdf").text


def test_logo_on_disk_is_embedded(annecy: Annecy, tmp_path: Path) -> None:
    rally, plan = annecy
    (tmp_path / "logo.svg").write_text(SVG_LOGO, encoding="utf-8")
    logo = logo_of(replace(rally, logo="logo.svg"), tmp_path)
    html = render_html("funder", rally, plan, logo)
    assert 'src="data:image/svg+xml;base64,' in html
    assert render("funder", rally, plan, logo).startswith(b"%PDF")


def test_logo_given_as_url_is_not_fetched(annecy: Annecy) -> None:
    rally, _ = annecy
    assert logo_of(replace(rally, logo="https://example.fr/logo.png")) is None


def test_names_are_escaped(annecy: Annecy) -> None:
    rally, plan = annecy
    odd = replace(rally, name="Rallye <b>gras</b> & co")
    html = render_html("overview", odd, plan)
    assert "Rallye &lt;b&gt;gras&lt;/b&gt; &amp; co" in html


def test_directions_link_opens_openstreetmap_at_the_place() -> None:
    assert directions_url(45.9021, 6.0985) == "https://www.openstreetmap.org/directions?to=45.90210,6.09850"
