"""One read path for a planned rally: each request converts and validates its rally once, and
the problems it finds are told in the words of the rally's pages, never as JSON paths."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django_tasks_db.models import DBTaskResult

from rallye.demo import DEMO_PASSWORD
from rallye.formats.rally_input import validate_rally
from rallye.rallies import conversion
from rallye.rallies.models import Participant, Rally
from rallye.www.documents.tasks import build_archive
from tests.conftest import demo_loaded
from tests.www.rallies.helpers import text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks", "data_in_tmp", "rendered_pdfs_reused")]


@pytest.fixture
def rally() -> Rally:
    """The demo's Annecy rally: planned, with companies and people."""
    demo_loaded()
    return Rally.objects.get(name="Rallye pour l'emploi — Annecy, mars 2027")


@pytest.fixture
def client() -> Client:
    client = Client()
    assert client.login(email="coordination@mife74.demo", password=DEMO_PASSWORD)
    return client


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every conversion of a rally to rally content and every validation, as they happen."""
    calls: list[str] = []

    def counting(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            calls.append(name)
            return function(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(conversion, "to_content", counting("to_content", conversion.to_content))
    monkeypatch.setattr(conversion, "validate_rally", counting("validate_rally", validate_rally))
    yield calls


@pytest.mark.parametrize(
    "page",
    [
        "documents/convocation.pdf",
        "documents/roadbook.pdf",
        "planning/",
        "planning/versions/1/",
        "",
        "export/rally.json",
    ],
)
def test_a_page_converts_and_validates_its_rally_once(
    rally: Rally, client: Client, validations: list[str], page: str
) -> None:
    response = client.get(f"/rallyes/{rally.pk}/{page}")
    assert response.status_code == 200, page
    assert validations == ["to_content", "validate_rally"], page


def test_the_replan_page_reads_the_plan_without_converting_the_rally(
    rally: Rally, client: Client, validations: list[str]
) -> None:
    assert client.get(f"/rallyes/{rally.pk}/planning/jour-j/").status_code == 200
    assert validations == []


def test_asking_for_the_archive_validates_once_and_so_does_the_worker(
    rally: Rally, client: Client, validations: list[str], settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # the worker runs it later
    assert client.get(f"/rallyes/{rally.pk}/documents/documents.zip").status_code == 302
    assert validations == ["to_content", "validate_rally"]
    validations.clear()
    result = DBTaskResult.objects.get(task_path=build_archive.module_path)
    build_archive.func(*result.args_kwargs["args"])
    assert validations == ["to_content", "validate_rally"]


def test_problems_speak_the_words_of_the_forms(rally: Rally, client: Client) -> None:
    person = Participant.objects.filter(rally=rally).order_by("code").first()
    assert person is not None
    Participant.objects.filter(pk=person.pk).update(birth_year=1800)
    where = f"Participant {person.first_name} {person.last_name[0]}. ({person.code}), année de naissance"
    for page in ("", "planning/", "export/rally.json"):
        shown = text(client.get(f"/rallyes/{rally.pk}/{page}"))
        assert where in shown and "« 1800 » n'est pas une année" in shown, page
        assert "participants[" not in shown and "birth_year" not in shown, page
