"""Reports benchmark: the federation report of a year of the whole network in under 15 s.

A report is something a user waits for from the web (« Bilans »): building the federation report
of a 60-rally year (about a year of the whole CREPI network) and writing its PDF should take
under 15 s on 2 cores. The script measures the reports without a database: a synthetic season
of ``--rallies`` rallies (60 by default), and one of 8 (the size of the demo), built as the
plain records of ``rallye.reporting.records`` (present and absent people, genders, ages,
diplomas, statuses, prescribers, six-month outcomes, before/after questionnaires, companies and
their feedback, funders, the 19 fidelity scores), the same every time for a given ``--seed``.

After one warm-up render of every kind (imports WeasyPrint, loads the fonts, compiles the
templates; its time is shown apart), it times for each season: ``season_figures``,
``federation_report`` (building the report), ``report_pdf`` (and, apart, its HTML and WeasyPrint's
layout and writing), ``report_xlsx``, the ``funder_report`` of the funder of most rallies
(built and written as a PDF) and one rally's ``fidelity_grid_pdf``, ``--repeat`` times (3), and
keeps each step's fastest time: the machine may be shared. The target is about
``federation_report`` + ``report_pdf`` for the largest season. Reading the records from the
database (``rallye.evaluation.records.rally_records``) is not measured.

    uv run python -m benchmarks.reports_bench [--rallies N] [--seed N] [--repeat R] [--out docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import importlib
import io
import random
import shlex
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import openpyxl

from benchmarks.generator import PRESCRIBERS, SECTORS
from benchmarks.report import append_section, header_lines, load_average, table, utc_date
from rallye.domain.fidelity import PRINCIPLES
from rallye.domain.outcomes import Outcome, follow_up_due
from rallye.domain.questionnaires import Kind, Phase, Question, questions
from rallye.reporting.figures import season_figures
from rallye.reporting.grid import fidelity_grid_html
from rallye.reporting.records import CompanyRecord, PersonRecord, RallyRecord
from rallye.reporting.reports import (
    FidelityLine,
    federation_report,
    fidelity_grid_pdf,
    funder_report,
    report_html,
    report_pdf,
    report_xlsx,
)

TARGET_SECONDS = 15.0
DEMO_RALLIES = 8
"""The size of the demo's database (a past season and an upcoming rally per structure)."""
YEAR = 2026
FEDERATION = "Fédération des CREPI"
TODAY = dt.date(YEAR + 1, 6, 30)
T = TypeVar("T")

# -- a synthetic season ----------------------------------------------------------------------

STRUCTURES = (
    ("CREPI Alpes", "Club CREPI", "Alpes du Nord"),
    ("CREPI Rhône", "Club CREPI", "Métropole de Lyon"),
    ("CREPI Méditerranée", "Club CREPI", "Bouches-du-Rhône"),
    ("CREPI Occitanie", "Club CREPI", "Haute-Garonne"),
    ("CREPI Aquitaine", "Club CREPI", "Gironde"),
    ("CREPI Bretagne", "Club CREPI", "Ille-et-Vilaine"),
    ("CREPI Normandie", "Club CREPI", "Seine-Maritime"),
    ("CREPI Hauts-de-France", "Club CREPI", "Nord"),
    ("CREPI Grand Est", "Club CREPI", "Bas-Rhin"),
    ("CREPI Île-de-France", "Club CREPI", "Paris"),
    ("CREPI Val-de-Seine", "Club CREPI", "Hauts-de-Seine"),
    ("CREPI Loire", "Club CREPI", "Loire-Atlantique"),
    ("CREPI Centre", "Club CREPI", "Loiret"),
    ("CREPI Bourgogne", "Club CREPI", "Côte-d'Or"),
    ("CREPI Auvergne", "Club CREPI", "Puy-de-Dôme"),
    ("CREPI Côte d'Azur", "Club CREPI", "Alpes-Maritimes"),
    ("MIFE des Savoies", "MIFE (maison de l'information sur la formation et l'emploi)", "Haute-Savoie"),
    ("Réseau insertion Dauphiné", "Réseau de structures d'insertion (SIAE)", "Isère"),
    ("MIFE du Jura", "MIFE (maison de l'information sur la formation et l'emploi)", "Jura"),
    ("Réseau insertion Vendée", "Réseau de structures d'insertion (SIAE)", "Vendée"),
)
NATIONAL_FUNDERS = (
    "France Travail",
    "Fondation pour l'emploi",
    "Fonds social européen (FSE+)",
    "Fondation des entreprises du territoire",
)
"""Funders found across the network; each structure adds its département and its region."""
STATUSES = ("DE", "DELD", "BRSA", "jeune NEET", "salarié en insertion", "reconversion")
STATUS_WEIGHTS = (5, 5, 4, 2, 2, 1)
OUTCOMES = tuple(Outcome)
OUTCOME_WEIGHTS = {
    Outcome.CDI: 5,
    Outcome.CDD_LONG: 5,
    Outcome.CDD_SHORT: 6,
    Outcome.INTERIM: 5,
    Outcome.WORK_STUDY: 2,
    Outcome.TRAINING: 6,
    Outcome.INSERTION: 4,
    Outcome.BUSINESS: 1,
    Outcome.NO_SOLUTION: 14,
    Outcome.LOST: 6,
}
DIPLOMA_WEIGHTS = (3, 8, 12, 9, 5, 3, 2, 0)
"""Levels 1 to 8 of the national nomenclature; about one level in twelve is unknown."""


