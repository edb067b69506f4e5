"""Malformed rally files are refused with one clear French message, quickly and in bounded memory."""

from __future__ import annotations

import codecs
import json
import tracemalloc
from pathlib import Path

import pytest

from rallye.formats.load import load_rally
from rallye.formats.problems import InvalidInput
from tests.factories import build, rally_content
from tests.formats.malformed import CORPUS, Malformed, long_sheet_xlsx


@pytest.mark.parametrize("case", CORPUS.values(), ids=CORPUS.keys())
def test_each_malformed_file_is_refused_in_french(case: Malformed, tmp_path: Path) -> None:
    path = case.build(tmp_path)

    with pytest.raises(InvalidInput) as refused:
        load_rally(path, shown_as=path.name)

    text = str(refused.value)
    assert case.says in text
    assert text.startswith(path.name)
    assert str(tmp_path) not in text and "/etc/passwd" not in text and "root:" not in text
    assert "Error" not in text and "Traceback" not in text  # no Python exception names


@pytest.mark.parametrize(
    ("declared", "message"),
    [
        (
            False,
            "enorme.xlsx : une feuille du classeur dépasse 16 Mo une fois décompressée ; un rallye tient en "
            "quelques centaines de lignes : retirez les feuilles et les lignes inutiles",
        ),
        (
            True,
            "enorme.xlsx, feuille « Participants » : cette feuille compte plus de 2\u202f000 lignes remplies ; "
            "un rallye en demande quelques dizaines, la limite est de 2\u202f000 : retirez les lignes qui ne "
            "décrivent pas ce rallye",
        ),
    ],
    ids=["size not declared", "size declared"],
)
def test_a_sheet_of_400000_rows_is_refused_early_in_bounded_memory(
    declared: bool, message: str, tmp_path: Path
) -> None:
    path = long_sheet_xlsx(tmp_path, rows=400_000, declared=declared)

    tracemalloc.start()
    try:
        with pytest.raises(InvalidInput) as refused:
            load_rally(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert [str(p) for p in refused.value.problems] == [message]
    assert peak < 20 * 1024 * 1024  # the whole sheet, read as openpyxl does by default, takes gigabytes


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-16", b""),
    ],
)
def test_json_saved_with_a_bom_or_in_utf16_is_read(encoding: str, bom: bytes, tmp_path: Path) -> None:
    content = rally_content()
    path = tmp_path / "rally.json"
    path.write_bytes(bom + json.dumps(content, ensure_ascii=False).encode(encoding))

    assert load_rally(path) == build(content)


def test_texts_longer_than_the_callers_limits_are_located(tmp_path: Path) -> None:
    content = rally_content()
    content["companies"][1]["name"] = "Épicerie " * 30
    path = tmp_path / "rally.json"
    path.write_text(json.dumps(content), encoding="utf-8")

    with pytest.raises(InvalidInput) as refused:
        load_rally(path, shown_as="rally.json", text_limits={("companies", "*", "name"): 200})

    assert [str(p) for p in refused.value.problems] == [
        "rally.json, companies[1].name : texte trop long (269 caractères, 200 au plus) ; raccourcissez-le"
    ]
    assert load_rally(path) is not None  # files themselves put no limit on texts
