"""Printable documents of a rally (an adapter: no Django here): team roadbooks, company sheets,
participant convocations, the planning overview, closing diplomas and the funder action sheet,
all in French, as tagged PDFs."""

from rallye.documents.rendering import (
    ARCHIVE,
    KINDS,
    TEAM_FILES,
    logo_of,
    render,
    render_html,
    team_file,
    team_plan,
    write_documents,
)

__all__ = [
    "ARCHIVE",
    "KINDS",
    "TEAM_FILES",
    "logo_of",
    "render",
    "render_html",
    "team_file",
    "team_plan",
    "write_documents",
]
