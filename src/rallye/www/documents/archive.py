"""The archive of every document of a rally (``documents.zip``), built in the background.

Writing a dozen PDF takes seconds: a request never waits for it. The first download asks for
the archive (:func:`request_archive`, a background task, ``build_archive``); the documents page
says « en préparation » and reloads itself until the file is ready, then offers it. Each archive
is kept under the data directory (``documents/rallye-<id>/``) by a fingerprint of what it is
made of (the rally's data, the current plan version, its cancellations and the logo): a change
of any of them asks for a new archive, and the old one is removed once the new one is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from rallye.challenges.services import fingerprint_of
from rallye.companies.services import practical_by_code
from rallye.documents import write_documents
from rallye.documents.rendering import Practical, TeamLinks
from rallye.domain.challenges import Playful
from rallye.domain.plan import Plan
from rallye.domain.rally import Rally as DomainRally
from rallye.field.services import team_links
from rallye.plans.models import PlanVersion
from rallye.rallies.conversion import rally_content
from rallye.rallies.models import Rally
from rallye.rallies.storage import logo_file

STALE_AFTER = dt.timedelta(minutes=15)
"""A request older than this without an archive is asked again (its worker stopped)."""


@dataclass(frozen=True)
class ArchiveState:
    path: Path
    """Where the archive is (or will be) written."""
    ready: bool
    pending: bool
    failed: str
    """Why the last attempt failed, in words for the user; « » otherwise."""


def folder_of(rally_id: int) -> Path:
    return Path(settings.DATA_DIR) / "documents" / f"rallye-{rally_id}"


def fingerprint(rally: Rally, version: PlanVersion) -> str:
    """What the archive is made of, in a few characters."""
    logo = logo_file(rally)
    made_of = {
        "rally": rally_content(rally),
        "version": version.pk,
        "plan": version.content,
        "cancelled": sorted(version.cancelled or []),
        "logo": [rally.logo.name, logo.stat().st_mtime_ns] if logo is not None else None,
        "practical": practical_by_code(rally),
        "playful": fingerprint_of(rally),
        "team_links": {code: link.token for code, link in team_links(rally).items()},
    }
    return hashlib.sha256(json.dumps(made_of, sort_keys=True, default=str).encode()).hexdigest()[:20]


def archive_state(rally: Rally, version: PlanVersion) -> ArchiveState:
    folder = folder_of(rally.pk)
    key = fingerprint(rally, version)
    path = folder / f"{key}.zip"
    pending = folder / f"{key}.pending"
    failed = folder / f"{key}.failed"
    fresh = pending.exists() and timezone.now().timestamp() - pending.stat().st_mtime < STALE_AFTER.total_seconds()
    return ArchiveState(
        path=path,
        ready=path.exists(),
        pending=not path.exists() and fresh,
        failed=failed.read_text(encoding="utf-8") if failed.exists() and not path.exists() else "",
    )


def write_archive(
    data: DomainRally,
    plan: Plan,
    logo: Path | None,
    path: Path,
    practical: Practical | None = None,
    playful: Playful | None = None,
    team_links: TeamLinks | None = None,
) -> None:
    """Write the archive to ``path`` (whole or not at all), then remove the rally's older ones."""
    with tempfile.TemporaryDirectory(dir=path.parent) as folder:
        written = write_documents(
            data, plan, Path(folder), logo_path=logo, practical=practical, playful=playful, team_links=team_links
        )[-1]
        written.replace(path)
    for other in path.parent.iterdir():
        if other != path and other.suffix in (".zip", ".pending", ".failed"):
            other.unlink(missing_ok=True)