def synthetic_season(count: int, seed: int) -> list[RallyRecord]:
    """``count`` rallies of :data:`YEAR`, three or so per structure, drawn from ``seed``."""
    rng = random.Random(seed)
    structures = STRUCTURES[: max(2, min(len(STRUCTURES), round(count / 3)))]
    new = {name for name, _, _ in structures if rng.random() < 0.2}  # first rally this year: Ansa report due
    seen: set[str] = set()
    records = []
    for index in range(count):
        name, kind, territory = structures[index % len(structures)]
        first_day = dt.date(YEAR, 1, 5) + dt.timedelta(weeks=rng.randrange(48), days=rng.randrange(3))
        last_day = first_day + dt.timedelta(days=rng.choice((1, 2, 2, 3)))
        key = f"{index + 1}"
        people = tuple(_person(rng, key, p, last_day, present) for p, present in enumerate(_presence(rng)))
        present = sum(1 for p in people if p.present)
        teams = max(3, min(8, round(present / rng.uniform(4.0, 6.0))))
        funders = (f"Département {territory}", f"Région {territory}", *NATIONAL_FUNDERS)
        records.append(
            RallyRecord(
                key=key,
                name=f"Rallye pour l'emploi {territory} {index // len(structures) + 1}",
                structure=name,
                structure_kind=kind,
                territory=territory,
                first_day=first_day,
                last_day=last_day,
                first_of_structure=name in new and name not in seen,
                people=people,
                companies=tuple(_company(rng) for _ in range(rng.randint(12, 18))),
                teams=teams,
                visits=teams * rng.randint(6, 8),
                funders=tuple(sorted(set(rng.sample(funders, rng.randint(1, 4))))),
                fidelity={p.code: _score(rng, p.code) for p in PRINCIPLES},
            )
        )
        seen.add(name)
    return records


def _presence(rng: random.Random) -> list[bool]:
    """15 to 30 people who took part, and 0 to 4 registered who did not come."""
    flags = [True] * rng.randint(15, 30) + [False] * rng.randint(0, 4)
    rng.shuffle(flags)
    return flags


def _person(rng: random.Random, rally: str, index: int, last_day: dt.date, present: bool) -> PersonRecord:
    age = rng.randint(18, 62)
    status = rng.choices(STATUSES, weights=STATUS_WEIGHTS)[0]
    prescriber = "" if rng.random() < 0.05 else rng.choice(PRESCRIBERS)
    outcome: Outcome | None = None
    if present and rng.random() < 0.85:  # the rest: follow-up not recorded yet
        outcome = rng.choices(OUTCOMES, weights=[OUTCOME_WEIGHTS[o] for o in OUTCOMES])[0]
    before = _answers(rng, Phase.BEFORE, 0) if rng.random() < 0.85 else None
    after = _answers(rng, Phase.AFTER, 1) if present and rng.random() < 0.75 else None
    return PersonRecord(
        pseudonym=f"P-{rng.getrandbits(48):012x}",
        gender=rng.choices(("F", "M", "X"), weights=(48, 50, 2))[0],
        birth_year=last_day.year - age,
        age=age,
        diploma_level=None if rng.random() < 0.08 else rng.choices(range(1, 9), weights=DIPLOMA_WEIGHTS)[0],
        status=status,
        rsa=(status == "BRSA" and rng.random() < 0.6) or rng.random() < 0.03,
        prescriber=prescriber,
        present=present,
        outcome=outcome,
        follow_up_due=follow_up_due(last_day),
        before=before,
        after=after,
    )


def _company(rng: random.Random) -> CompanyRecord:
    profile = rng.choices(SECTORS, weights=[s.weight for s in SECTORS])[0]
    feedback = _answers(rng, Phase.COMPANY, 1) if rng.random() < 0.6 else None
    return CompanyRecord(profile.name, rng.random() < profile.hiring, rng.random() < 0.92, feedback)


