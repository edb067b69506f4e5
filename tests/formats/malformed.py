"""A corpus of malformed rally files, built in a test's folder: every one must be refused with a
French message (exit code 2 on the command line, the preview's list of problems on the web)."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl

from rallye.formats.limits import MAX_FILE_BYTES, MAX_JSON_DEPTH, MAX_PART_BYTES, MAX_ROWS, in_words
from rallye.formats.rally_xlsx import write_rally_xlsx
from tests.factories import build, rally_content

RALLY_SHEET_PART = "xl/worksheets/sheet2.xml"
"""The « Rallye » sheet of a workbook written by Rallye (after « Mode d'emploi »)."""

BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">'
    + "".join(f'<!ENTITY lol{level} "{f"&lol{level - 1};" * 10}">' for level in range(1, 10))
    + "]>"
)
"""Nine levels of ten references: a billion « lol » once expanded."""
EXTERNAL_ENTITY = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'


def valid_workbook(path: Path) -> Path:
    write_rally_xlsx(build(rally_content()), path)
    return path


def _rewrite_part(path: Path, part: str, change: Callable[[bytes], bytes]) -> Path:
    """Rewrite one part of the workbook at ``path`` (the others kept as they are)."""
    source = path.read_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            new.writestr(item.filename, change(data) if item.filename == part else data)
    path.write_bytes(buffer.getvalue())
    return path


def _with_entity(prolog: str, entity: str) -> Callable[[bytes], bytes]:
    def change(data: bytes) -> bytes:
        text = data.decode()
        text = text.replace("<t>Champ</t>", f"<t>&{entity};</t>", 1)
        return (prolog + text).encode()

    return change


# -- workbooks -------------------------------------------------------------------------------
def empty_xlsx(folder: Path) -> Path:
    path = folder / "vide.xlsx"
    path.write_bytes(b"")
    return path


def pdf_renamed_xlsx(folder: Path) -> Path:
    path = folder / "rallye.xlsx"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    return path


