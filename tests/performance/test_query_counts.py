"""The main pages read the database in a fixed number of queries, whatever the amount of data:
no query per row, long lists paginated. Each page is counted on a small national database
(``benchmarks.national``: 2 structures, 6 rallies) and on one three times larger (6 structures,
18 rallies); the counts must be the same, and they are kept as a snapshot so that a change
shows in review (``uv run pytest tests/performance --snapshot-update`` after a deliberate one).

The pages about one rally are counted on the rally of the first structure with the fewest
participants in the small database and on the one with the most in the large one: both have
taken place, with questionnaires, six-month outcomes and a confirmed fidelity grid."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from benchmarks.national import BENCH_PASSWORD, FEDERATION, FEDERATION_ADMIN, build_national, coordinator_email
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from syrupy.assertion import SnapshotAssertion

from rallye.evaluation import stored
from rallye.organisations.models import Structure
from rallye.rallies.models import Rally

pytestmark = pytest.mark.usefixtures("immediate_tasks", "data_in_tmp")

SMALL = (2, 6)
LARGE = (6, 18)
"""(structures, rallies): three times as much of everything."""


def network_pages(rally: int) -> dict[str, str]:
    return {
        "accueil (fédération)": reverse("home"),
        "tableau de bord du réseau": reverse("network:dashboard"),
        "tableau de bord, une année": reverse("network:dashboard") + f"?annee={timezone.localdate().year - 1}",
        "grilles de fidélité": reverse("network:fidelity_compare"),
        "grille d'un rallye": reverse("network:fidelity", args=[rally]),
        "bilans (fédération)": reverse("network:reports"),
    }


def structure_pages(rally: int) -> dict[str, str]:
    return {
        "accueil (structure)": reverse("home"),
        "liste des rallyes": reverse("rallies:list"),
        "rallye": reverse("rallies:detail", args=[rally]),
        "participants": reverse("rallies:participants", args=[rally]),
        "entreprises": reverse("rallies:companies", args=[rally]),
        "planning": reverse("plans:planning", args=[rally]),
        "évaluation du rallye": reverse("evaluation:rally", args=[rally]),
        "suivi à 6 mois": reverse("evaluation:follow_up", args=[rally]),
        "suivis à faire": reverse("evaluation:due"),
        "documents": reverse("documents:documents", args=[rally]),
        "bilans (structure)": reverse("network:reports"),
    }


def counted(email: str, pages: dict[str, str]) -> dict[str, int]:
    """The queries of each page, signed in as ``email``, after a first visit (the session's
    first requests read what later ones find in it)."""
    client = Client()
    assert client.login(email=email, password=BENCH_PASSWORD)
    counts = {}
    for name, url in pages.items():
        assert client.get(url).status_code == 200, name
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, name
        counts[name] = len(queries.captured_queries)
    return counts


def page_counts(size: tuple[int, int], pick: Callable[[list[Rally]], Rally]) -> dict[str, int]:
    """Build the national database of ``size``, count every page, and leave nothing behind."""
    with transaction.atomic():
        build_national(*size, today=timezone.localdate())
        first = Structure.objects.filter(federation__name=FEDERATION).order_by("name").first()
        candidates = list(
            Rally.objects.filter(structure=first, fidelity_scores__isnull=False, participants__follow_up__isnull=False)
            .distinct()
            .annotate(people=Count("participants", distinct=True))
            .order_by("people", "pk")
        )
        assert candidates, "the seeded database has a rally with outcomes and a grid"
        rally = pick(candidates).pk
        counts = counted(FEDERATION_ADMIN, network_pages(rally)) | counted(coordinator_email(1), structure_pages(rally))
        transaction.set_rollback(True)
    return counts


class _NothingKept(dict[int, object]):
    """A server process's memory of decoded records, always empty: the pages are counted as a
    process that starts reads them (the stored records themselves, in the database, are kept)."""

    def __setitem__(self, key: int, value: object) -> None:
        pass


@pytest.mark.django_db
def test_the_main_pages_run_as_many_queries_whatever_the_data(
    snapshot: SnapshotAssertion, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stored, "_decoded", _NothingKept())
    small = page_counts(SMALL, lambda rallies: rallies[0])
    large = page_counts(LARGE, lambda rallies: rallies[-1])
    assert large == small
    assert small == snapshot
