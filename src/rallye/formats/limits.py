"""Limits on the files Rallye reads: every import is refused past them, with a French message.

They are far above any real rally (the charter caps one at 30 participants and a few dozen
companies) and low enough that a hostile or broken file cannot exhaust the memory or the time
of the server: a workbook is read in streaming mode and each sheet stops at ``MAX_ROWS``.
"""

from __future__ import annotations

from rallye.domain import french

MAX_FILE_BYTES = 5 * 1024 * 1024
"""Size of a rally file (``.json`` or ``.xlsx``) as sent or given on the command line."""

MAX_ROWS = 2_000
"""Rows holding data in one sheet of a workbook, and items in one list of ``rally.json``."""

MAX_SCANNED_ROWS = 100_000
"""Rows read in one sheet, empty ones included (a sheet of blank rows still costs time)."""

MAX_COLUMNS = 60
"""Columns read in a sheet; the widest sheet of the template has 14."""

MAX_SHEET_BYTES = 16 * 1024 * 1024
"""Uncompressed size of one sheet (a full sheet of 2,000 rows of the template is about 2 MB).
Needed although sheets are streamed: openpyxl reads a sheet to its end, at opening, when the
sheet does not declare its size (openpyxl's own write-only workbooks do not)."""

MAX_PART_BYTES = 50 * 1024 * 1024
"""Uncompressed size of one part of a workbook other than a sheet (shared texts, styles…),
which openpyxl reads whole; a zip bomb is refused before it is inflated."""

MAX_PROBLEMS_LISTED = 200
"""Problems listed to the user; the rest are counted (« … et 1 234 autres problèmes »)."""

MAX_JSON_DEPTH = 20
"""Nesting of ``rally.json`` (a valid file nests 5 deep: ``rally.schedule[0].lunch.start``)."""


def in_words(count: int) -> str:
    """``2000`` → ``"2 000"``, as French writes numbers (a narrow no-break space between thousands)."""
    return f"{count:,}".replace(",", "\u202f")


def megabytes(size: int) -> str:
    """A size as the pages write it: ``5 * 1024 * 1024`` → ``"5 Mo"``."""
    return f"{french.number(size / 1024 / 1024)} Mo"


def file_limit_help(rest: str) -> str:
    """The help text of a file field: the limit, from :data:`MAX_FILE_BYTES`, then ``rest``."""
    return f"{megabytes(MAX_FILE_BYTES)} au plus{rest}"
