"""The pseudonymised data set given to evaluators: three tables built from the pseudonymous
records of ``rallye.reporting.records``, written as CSV files with a French README, or as one
workbook.

What it holds and leaves out, decided once here and explained in the README:

- people are known by their keyed-hash pseudonym (``rallye.evaluation.pseudonyms``), rallies by
  theirs (never the database id); the key stays with the operator;
- ages are given as bands (``rallye.domain.mixity.AGE_BANDS``), never a birth year or an exact
  age; no name, phone, e-mail or address of anybody;
- free-text answers (``questionnaires.FREE_TEXT_KEYS``) are left out: people may write names
  in them;
- companies are described by sector, hiring and feedback only: their name would lead to the
  contact person who welcomed the visit, and to a small company's staff.

File format, chosen for French spreadsheets: CSV in UTF-8 with a byte-order mark (Excel then
reads accents right), ``;`` between columns (Excel in French takes ``,`` as the decimal comma),
one header line, numbers as plain integers, « oui »/« non » for yes/no, an empty cell for a value
not known or not assessable.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

from rallye.domain import fidelity
from rallye.domain.mixity import AGE_BANDS
from rallye.domain.outcomes import RATE_METHOD
from rallye.domain.questionnaires import SCALE, Answers, Kind, Phase, Question, questions
from rallye.domain.statuses import status_label
from rallye.evaluation.pseudonyms import pseudonym
from rallye.formats.rally_xlsx import HEADER_FILL, HEADER_FONT, set_cell
from rallye.reporting.records import CompanyRecord, PersonRecord, RallyRecord

Cell = str | int | None
CSV_ENCODING = "utf-8-sig"
"""UTF-8 with a byte-order mark: Excel reads accents right."""
CSV_DELIMITER = ";"
README = "README.txt"
WORKBOOK = "donnees-pseudonymisees.xlsx"
ARCHIVE = "donnees-pseudonymisees.zip"
GENDERS = {"F": "Femme", "M": "Homme", "X": "Autre"}
UNKNOWN_AGE = "non renseigné"
SCALE_RANGE = "1 à 4"


@dataclass(frozen=True)
class Column:
    header: str
    meaning: str


@dataclass(frozen=True)
class Table:
    name: str
    """File name without ``.csv``, and sheet name."""
    description: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def dicts(self) -> list[dict[str, Cell]]:
        return [dict(zip(self.headers, row, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class _Field:
    """A column and how to read its value from a record."""

    column: Column
    read: Callable[..., Cell]


def yes_no(value: bool) -> str:
    return "oui" if value else "non"


def age_band(age: int) -> str:
    """The band of an age (``AGE_BANDS``, the public employment service's)."""
    return next((label for lo, hi, label in AGE_BANDS if lo <= age <= hi), UNKNOWN_AGE)


def rally_pseudonym(record: RallyRecord) -> str:
    return pseudonym("rally", int(record.key))


def _answer(answers: Answers | None, question: Question) -> Cell:
    """A scale answer as its number (1-4), a choice as its French label; empty when not answered."""
    if answers is None or question.key not in answers:
        return None
    value = answers[question.key]
    if question.kind is Kind.SCALE:
        return value if isinstance(value, int) else None
    return question.label_of(value)


def _statistical(phase: Phase) -> tuple[Question, ...]:
    """The questions of ``phase`` that go into the data set (never the free texts)."""
    return tuple(q for q in questions(phase) if q.kind is not Kind.TEXT)


def _answer_meaning(question: Question) -> str:
    if question.kind is Kind.SCALE:
        scale = ", ".join(f"{value} {label.lower()}" for value, label in SCALE)
        return f"« {question.text} » ({scale} ; vide : pas de réponse)."
    choices = " ; ".join(label for _, label in question.choices)
    return f"« {question.text} » (réponses possibles : {choices} ; vide : pas de réponse)."


def _answer_header(prefix: str, question: Question) -> str:
    scale = f" ({SCALE_RANGE})" if question.kind is Kind.SCALE else ""
    return f"{prefix} : {question.theme}{scale}"


def _answer_fields(prefix: str, phase: Phase, answers_of: Callable[[Any], Answers | None]) -> list[_Field]:
    return [
        _Field(
            Column(_answer_header(prefix, q), _answer_meaning(q)),
            lambda item, q=q: _answer(answers_of(item), q),
        )
        for q in _statistical(phase)
    ]


_RALLY = Column("Rallye", "Pseudonyme du rallye (empreinte à clé, comme ceux des personnes).")
_STRUCTURE = Column("Structure", "Structure qui a organisé le rallye.")
_STRUCTURE_KIND = Column("Type de structure", "MIFE, réseau de SIAE, club CREPI ou autre.")
_YEAR = Column("Année", "Année du premier jour du rallye.")

PersonRow = tuple[RallyRecord, PersonRecord]
CompanyRow = tuple[RallyRecord, CompanyRecord]


def _outcome(person: PersonRecord) -> Cell:
    return person.outcome.label if person.outcome is not None else "non renseignée"


def _solution(person: PersonRecord) -> Cell:
    return yes_no(person.outcome.is_solution) if person.outcome is not None else None


PARTICIPANT_FIELDS: tuple[_Field, ...] = (
    _Field(
        Column("Pseudonyme", "Identifiant de la personne : empreinte à clé (voir plus haut), sans nom."),
        lambda row: row[1].pseudonym,
    ),
    _Field(_RALLY, lambda row: rally_pseudonym(row[0])),
    _Field(_STRUCTURE, lambda row: row[0].structure),
    _Field(_STRUCTURE_KIND, lambda row: row[0].structure_kind),
    _Field(_YEAR, lambda row: row[0].year),
    _Field(Column("Genre", "Femme, Homme ou Autre."), lambda row: GENDERS.get(row[1].gender, row[1].gender)),
    _Field(
        Column(
            "Tranche d'âge",
            "Âge l'année du rallye, par tranche : " + ", ".join(label for _, _, label in AGE_BANDS) + ".",
        ),
        lambda row: age_band(row[1].age),
    ),
    _Field(
        Column(
            "Niveau de diplôme",
            "Niveau de 1 à 8 (3 : CAP/BEP, 4 : baccalauréat, 5 et plus : supérieur) ; vide : non renseigné.",
        ),
        lambda row: row[1].diploma_level,
    ),
    _Field(
        Column(
            "Statut",
            "Catégorie de statut (DE, DELD, DETLD, BRSA, RQTH, Jeune -26 ans, Senior +50 ans, Salarié en insertion, "
            "Reconversion, Autre situation) ; « à confirmer » : la structure ne l'a pas encore classé ; "
            "vide : non renseigné.",
        ),
        lambda row: status_label(row[1].status),
    ),
    _Field(Column("Bénéficiaire du RSA", "oui ou non."), lambda row: yes_no(row[1].rsa)),
    _Field(
        Column("Prescripteur", "Qui a orienté la personne (France Travail, Mission locale…)."),
        lambda row: row[1].prescriber,
    ),
    _Field(
        Column("Présent", "oui : a participé au rallye ; non : inscrit mais absent (non compté dans les bilans)."),
        lambda row: yes_no(row[1].present),
    ),
    _Field(
        Column(
            "Situation à 6 mois",
            "Situation six mois après le rallye ; « non renseignée » tant que le suivi n'est pas fait.",
        ),
        lambda row: _outcome(row[1]),
    ),
    _Field(
        Column(
            "Solution professionnelle à 6 mois",
            "oui ou non ; vide tant que le suivi n'est pas fait (voir la méthode plus haut).",
        ),
        lambda row: _solution(row[1]),
    ),
    *_answer_fields("Avant", Phase.BEFORE, lambda row: row[1].before),
    *_answer_fields("Après", Phase.AFTER, lambda row: row[1].after),
)

COMPANY_FIELDS: tuple[_Field, ...] = (
    _Field(_RALLY, lambda row: rally_pseudonym(row[0])),
    _Field(Column("Secteur d'activité", "Secteur de l'entreprise."), lambda row: row[1].sector),
    _Field(Column("Recrute", "oui : l'entreprise recrutait au moment du rallye."), lambda row: yes_no(row[1].hiring)),
    _Field(
        Column("Visitée", "oui : au moins une équipe l'a visitée dans le planning en vigueur."),
        lambda row: yes_no(row[1].visited),
    ),
    *_answer_fields("Retour de l'entreprise", Phase.COMPANY, lambda row: row[1].feedback),
)

RALLY_FIELDS: tuple[_Field, ...] = (
    _Field(_RALLY, rally_pseudonym),
    _Field(_STRUCTURE, lambda r: r.structure),
    _Field(_STRUCTURE_KIND, lambda r: r.structure_kind),
    _Field(_YEAR, lambda r: r.year),
    _Field(Column("Mois", "Mois du premier jour du rallye (1 à 12)."), lambda r: r.first_day.month),
    _Field(
        Column("Durée (jours)", "Nombre de jours du premier au dernier jour, retours d'expérience compris."),
        lambda r: (r.last_day - r.first_day).days + 1,
    ),
    _Field(
        Column("Premier rallye de la structure", "oui : le premier rallye organisé par cette structure."),
        lambda r: yes_no(r.first_of_structure),
    ),
    _Field(Column("Inscrits", "Personnes inscrites, absentes comprises."), lambda r: len(r.people)),
    _Field(Column("Participants", "Personnes présentes au rallye."), lambda r: len(r.participants)),
    _Field(Column("Entreprises", "Entreprises du rallye."), lambda r: len(r.companies)),
    _Field(Column("Équipes", "Équipes du planning en vigueur (0 : pas de planning)."), lambda r: r.teams),
    _Field(
        Column(
            "Visites", "Visites des équipes dans le planning en vigueur (une visite groupée compte pour chaque équipe)."
        ),
        lambda r: r.visits,
    ),
    _Field(Column("Financeurs", "Nombre de financeurs du rallye."), lambda r: len(r.funders)),
    *(
        _Field(
            Column(
                f"Fidélité {p.code}",
                f"Grille de fidélité, {p.code} « {p.text} » : note de 0 à 4 (confirmée par l'évaluateur, "
                "sinon pré-remplie) ; vide : non évaluable à ce stade.",
            ),
            lambda r, code=p.code: r.fidelity.get(code),
        )
        for p in fidelity.PRINCIPLES
    ),
)


def _table(name: str, description: str, fields: Sequence[_Field], items: Iterable[object]) -> Table:
    return Table(
        name,
        description,
        tuple(f.column for f in fields),
        tuple(tuple(f.read(item) for f in fields) for item in items),
    )


def participants_table(records: Sequence[RallyRecord]) -> Table:
    rows = [(record, person) for record in records for person in record.people]
    return _table("participants", "une ligne par personne inscrite à un rallye", PARTICIPANT_FIELDS, rows)


def companies_table(records: Sequence[RallyRecord]) -> Table:
    rows = [(record, company) for record in records for company in record.companies]
    return _table("entreprises", "une ligne par entreprise d'un rallye, sans son nom", COMPANY_FIELDS, rows)


def rallies_table(records: Sequence[RallyRecord]) -> Table:
    return _table("rallyes", "une ligne par rallye daté", RALLY_FIELDS, records)


def dataset(records: Sequence[RallyRecord]) -> tuple[Table, Table, Table]:
    """The three tables of the data set: participants, companies, rallies."""
    return participants_table(records), companies_table(records), rallies_table(records)


# -- files ------------------------------------------------------------------------------------
def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """A CSV as French Excel opens it (UTF-8 with BOM, ``;``); shared with the people export."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER)
    writer.writerow(headers)
    writer.writerows([_csv_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode(CSV_ENCODING)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet opening the CSV would run a text starting so as a formula."""


def _csv_cell(cell: Cell) -> Cell:
    """The cell as written: empty for ``None``; text typed by someone (a status, a free answer)
    that a spreadsheet would take for a formula is kept as text behind an apostrophe."""
    if cell is None:
        return ""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return f"'{cell}"
    return cell


def readme(tables: Sequence[Table], today: dt.date | None = None) -> str:
    """The README.txt of the data set, in French: files, format, pseudonymisation, every column."""
    today = today or dt.date.today()
    bands = ", ".join(label for _, _, label in AGE_BANDS)
    lines = [
        "Rallyes pour l'emploi — jeu de données pseudonymisé pour l'évaluation",
        f"Produit par Rallye le {today:%d/%m/%Y}.",
        "",
        "FICHIERS",
        *(f"- {t.name}.csv : {t.description} ({len(t.rows)} lignes)." for t in tables),
        f"Les mêmes tableaux existent en classeur Excel ({WORKBOOK}), une feuille par tableau.",
        "",
        "FORMAT",
        "Fichiers CSV encodés en UTF-8 (avec marque d'ordre des octets, pour Excel), colonnes séparées "
        "par un point-virgule « ; », une ligne d'en-tête. Oui/non s'écrit « oui » ou « non ». Une case "
        "vide signifie : non renseigné, pas de réponse ou non évaluable.",
        "",
        "PSEUDONYMISATION",
        "Aucune personne n'est nommée : ni nom, ni téléphone, ni e-mail, ni adresse, ni année de "
        "naissance. Chaque personne et chaque rallye est désigné par un pseudonyme (P-… pour une "
        "personne, R-… pour un rallye) : une empreinte à clé (HMAC-SHA256) de son numéro dans la base. "
        "La même personne garde le même pseudonyme d'un export à l'autre, ce qui permet de suivre ses "
        "réponses avant et après le rallye et sa situation à 6 mois. Sans la clé secrète, qui reste chez "
        "l'hébergeur de Rallye et n'est jamais transmise aux évaluateurs, on ne peut pas calculer le "
        "pseudonyme d'une personne ni remonter du pseudonyme à la personne.",
        "Attention : ces données restent des données personnelles. Dans un petit groupe, une "
        "combinaison de caractéristiques (genre, tranche d'âge, diplôme, statut) peut ne concerner "
        "qu'une personne et permettre de la reconnaître pour qui connaît le groupe. Ne cherchez pas à "
        "identifier les personnes, ne croisez pas ces données avec d'autres fichiers, ne publiez que "
        "des chiffres agrégés portant sur plusieurs personnes, et supprimez ces fichiers à la fin de "
        "l'évaluation.",
        f"L'âge est donné par tranche ({bands}), calculé l'année du rallye.",
        "Les réponses libres des questionnaires ne sont pas reprises : on peut y écrire des noms.",
        "Les entreprises sont décrites par leur secteur, sans leur nom : le nom mènerait à la personne "
        "qui a reçu les visites.",
        "",
        "SOLUTION PROFESSIONNELLE À 6 MOIS",
        RATE_METHOD,
    ]
    for table in tables:
        lines += ["", f"COLONNES — {table.name}.csv"]
        lines += [f"- {c.header} : {c.meaning}" for c in table.columns]
    return "\n".join(lines) + "\n"


def dataset_files(records: Sequence[RallyRecord], today: dt.date | None = None) -> dict[str, bytes]:
    """File name → content: one CSV per table and the README."""
    tables = dataset(records)
    files = {f"{t.name}.csv": csv_bytes(t.headers, t.rows) for t in tables}
    files[README] = readme(tables, today).encode("utf-8")
    return files


def dataset_zip(records: Sequence[RallyRecord], today: dt.date | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in dataset_files(records, today).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def dataset_xlsx(records: Sequence[RallyRecord], today: dt.date | None = None) -> bytes:
    """One sheet per table, then « Lisez-moi » with the README."""
    tables = dataset(records)
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    for table in tables:
        sheet = workbook.create_sheet(table.name.capitalize())
        for column, header in enumerate(table.headers, start=1):
            cell = set_cell(sheet, 1, column, header)
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            sheet.column_dimensions[get_column_letter(column)].width = max(12, min(30, len(header) + 2))
        for row_index, row in enumerate(table.rows, start=2):
            for column, value in enumerate(row, start=1):
                set_cell(sheet, row_index, column, "" if value is None else value)
        sheet.freeze_panes = "B2"
    notes = workbook.create_sheet("Lisez-moi")
    notes.column_dimensions["A"].width = 120
    for index, line in enumerate(readme(tables, today).splitlines(), start=1):
        set_cell(notes, index, 1, line).alignment = Alignment(wrap_text=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_dataset(records: Sequence[RallyRecord], out_dir: Path, today: dt.date | None = None) -> list[Path]:
    """Write the CSVs, the README and the workbook into ``out_dir``; the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    files = {**dataset_files(records, today), WORKBOOK: dataset_xlsx(records, today)}
    paths = []
    for name, content in files.items():
        path = out_dir / name
        path.write_bytes(content)
        paths.append(path)
    return paths
