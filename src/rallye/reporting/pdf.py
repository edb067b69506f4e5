"""Reports as tagged French PDFs: Jinja2 templates (autoescaped) → HTML → WeasyPrint, with the print
style of the rally documents (``rallye/documents/templates/print.css``) and the SVG charts inline."""

from __future__ import annotations

from functools import cache

import jinja2
from markupsafe import Markup

from rallye.documents.rendering import html_to_pdf
from rallye.reporting.content import Euros, Report, Share, cell_text


@cache
def environment() -> jinja2.Environment:
    """Templates of the reports, then those of the documents (for their shared ``print.css``)."""
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.PackageLoader("rallye.reporting", "templates"),
                jinja2.PackageLoader("rallye.documents", "templates"),
            ]
        ),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["cell"] = cell_text
    # Charts are built by rallye.reporting.charts, which escapes every text it writes.
    env.filters["svg"] = Markup
    env.tests["numeric"] = lambda value: isinstance(value, int | float | Share | Euros) and not isinstance(value, bool)
    return env


def report_html(report: Report) -> str:
    """The report as one printable HTML page (also what the PDF is made from)."""
    half = (len(report.key_figures) + 1) // 2
    left, right = report.key_figures[:half], report.key_figures[half:]
    key_rows = [(figure, right[index] if index < len(right) else None) for index, figure in enumerate(left)]
    return environment().get_template("report.html").render(report=report, key_rows=key_rows)


def report_pdf(report: Report) -> bytes:
    return html_to_pdf(report_html(report))