def _answers(rng: random.Random, phase: Phase, lift: int) -> dict[str, int | str]:
    """One filled questionnaire; ``lift`` moves agreement answers up (after the rally)."""
    return {question.key: _answer(rng, question, lift) for question in questions(phase) if _answered(rng, question)}


def _answered(rng: random.Random, question: Question) -> bool:
    return question.required or rng.random() < 0.2


def _answer(rng: random.Random, question: Question, lift: int) -> int | str:
    if question.kind is Kind.SCALE:
        drawn = rng.randint(1, 4) + (lift if rng.random() < 0.5 else 0)
        if not question.positive_high:
            drawn = 5 - drawn
        return max(1, min(4, drawn))
    if question.kind is Kind.CHOICE:
        return rng.choice(question.choices)[0]
    return "Une remarque libre, qui ne doit jamais paraître dans un bilan."


def _score(rng: random.Random, code: str) -> int | None:
    if rng.random() < (0.4 if code.startswith("R") else 0.05):
        return None
    return rng.choices((0, 1, 2, 3, 4), weights=(1, 1, 3, 6, 10))[0]


def grid_lines(record: RallyRecord) -> list[FidelityLine]:
    """The fidelity grid of one rally, as the web's « fidelite.pdf » gives it."""
    return [
        FidelityLine(
            code=p.code,
            heading=p.heading.label,
            principle=p.text,
            score=record.fidelity.get(p.code),
            evidence=f"Note proposée à partir des données du rallye « {record.name} » pour le principe {p.code}.",
            comment="" if p.code[0] != "O" else "Confirmé après l'entretien avec la coordination.",
            confirmed=p.code[0] == "O",
        )
        for p in PRINCIPLES
    ]


# -- measuring -------------------------------------------------------------------------------


def timed(function: Callable[[], T]) -> tuple[T, float]:
    """``function()`` and its wall time; garbage from earlier steps collected first, not timed."""
    gc.collect()
    started = time.perf_counter()
    result = function()
    return result, time.perf_counter() - started


def pages(html: str) -> int:
    """Pages of the PDF made from ``html`` (laid out again, not timed: the PDF's objects are compressed)."""
    import weasyprint

    return len(weasyprint.HTML(string=html).render(pdf_tags=True).pages)


def kib(data: bytes | str) -> str:
    size = len(data.encode() if isinstance(data, str) else data)
    return f"{size / 1024:.0f} KiB"


@dataclass
class Step:
    name: str
    seconds: float
    size: str = "–"


@dataclass
class Run:
    rallies: int
    participants: int
    absent: int
    companies: int
    structures: int
    funder: str
    funder_rallies: int
    steps: list[Step]

    def seconds(self, name: str) -> float:
        return next(step.seconds for step in self.steps if step.name == name)


FIGURES = "`season_figures`"
BUILD = "`federation_report` (build)"
PDF = "`report_pdf` (federation)"
HTML = "  of which `report_html` (Jinja2, SVG charts)"
LAYOUT = "  of which WeasyPrint layout (`HTML.render`)"
WRITE = "  of which WeasyPrint `write_pdf`"
XLSX = "`report_xlsx` (federation)"
FUNDER = "`funder_report` build + `report_pdf`"
GRID = "`fidelity_grid_pdf` (one rally)"
WEB = "federation report from the web: build + PDF"


