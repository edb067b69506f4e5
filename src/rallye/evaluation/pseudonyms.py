"""Pseudonyms for evaluators: keyed hashes (HMAC-SHA256) of database ids.

The same person always gets the same pseudonym, so an evaluator can follow someone from the
questionnaire before to the six-month outcome, but nobody can go back from a pseudonym to the
person without the key, which stays with the operator (``settings.PSEUDONYM_KEY``, or a key
file in the data directory created on first use, readable by its owner only).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEY_FILE = "pseudonym.key"
MIN_KEY_LENGTH = 32
"""A short key could be guessed by trying pseudonyms against known database ids."""
PREFIXES = {"participant": "P", "company": "E", "rally": "R", "siret": "E", "directory": "E"}


def pseudonym(kind: str, pk: int) -> str:
    """``P-3f9a0c…`` for participant ``pk`` (12 hexadecimal digits)."""
    digest = hmac.new(_key(), f"{kind}:{pk}".encode(), hashlib.sha256).hexdigest()
    return f"{PREFIXES[kind]}-{digest[:12]}"


@cache
def _key() -> bytes:
    configured: str = settings.PSEUDONYM_KEY
    if configured:
        if len(configured) < MIN_KEY_LENGTH:
            raise ImproperlyConfigured(
                f"RALLYE_PSEUDONYM_KEY est trop courte ({len(configured)} caractères) : donnez au moins "
                f"{MIN_KEY_LENGTH} caractères tirés au hasard, par exemple avec « openssl rand -hex 32 »."
            )
        return configured.encode()
    path = Path(settings.DATA_DIR) / KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process created it meanwhile
            pass
        else:
            with os.fdopen(descriptor, "w", encoding="ascii") as key_file:
                key_file.write(secrets.token_hex(32))
    return path.read_text(encoding="ascii").strip().encode()


def key_fingerprint() -> str:
    """A short, one-way token of the key: what was computed with another key is not reused."""
    return hmac.new(_key(), b"fingerprint", hashlib.sha256).hexdigest()[:12]
