"""The background task that writes a rally's archive of documents (it takes primary keys)."""

from __future__ import annotations

import logging

from django.http import HttpRequest
from django_tasks import task

from rallye.challenges.services import playful
from rallye.companies.services import practical_by_code
from rallye.field.services import team_link_urls
from rallye.formats.problems import InvalidInput
from rallye.plans.models import PlanVersion
from rallye.plans.reading import planned_version
from rallye.rallies.models import Rally
from rallye.rallies.storage import logo_file
from rallye.www.documents.archive import ArchiveState, archive_state, folder_of, write_archive

logger = logging.getLogger(__name__)
FAILED = "L'archive n'a pas pu être préparée : les données du rallye ou son planning sont à corriger."


@task()
def build_archive(rally_id: int, version_id: int, key: str, team_urls: dict[str, str] | None = None) -> None:
    """Write the archive ``key`` of the rally from the plan version ``version_id``; ``team_urls``:
    the addresses of the teams' pages, made in the request that asked (the worker has no host
    to build them on when ``RALLYE_BASE_URL`` is not set)."""
    folder = folder_of(rally_id)
    path = folder / f"{key}.zip"
    rally = Rally.objects.filter(pk=rally_id).first()
    version = PlanVersion.objects.filter(pk=version_id, rally_id=rally_id).first()
    try:
        if rally is None or version is None or version.content is None:
            raise InvalidInput([])
        planned = planned_version(rally, version)
        if planned.rally is None or planned.plan is None:
            raise InvalidInput(planned.problems)
        urls = team_urls if team_urls is not None else team_link_urls(rally)
        write_archive(
            planned.rally, planned.plan, logo_file(rally), path, practical_by_code(rally), playful(rally), urls
        )
    except Exception:  # any bad data: the page says so, the worker goes on
        logger.exception("archive of rally %s not written", rally_id)
        folder.mkdir(parents=True, exist_ok=True)
        path.with_suffix(".failed").write_text(FAILED, encoding="utf-8")
    finally:
        path.with_suffix(".pending").unlink(missing_ok=True)


def request_archive(rally: Rally, version: PlanVersion, request: HttpRequest | None = None) -> ArchiveState:
    """Ask for the archive unless it is ready or already asked for."""
    state = archive_state(rally, version)
    if state.ready or state.pending:
        return state
    state.path.parent.mkdir(parents=True, exist_ok=True)
    state.path.with_suffix(".failed").unlink(missing_ok=True)
    state.path.with_suffix(".pending").touch()
    build_archive.enqueue(rally.pk, version.pk, state.path.stem, team_link_urls(rally, request))
    return archive_state(rally, version)