def measure(records: Sequence[RallyRecord]) -> Run:
    import weasyprint

    funders = Counter((r.structure, name) for r in records for name in r.funders)
    (structure, funder), funder_rallies = funders.most_common(1)[0]
    steps: list[Step] = []

    _, seconds = timed(lambda: season_figures(records))
    steps.append(Step(FIGURES, seconds))
    report, build = timed(lambda: federation_report(records, federation=FEDERATION, year=YEAR, today=TODAY))
    steps.append(Step(BUILD, build, f"{len(report.sections)} sections, {len(report.rallies.rows)} rallies"))
    pdf, seconds = timed(lambda: report_pdf(report))
    pdf_step = Step(PDF, seconds)
    steps.append(pdf_step)
    web = build + seconds

    # report_pdf = report_html + html_to_pdf; WeasyPrint's part split into layout and writing
    html, seconds = timed(lambda: report_html(report))
    steps.append(Step(HTML, seconds, f"{kib(html)} of HTML"))
    document, seconds = timed(lambda: weasyprint.HTML(string=html).render(pdf_tags=True))
    steps.append(Step(LAYOUT, seconds, f"{len(document.pages)} pages"))
    pdf_step.size = f"{kib(pdf)}, {len(document.pages)} pages"
    written, seconds = timed(lambda: document.write_pdf(pdf_tags=True))
    steps.append(Step(WRITE, seconds, kib(written)))

    workbook, seconds = timed(lambda: report_xlsx(report))
    steps.append(Step(XLSX, seconds, f"{kib(workbook)}, {_sheets(workbook)} sheets"))
    funder_pdf, seconds = timed(
        lambda: report_pdf(funder_report(records, funder=funder, structure=structure, year=YEAR, today=TODAY)),
    )
    funder_html = report_html(funder_report(records, funder=funder, structure=structure, year=YEAR, today=TODAY))
    steps.append(Step(FUNDER, seconds, f"{kib(funder_pdf)}, {pages(funder_html)} pages"))
    record = max(records, key=lambda r: len(r.people))
    lines = grid_lines(record)
    grid, seconds = timed(lambda: fidelity_grid_pdf(record.name, record.structure, lines, today=TODAY))
    grid_html = fidelity_grid_html(record.name, record.structure, lines, today=TODAY)
    steps.append(Step(GRID, seconds, f"{kib(grid)}, {pages(grid_html)} pages"))
    steps.append(Step(WEB, web))
    return Run(
        rallies=len(records),
        participants=sum(len(r.participants) for r in records),
        absent=sum(len(r.people) - len(r.participants) for r in records),
        companies=sum(len(r.companies) for r in records),
        structures=len({r.structure for r in records}),
        funder=funder,
        funder_rallies=funder_rallies,
        steps=steps,
    )


def fastest(runs: Sequence[Run]) -> Run:
    """The first run with each step's fastest time over ``runs`` (the machine may be shared)."""
    best = runs[0]
    for index, step in enumerate(best.steps):
        step.seconds = min(run.steps[index].seconds for run in runs)
    return best


def _sheets(workbook: bytes) -> int:
    return len(openpyxl.load_workbook(io.BytesIO(workbook), read_only=True).sheetnames)


@dataclass
class WarmUp:
    """What a fresh process pays once, on a season of :data:`WARM_UP_RALLIES` rallies."""

    import_seconds: float
    """``import weasyprint``."""
    first_pdf: float
    """The first federation ``report_pdf`` of the process: fonts, templates, the PDF itself."""
    second_pdf: float
    """The same PDF again."""
    total: float
    """The import and every kind rendered once (federation PDF and workbook, funder PDF, grid)."""


WARM_UP_RALLIES = 3


def warm_up(seed: int) -> WarmUp:
    """Import WeasyPrint and render every kind once on a small season (fonts, templates)."""
    records = synthetic_season(WARM_UP_RALLIES, seed + 1)
    started = time.perf_counter()
    _, imported = timed(lambda: importlib.import_module("weasyprint"))
    report = federation_report(records, federation=FEDERATION, year=YEAR, today=TODAY)
    _, first = timed(lambda: report_pdf(report))
    report_xlsx(report)
    report_pdf(
        funder_report(records, funder=records[0].funders[0], structure=records[0].structure, year=YEAR, today=TODAY)
    )
    fidelity_grid_pdf(records[0].name, records[0].structure, grid_lines(records[0]), today=TODAY)
    total = time.perf_counter() - started
    _, second = timed(lambda: report_pdf(report))
    return WarmUp(imported, first, second, total)


# -- the report ------------------------------------------------------------------------------


def cell(seconds: float) -> str:
    """Seconds with two decimals; milliseconds for what takes less than 0.1 s."""
    return f"{seconds:.2f}" if seconds >= 0.1 else f"{seconds:.3f}"


