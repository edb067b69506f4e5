"""Partners' tracking sheets imported into a structure's directory: the user says which column
holds what (:data:`FIELDS`), sees every row as it will be imported, then imports all or nothing.

A row that names a company already in the directory, or earlier in the same sheet, is a
duplicate, skipped and shown as such: the same SIRET, or, without SIRET, the same name in the
same town. A row with an error (no name, a wrong SIRET, NAF code, phone or e-mail) blocks the
whole import, and the preview lists every one, by line and column.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from rallye import phones
from rallye.companies.models import GROUPED_VISIT_WORDS, CompanyContact, DirectoryCompany
from rallye.companies.services import InvalidSiret, log_directory_change, normalised_siret
from rallye.domain import naf
from rallye.formats.problems import Problem
from rallye.formats.tables import Table
from rallye.organisations.models import Structure


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    hints: tuple[str, ...]
    """Words of a column's header that suggest this field (accents and case ignored)."""


FIELDS: tuple[Field, ...] = (
    Field("name", "Nom de l'entreprise", ("entreprise", "raison sociale", "nom", "societe", "structure")),
    Field("siret", "SIRET", ("siret",)),
    Field("naf_code", "Code NAF", ("naf", "ape")),
    Field("sector", "Secteur", ("secteur", "activite")),
    Field("address", "Adresse", ("adresse",)),
    Field("town", "Commune", ("commune", "ville", "localite")),
    Field("contact_name", "Contact : nom", ("contact", "interlocuteur", "referent")),
    Field("contact_role", "Contact : fonction", ("fonction", "poste", "role")),
    Field("contact_phone", "Contact : téléphone", ("telephone", "tel", "portable", "mobile")),
    Field("contact_email", "Contact : e-mail", ("mail", "courriel")),
    Field("hiring", "Recrute (oui/non)", ("recrute",)),
    Field("hiring_needs", "Besoins de recrutement", ("besoin", "postes", "metiers")),
    Field("grouped_visits", f"Visite groupée de {GROUPED_VISIT_WORDS} personnes (oui/non)", ("groupe",)),
    Field("accessibility", "Accessibilité", ("accessib", "acces")),
    Field("parking", "Stationnement", ("parking", "stationnement")),
    Field("entrance", "Entrée, accueil", ("entree", "accueil")),
    Field("notes", "Remarques", ("remarque", "commentaire", "observation", "note")),
)
FIELD_LABELS = {f.name: f.label for f in FIELDS}
YES = {"oui", "o", "x", "1", "vrai", "true", "yes", "y"}
NO = {"non", "n", "0", "faux", "false", "no", ""}
_POSTCODE_TOWN = re.compile(r"\b\d{5}\s+(.+)$")

Mapping = dict[str, int]
"""Field name → index of the column that holds it (fields left out are not read)."""


def loose(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c)).split())


def guessed_mapping(header: tuple[str, ...]) -> Mapping:
    """The column each field probably comes from, judged by the headers' words; each column once."""
    mapping: Mapping = {}
    taken: set[int] = set()
    for f in FIELDS:
        for index, title in enumerate(header):
            words = loose(title)
            if index not in taken and any(hint in words for hint in f.hints):
                mapping[f.name] = index
                taken.add(index)
                break
    return mapping


def town_of(address: str) -> str:
    """The town of a French address written « … 74000 Annecy »."""
    match = _POSTCODE_TOWN.search(address.strip())
    return match[1].strip() if match else ""


def duplicate_key(siret: str, name: str, town: str) -> tuple[str, str]:
    return ("siret", siret) if siret else ("name", f"{loose(name)}|{loose(town)}")


@dataclass
class Row:
    number: int
    values: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    duplicate_of: str = ""
    """What the row repeats (« déjà dans l'annuaire : … », « même entreprise que la ligne 4 »)."""


@dataclass
class Preview:
    rows: list[Row]

    @property
    def problems(self) -> list[Problem]:
        return [p for row in self.rows for p in row.problems]

    @property
    def new_rows(self) -> list[Row]:
        return [row for row in self.rows if not row.duplicate_of and not row.problems]

    @property
    def duplicates(self) -> list[Row]:
        return [row for row in self.rows if row.duplicate_of]


def _yes_no(text: str) -> bool | None:
    word = loose(text)
    if word in YES:
        return True
    if word in NO:
        return False
    return None


