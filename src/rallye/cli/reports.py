"""``rallye report federation|ansa|funders [--year AAAA] --out DOSSIER``: the reports of each
federation of the database, as PDF and XLSX — the same reports as the « Bilans » page
(``rallye.evaluation.reports``), counting the rallies that have taken place only.

- ``federation``: one report per federation on its rallies;
- ``ansa``: one report per structure whose first rally has taken place (that year, with ``--year``);
- ``funders``: one report per funder of a structure (two funders of the same name in two
  structures are two reports), on the rallies it financed.

``--year`` keeps the rallies whose first day falls in that year. When the database holds several
federations, each file name starts with the federation's name. Reports hold no personal data
(figures only, no name), so nothing is written to the personal-data log.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from django.db.models import QuerySet
from django.utils import timezone

from rallye.evaluation.dates import held, rallies_of_year
from rallye.evaluation.models import Funder
from rallye.evaluation.reports import (
    NoReport,
    ansa_report_of,
    federation_report_of,
    funder_report_of,
    nothing_held,
)
from rallye.organisations.models import Federation, Structure
from rallye.rallies.models import Rally
from rallye.reporting.reports import REPORT_YEARS, Report, report_filename, report_pdf, report_xlsx, slug

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
    day = today or timezone.localdate()
    federations = list(Federation.objects.order_by("name"))
    written: list[Path] = []
    for federation in federations:
        rallies = Rally.objects.filter(structure__federation=federation)
        if not held(rallies_of_year(rallies, year), day).exists():
            print(f"{federation.name} : {nothing_held(year)} ; aucun bilan écrit.")
            continue
        prefix = f"{slug(federation.name)}-" if len(federations) > 1 else ""
        reports = []
        for who, built in _reports(kind, federation, rallies, year, day):
            if isinstance(built, NoReport):
                print(f"{who} : {built.reason} ; pas de bilan.")
            else:
                reports.append(built)
        if not reports:
            print(f"{federation.name} : {_nothing(kind, year)} ; aucun bilan écrit.")
        for report in reports:
            written.extend(_write(report, out, prefix))
    if not federations:
        print("Aucune fédération dans la base : aucun bilan écrit.")
    if written:
        print(f"{len(written)} fichiers écrits dans {out}.")
    return EXIT_OK


def _reports(
    kind: str, federation: Federation, rallies: QuerySet[Rally], year: int | None, today: dt.date
) -> list[tuple[str, Report | NoReport]]:
    """Each report of ``kind``, with who it is about; funders without any rally held that year
    are left out silently (a structure lists funders of every year)."""
    if kind == "federation":
        return [(federation.name, federation_report_of(rallies, federation=federation.name, year=year, today=today))]
    if kind == "ansa":
        structures = Structure.objects.filter(federation=federation).order_by("name")
        return [(s.name, ansa_report_of(s, today=today, year=year)) for s in structures]
    if kind == "funders":
        funders = Funder.objects.filter(structure__federation=federation).select_related("structure")
        built_reports = [
            (f"{f.name} ({f.structure.name})", funder_report_of(f, year=year, today=today))
            for f in funders.order_by("structure__name", "name")
        ]
        return [(who, built) for who, built in built_reports if isinstance(built, Report)]
    raise ValueError(f"unknown report kind: {kind}")


def _nothing(kind: str, year: int | None) -> str:
    """Why no report of ``kind`` was written although some rallies took place."""
    when = f"en {year}" if year is not None else "jusqu'ici"
    if kind == "ansa":
        return f"aucun premier rallye d'une structure n'a eu lieu {when}"
    return f"aucun financeur n'est enregistré pour les rallyes qui ont eu lieu {when}"


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
