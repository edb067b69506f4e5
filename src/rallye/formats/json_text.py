"""JSON files as users send them: any Unicode encoding with or without a BOM, refused in French
when they are not JSON, too big or nested deeper than any rally or plan file."""

from __future__ import annotations

import json
from typing import Any

from rallye.formats.limits import MAX_JSON_DEPTH
from rallye.formats.problems import InvalidInput, Problem

_SIGNATURES = {
    b"%PDF": "un document PDF",
    b"PK\x03\x04": "un fichier compressé (classeur .xlsx, .docx ou .zip)",
    b"\xd0\xcf\x11\xe0": "un document Office ancien format (.xls, .doc)",
    b"\x89PNG": "une image PNG",
    b"\xff\xd8\xff": "une image JPEG",
}
"""The first bytes of files often sent by mistake, and what to call them."""


def what_file_is(data: bytes) -> str | None:
    """``"un document PDF"`` for the kinds of files ``_SIGNATURES`` knows, else ``None``."""
    return next((what for magic, what in _SIGNATURES.items() if data.startswith(magic)), None)


def decode_json(data: bytes, file_name: str) -> str:
    """The text of a JSON file: UTF-8 (with or without BOM), UTF-16 or UTF-32, as JSON allows."""
    if not data.strip():
        raise InvalidInput([Problem(file_name, "le fichier est vide ; envoyez un fichier rally.json rempli")])
    kind = what_file_is(data)
    if kind is not None:
        message = f"ce fichier est {kind}, pas un fichier JSON ; vérifiez le fichier choisi"
        raise InvalidInput([Problem(file_name, message)])
    encoding = json.detect_encoding(data)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise InvalidInput(
            [
                Problem(
                    file_name,
                    "ce fichier n'est pas un texte lisible (caractères mal encodés) ; "
                    "enregistrez-le en UTF-8 depuis votre éditeur puis réessayez",
                )
            ]
        ) from None


def parse_json(text: str, file_name: str) -> Any:
    """The content of a JSON text, or :class:`InvalidInput` saying where it is malformed."""
    try:
        content = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInput(
            [
                Problem(
                    f"{file_name}, ligne {error.lineno}, colonne {error.colno}",
                    f"JSON illisible ({error.msg}) ; vérifiez virgules, guillemets et accolades",
                )
            ]
        ) from None
    except RecursionError:
        content = None
        depth = MAX_JSON_DEPTH + 1
    else:
        depth = _depth(content)
    if depth > MAX_JSON_DEPTH:
        raise InvalidInput(
            [
                Problem(
                    file_name,
                    f"le fichier imbrique trop de listes ou d'objets (plus de {MAX_JSON_DEPTH} niveaux) ; "
                    "ce n'est pas un fichier de rallye : partez d'un export de Rallye ou du modèle",
                )
            ]
        )
    return content


def _depth(content: Any) -> int:
    """How deep lists and objects nest (``{"a": [1]}`` → 2), walked without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(content, 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, level)
        if level > MAX_JSON_DEPTH:
            break
        stack.extend((child, level + 1) for child in children)
    return deepest