def _row(table: Table, number: int, cells: tuple[str, ...], mapping: Mapping) -> Row:
    row = Row(number)
    raw = {name: cells[index].strip() for name, index in mapping.items() if index < len(cells)}

    def problem(name: str, message: str) -> None:
        row.problems.append(Problem(table.where(number, table.header[mapping[name]]), message))

    values = row.values
    values["name"] = raw.get("name", "")[:200]
    if not values["name"]:
        row.problems.append(
            Problem(table.where(number, table.header[mapping["name"]]), "le nom de l'entreprise manque")
        )
    try:
        values["siret"] = normalised_siret(raw.get("siret", ""))
    except InvalidSiret as invalid:
        problem("siret", str(invalid))
        values["siret"] = ""
    try:
        values["naf_code"] = naf.normalised_code(raw.get("naf_code", ""))
    except naf.InvalidNafCode as invalid:
        problem("naf_code", str(invalid))
        values["naf_code"] = ""
    values["sector"] = (raw.get("sector") or naf.sector_of(values["naf_code"]))[:120]
    values["address"] = raw.get("address", "")[:300]
    values["town"] = (raw.get("town") or town_of(values["address"]))[:120]
    for name in ("hiring", "grouped_visits"):
        answer = _yes_no(raw.get(name, ""))
        if answer is None:
            problem(name, f"« {raw[name]} » : écrivez oui ou non")
        values[name] = bool(answer)
    for name in ("hiring_needs", "accessibility", "notes"):
        values[name] = raw.get(name, "")
    for name in ("parking", "entrance"):
        values[name] = raw.get(name, "")[:300]
    values["contact_name"] = raw.get("contact_name", "")[:200]
    values["contact_role"] = raw.get("contact_role", "")[:120]
    try:
        values["contact_phone"] = phones.normalised(raw.get("contact_phone", ""))
    except phones.InvalidPhone as invalid:
        problem("contact_phone", str(invalid))
        values["contact_phone"] = ""
    email = raw.get("contact_email", "")
    try:
        if email:
            validate_email(email)
    except ValidationError:
        problem("contact_email", f"« {email} » n'est pas une adresse e-mail")
        email = ""
    values["contact_email"] = email[:254]
    return row


def preview(structure: Structure, table: Table, mapping: Mapping) -> Preview:
    """Every row as it would be imported, its problems, and the duplicates it holds."""
    known: dict[tuple[str, str], str] = {}
    for entry in DirectoryCompany.objects.filter(structure=structure):
        label = f"déjà dans l'annuaire : {entry.name}"
        if entry.siret:
            known[("siret", entry.siret)] = label
        known[duplicate_key("", entry.name, entry.town or town_of(entry.address))] = label
    rows = []
    for number, cells in table.rows:
        row = _row(table, number, cells, mapping)
        if not row.problems:
            values = row.values
            keys = [duplicate_key(values["siret"], values["name"], values["town"])]
            if values["siret"]:
                keys.append(duplicate_key("", values["name"], values["town"]))
            row.duplicate_of = next((known[key] for key in keys if key in known), "")
            if not row.duplicate_of:
                for key in keys:
                    known[key] = f"même entreprise que la ligne {number}"
        rows.append(row)
    return Preview(rows)


Locate = Callable[[str], tuple[float, float] | None]
"""The place of an address, ``None`` when it stays « à localiser »."""


def import_rows(
    structure: Structure, result: Preview, user: Any, file_name: str, locate: Locate
) -> list[DirectoryCompany]:
    """Create the new companies of a preview without problems, in one transaction."""
    assert not result.problems
    created = []
    with transaction.atomic():
        for row in result.new_rows:
            values = dict(row.values)
            contact = {
                "name": values.pop("contact_name"),
                "role": values.pop("contact_role"),
                "phone": values.pop("contact_phone"),
                "email": values.pop("contact_email"),
            }
            place = locate(values["address"]) if values["address"] else None
            company = DirectoryCompany.objects.create(
                structure=structure, lat=place[0] if place else None, lon=place[1] if place else None, **values
            )
            if any(contact.values()):
                CompanyContact.objects.create(company=company, **{**contact, "name": contact["name"] or "(sans nom)"})
            log_directory_change(company, user, f"Importée depuis « {file_name} », ligne {row.number}")
            created.append(company)
    return created