def reading(runs: Sequence[Run], warm: WarmUp, load_after: float | None) -> list[str]:
    """What dominates, and whether the target holds, in a few sentences."""
    small, large = runs[0], runs[-1]
    html, layout, write = (large.seconds(name) for name in (HTML, LAYOUT, WRITE))
    share = 100 * (layout + write) / (html + layout + write) if html + layout + write else 0.0
    web = large.seconds(WEB)
    pdf_size = next(step.size for step in large.steps if step.name == PDF)
    text = (
        f"Reading: WeasyPrint dominates. At {large.rallies} rallies, its layout ({cell(layout)} s) and its "
        f"writing of the tagged PDF ({cell(write)} s), timed apart, are {share:.1f} % of HTML + layout + "
        f"writing; the Jinja2 HTML with its SVG charts takes {cell(html)} s, building the report (every "
        f"figure and the per-structure breakdown) {cell(large.seconds(BUILD))} s, the workbook "
        f"{cell(large.seconds(XLSX))} s."
    )
    if small is not large:
        text += (
            f" Only the PDF grows with the season, through the table of rallies and the per-structure "
            f"tables: {cell(small.seconds(PDF))} s for {small.rallies} rallies, {cell(large.seconds(PDF))} s "
            f"for {large.rallies} ({pdf_size})."
        )
    verdict = "stays" if web < TARGET_SECONDS else "does **not** stay"
    text += (
        f" A federation report of a {large.rallies}-rally year {verdict} under {TARGET_SECONDS:g} s: "
        f"{cell(web)} s. A fresh process pays more once: importing WeasyPrint took "
        f"{cell(warm.import_seconds)} s and the first PDF of the process {cell(warm.first_pdf)} s, "
        f"{cell(warm.second_pdf)} s the second time ({WARM_UP_RALLIES} rallies). The web view also reads "
        "the records from the database first (`rally_records`), not measured here. Load average after "
        f"the run: {'–' if load_after is None else f'{load_after:.2f}'} (the steps use one core)."
    )
    return [text]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.reports_bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rallies",
        type=int,
        default=60,
        help=f"rallies of the season (60: a year of the whole network); a season of {DEMO_RALLIES} is measured too",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic seasons")
    parser.add_argument("--repeat", type=int, default=3, help="measure each season this many times, keep the fastest")
    parser.add_argument("--out", type=Path, help="append the results to this Markdown file")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.rallies < 1 or args.repeat < 1:
        print("--rallies and --repeat: at least 1", file=sys.stderr)
        return 2
    load = load_average()
    warm = warm_up(args.seed)
    print(
        f"warm-up ({WARM_UP_RALLIES} rallies, every kind once): {warm.total:.2f} s; import weasyprint "
        f"{warm.import_seconds:.2f} s, first federation PDF {warm.first_pdf:.2f} s, second {warm.second_pdf:.2f} s"
    )
    runs: list[Run] = []
    for count in sorted({DEMO_RALLIES, args.rallies}):
        records = synthetic_season(count, args.seed)
        run = fastest([measure(records) for _ in range(args.repeat)])
        runs.append(run)
        print(
            f"{run.rallies} rallies ({run.structures} structures, {run.participants} participants, "
            f"{run.companies} companies; funder report: {run.funder}, {run.funder_rallies} rallies):"
        )
        for step in run.steps:
            print(f"  {step.name.strip():<48} {step.seconds:7.3f} s   {step.size}")
    largest = runs[-1]
    web = largest.seconds(WEB)
    ok = web < TARGET_SECONDS
    print("target met" if ok else f"TARGET MISSED: {web:.2f} s >= {TARGET_SECONDS:g} s")

    if args.out is not None:
        command = "uv run python -m benchmarks.reports_bench " + shlex.join(sys.argv[1:])
        headers = ["step"]
        for run in runs:
            headers += [f"{run.rallies} rallies: s", "size"]
        rows = []
        for index, step in enumerate(largest.steps):
            name = f"**{step.name}**" if step.name == WEB else step.name.replace("  of which", "· of which")
            row = [name]
            for run in runs:
                seconds = cell(run.steps[index].seconds)
                row += [f"**{seconds}**" if step.name == WEB else seconds, run.steps[index].size]
            rows.append(row)
        seasons = "; ".join(
            f"{run.rallies} rallies of {run.structures} structures, {run.participants} participants "
            f"(and {run.absent} absent), {run.companies} companies"
            for run in runs
        )
        funders = "; ".join(f"« {run.funder} », {run.funder_rallies} of the {run.rallies} rallies" for run in runs)
        section = [
            *header_lines("Evaluation reports", command.strip(), utc_date()),
            f"Synthetic seasons of {YEAR} built as `RallyRecord`s (seed {args.seed}, no database): {seasons}. "
            f"The funder report is the one of the funder of most rallies ({funders}). Load average before the "
            f"run: {'–' if load is None else f'{load:.2f}'}.",
            "",
            f"Each step alone, in one process, after a warm-up that imports WeasyPrint and renders every kind "
            f"once on {WARM_UP_RALLIES} rallies ({warm.total:.2f} s); fastest of {args.repeat} "
            f"measure{'s' if args.repeat > 1 else ''} of each season:",
            "",
            *table(headers, rows),
            "",
            f"- Federation report of {largest.rallies} rallies as the web serves it (build + PDF, reading the "
            f"database aside): **{cell(web)} s** (target: under {TARGET_SECONDS:g} s: {'met' if ok else 'missed'})",
            "",
            *reading(runs, warm, load_average()),
        ]
        append_section(args.out, section)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
