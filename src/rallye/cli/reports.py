"""``rallye report federation|ansa|funders [--year AAAA] --out DOSSIER``: the reports of each
federation of the database, as PDF and XLSX.

- ``federation``: one report per federation on its rallies;
- ``ansa``: one report per structure whose first rally is among them;
- ``funders``: one report per funder (by name) of those rallies.

``--year`` keeps the rallies whose first day falls in that year. When the database holds several
federations, each file name starts with the federation's name. Reports hold no personal data
(figures only, no name), so nothing is written to the personal-data log.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from rallye.evaluation.records import rally_records
from rallye.organisations.models import Federation
from rallye.rallies.models import Rally
from rallye.reporting.records import RallyRecord
from rallye.reporting.reports import (
    REPORT_YEARS,
    Report,
    ansa_report,
    federation_report,
    funder_report,
    report_filename,
    report_pdf,
    report_xlsx,
    slug,
)

EXIT_OK = 0
EXIT_INVALID = 2


def write_reports(kind: str, year: int | None, out: Path, *, today: dt.date | None = None) -> int:
    if year is not None and year not in REPORT_YEARS:
        print(
            f"Année invalide : {year}. Donnez l'année des rallyes sur quatre chiffres, par exemple --year "
            f"{dt.date.today().year}, ou aucune année pour tous les rallyes.",
            file=sys.stderr,
        )
        return EXIT_INVALID
    federations = list(Federation.objects.order_by("name"))
    written: list[Path] = []
    for federation in federations:
        rallies = Rally.objects.filter(structure__federation=federation).select_related("structure")
        records = [r for r in rally_records(rallies, today) if year is None or r.year == year]
        reports = _reports(kind, records, federation.name, year, today)
        if not reports:
            print(f"{federation.name} : {_nothing(kind, bool(records), year)} ; aucun bilan écrit.")
            continue
        prefix = f"{slug(federation.name)}-" if len(federations) > 1 else ""
        for report in reports:
            written.extend(_write(report, out, prefix))
    if not federations:
        print("Aucune fédération dans la base : aucun bilan écrit.")
    if written:
        print(f"{len(written)} fichiers écrits dans {out}.")
    return EXIT_OK


def _reports(
    kind: str, records: Sequence[RallyRecord], federation: str, year: int | None, today: dt.date | None
) -> list[Report]:
    if not records:
        return []
    if kind == "federation":
        return [federation_report(records, federation=federation, year=year, today=today)]
    if kind == "ansa":
        structures = sorted({r.structure for r in records if r.first_of_structure})
        return [ansa_report(records, federation=federation, structure=s, today=today) for s in structures]
    if kind == "funders":
        funders = sorted({name for r in records for name in r.funders})
        return [funder_report(records, funder=name, year=year, today=today) for name in funders]
    raise ValueError(f"unknown report kind: {kind}")


def _nothing(kind: str, any_rally: bool, year: int | None) -> str:
    """Why there is nothing to report, in plain words."""
    if not any_rally:
        return f"aucun rallye en {year}" if year is not None else "aucun rallye dont le programme a des dates"
    if kind == "ansa":
        return "aucun de ces rallyes n'est le premier rallye de sa structure"
    return "aucun financeur n'est enregistré pour ces rallyes"


def _write(report: Report, out: Path, prefix: str) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    pdf = out / (prefix + report_filename(report, "pdf"))
    xlsx = out / (prefix + report_filename(report, "xlsx"))
    pdf.write_bytes(report_pdf(report))
    xlsx.write_bytes(report_xlsx(report))
    print(f"{report.title} ({report.subtitle}) :")
    print(f"  - {pdf} (PDF)")
    print(f"  - {xlsx} (classeur)")
    return [pdf, xlsx]