def truncated_xlsx(folder: Path) -> Path:
    path = valid_workbook(folder / "coupe.xlsx")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def corrupt_xml_xlsx(folder: Path) -> Path:
    path = valid_workbook(folder / "abime.xlsx")
    return _rewrite_part(path, RALLY_SHEET_PART, lambda data: data[: len(data) // 2])


def billion_laughs_xlsx(folder: Path) -> Path:
    path = valid_workbook(folder / "entites.xlsx")
    return _rewrite_part(path, RALLY_SHEET_PART, _with_entity(BILLION_LAUGHS, "lol9"))


def external_entity_xlsx(folder: Path) -> Path:
    path = valid_workbook(folder / "externe.xlsx")
    return _rewrite_part(path, RALLY_SHEET_PART, _with_entity(EXTERNAL_ENTITY, "secret"))


def zip_bomb_xlsx(folder: Path) -> Path:
    """A part that inflates beyond the limit (zeros compress a thousand times)."""
    path = valid_workbook(folder / "bombe.xlsx")
    return _rewrite_part(path, "docProps/app.xml", lambda data: data + b" " * (MAX_PART_BYTES + 1))


def long_sheet_xlsx(folder: Path, rows: int = 400_000, *, declared: bool = False) -> Path:
    """A workbook whose « Participants » sheet holds ``rows`` rows under its titles.

    openpyxl (write-only) writes the workbook, which does not declare the sheet's size; with
    ``declared`` the sheet says its size, as Excel writes it. The rows are written straight into
    the sheet's XML: a second, where openpyxl takes minutes on a loaded machine."""
    path = folder / "enorme.xlsx"
    workbook = openpyxl.Workbook(write_only=True)
    workbook.create_sheet("Participants").append(["Identifiant", "Prénom", "Nom", "Genre", "Année de naissance"])
    workbook.save(path)
    if declared:  # as Excel writes it: the size first, cells without their reference (optional)
        dimension = f'<dimension ref="A1:E{rows + 1}"/>'.encode()
        filler = b"".join(b'<row r="%d"><c><v>1</v></c></row>' % n for n in range(2, rows + 2))
    else:
        dimension = b""
        filler = b"".join(b'<row r="%d"><c r="A%d" t="n"><v>%d</v></c></row>' % (n, n, n) for n in range(2, rows + 2))

    def fill(data: bytes) -> bytes:
        data = data.replace(b"<sheetData>", dimension + b"<sheetData>", 1)
        return data.replace(b"</sheetData>", filler + b"</sheetData>")

    return _rewrite_part(path, "xl/worksheets/sheet1.xml", fill)


def too_many_rows_xlsx(folder: Path) -> Path:
    return long_sheet_xlsx(folder, MAX_ROWS + 1)


def big_xlsx(folder: Path) -> Path:
    path = folder / "lourd.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\0" * MAX_FILE_BYTES)
    return path


# -- rally.json ------------------------------------------------------------------------------
def _json(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def deeply_nested_json(folder: Path) -> Path:
    return _json(folder, "imbrique.json", b"[" * 100_000 + b"]" * 100_000)


def nested_json(folder: Path) -> Path:
    """Valid JSON, a little deeper than the limit: refused without a RecursionError."""
    content = rally_content()
    value: object = "x"
    for _ in range(MAX_JSON_DEPTH):
        value = {"niveau": value}
    content["rally"]["extra"] = value
    return _json(folder, "profond.json", json.dumps(content).encode())


def invalid_utf8_json(folder: Path) -> Path:
    text = json.dumps(rally_content(), ensure_ascii=False).encode("utf-8")
    return _json(folder, "latin.json", text.replace("Épicerie".encode(), "Épicerie".encode("latin-1")))


def not_an_object_json(folder: Path) -> Path:
    return _json(folder, "liste.json", b'["rallye", 2027]')


def empty_json(folder: Path) -> Path:
    return _json(folder, "vide.json", b"  \n")


def pdf_renamed_json(folder: Path) -> Path:
    return _json(folder, "rally.json", b"%PDF-1.7\n%%EOF\n")


def broken_json(folder: Path) -> Path:
    return _json(folder, "casse.json", b'{"format": "rallye/1", "rally": {')


def big_json(folder: Path) -> Path:
    return _json(folder, "lourd.json", b" " * (MAX_FILE_BYTES + 1) + b"{}")


def too_many_items_json(folder: Path) -> Path:
    content = rally_content()
    content["participants"] = [content["participants"][0]] * (MAX_ROWS + 1)
    return _json(folder, "foule.json", json.dumps(content).encode())


@dataclass(frozen=True)
class Malformed:
    build: Callable[[Path], Path]
    says: str
    """Words the French message holds."""


CORPUS: dict[str, Malformed] = {
    "empty workbook": Malformed(empty_xlsx, "le fichier est vide"),
    "PDF renamed .xlsx": Malformed(pdf_renamed_xlsx, "ce fichier est un document PDF renommé en .xlsx"),
    "truncated zip": Malformed(truncated_xlsx, "le classeur est incomplet ou abîmé"),
    "corrupt XML in the zip": Malformed(corrupt_xml_xlsx, "ce classeur est abîmé"),
    "entity expansion (billion laughs)": Malformed(billion_laughs_xlsx, "ce classeur est abîmé"),
    "external entity": Malformed(external_entity_xlsx, "ce classeur est abîmé"),
    "zip bomb": Malformed(zip_bomb_xlsx, "le classeur dépasse 50 Mo une fois décompressé"),
    "sheet over the row limit": Malformed(too_many_rows_xlsx, f"plus de {in_words(MAX_ROWS)} lignes remplies"),
    "workbook over the size limit": Malformed(big_xlsx, "la limite de 5 Mo"),
    "deeply nested JSON": Malformed(deeply_nested_json, "plus de 20 niveaux"),
    "nested JSON": Malformed(nested_json, "plus de 20 niveaux"),
    "invalid UTF-8": Malformed(invalid_utf8_json, "caractères mal encodés"),
    "not an object": Malformed(not_an_object_json, "le fichier doit contenir un objet JSON"),
    "empty JSON": Malformed(empty_json, "le fichier est vide"),
    "PDF renamed .json": Malformed(pdf_renamed_json, "ce fichier est un document PDF, pas un fichier JSON"),
    "broken JSON": Malformed(broken_json, "JSON illisible"),
    "JSON over the size limit": Malformed(big_json, "la limite de 5 Mo"),
    "list over the item limit": Malformed(too_many_items_json, f"{in_words(MAX_ROWS)} au plus par liste"),
}
