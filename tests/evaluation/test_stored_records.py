"""Records kept between requests (``rallye.evaluation.stored``): read back equal to a record
built afresh, reused while nothing changed, and rebuilt after any change of what they are made
of, whichever way the change is made."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from rallye.domain.outcomes import Outcome
from rallye.evaluation import stored
from rallye.evaluation.models import FidelityScore, Funding, RallyReporting, StoredRecord
from rallye.evaluation.records import rally_record, rally_records
from rallye.evaluation.services import FollowUpEntry, record_follow_ups
from rallye.plans.models import PlanVersion
from rallye.plans.versions import make_current
from rallye.rallies.conversion import domain_rally, save_domain_rally
from rallye.rallies.models import Rally

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 29)
HELD = "Rallye pour l'emploi — Annecy, mai 2026"
"""A rally of the demo that has taken place: a plan, questionnaires, outcomes, a grid."""


def held() -> Rally:
    rally: Rally = Rally.objects.select_related("structure").get(name=HELD)
    return rally


def stored_then_read(rally: Rally) -> None:
    """Store the rally's record, and check it is there."""
    rally_records([rally], TODAY)
    assert StoredRecord.objects.get(rally=rally).content is not None


def read(rally: Rally) -> object:
    (record,) = rally_records(Rally.objects.filter(pk=rally.pk).select_related("structure"), TODAY)
    return record


def test_every_record_of_the_demo_reads_back_equal_to_the_one_built() -> None:
    rallies = Rally.objects.select_related("structure")
    built = {r.key: r for r in (rally_record(rally, TODAY) for rally in rallies) if r is not None}
    assert len(built) >= 6
    for record in built.values():
        as_stored = json.loads(json.dumps(stored._to_json(record), cls=DjangoJSONEncoder))
        assert stored._from_json(as_stored) == record
    first = {r.key: r for r in rally_records(rallies, TODAY)}
    stored._decoded.clear()  # as a server process that starts
    assert {r.key: r for r in rally_records(rallies, TODAY)} == first == built


def test_a_stored_record_is_not_built_again(monkeypatch: pytest.MonkeyPatch) -> None:
    rally = held()
    stored_then_read(rally)
    stored._decoded.clear()

    def build(pks: list[int]) -> dict[int, object]:
        raise AssertionError(f"built again: {pks}")

    expected = rally_record(rally, TODAY)
    monkeypatch.setattr("rallye.evaluation.records._record", build)
    assert read(rally) == expected


def change_follow_up(rally: Rally) -> None:
    person = rally.participants.filter(present=True).first()
    assert person is not None
    record_follow_ups(rally, {person.pk: FollowUpEntry(Outcome.CDI)}, None, TODAY)


def change_score(rally: Rally) -> None:
    FidelityScore.objects.update_or_create(rally=rally, principle="R1", defaults={"score": 0})


def change_reporting(rally: Rally) -> None:
    RallyReporting.objects.update_or_create(rally=rally, defaults={"network_meetings": False})


def change_participant(rally: Rally) -> None:
    person = rally.participants.first()
    assert person is not None
    person.birth_year -= 1
    person.save()


def change_company(rally: Rally) -> None:
    company = rally.companies.first()
    assert company is not None
    company.sector = "Un autre secteur"
    company.save()


def change_structure(rally: Rally) -> None:
    rally.structure.name = "Nouveau nom de la structure"
    rally.structure.save()


def change_funder(rally: Rally) -> None:
    funding = Funding.objects.filter(rally=rally).select_related("funder").first()
    assert funding is not None
    funding.funder.name = "Nouveau nom du financeur"
    funding.funder.save()


def change_answers(rally: Rally) -> None:
    questionnaire = rally.questionnaires.filter(answers__isnull=False, participant__isnull=False).first()
    assert questionnaire is not None
    questionnaire.answers = {**questionnaire.answers, "confidence": 1}
    questionnaire.save()


def plan_made_current_in_bulk(rally: Rally) -> None:
    version = PlanVersion.objects.get(rally=rally, is_current=True)
    content = dict(version.content or {})
    content["absent"] = [rally.participants.filter(present=True).values_list("code", flat=True).first()]
    make_current(version, content)


def imported_again(rally: Rally) -> None:
    data = domain_rally(rally)
    save_domain_rally(rally.structure, dataclasses.replace(data, participants=data.participants[1:]), rally)


CHANGES: dict[str, Callable[[Rally], None]] = {
    "six-month outcome": change_follow_up,
    "fidelity score": change_score,
    "reporting": change_reporting,
    "participant": change_participant,
    "company": change_company,
    "structure renamed": change_structure,
    "funder renamed": change_funder,
    "questionnaire answers": change_answers,
    "plan made current (UPDATE)": plan_made_current_in_bulk,
    "rally imported again (bulk)": imported_again,
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_any_change_rebuilds_the_record(change: Callable[[Rally], None]) -> None:
    rally = held()
    stored_then_read(rally)
    before = read(rally)
    change(rally)
    assert StoredRecord.objects.get(rally=rally).content is None
    rally = held()
    fresh = rally_record(rally, TODAY)
    assert fresh != before, "the change shows in the record"
    assert read(rally) == fresh
    assert StoredRecord.objects.get(rally=rally).content is not None


def test_a_session_moved_rebuilds_every_record_of_the_structure() -> None:
    """A structure's first rally (principle R2) depends on the dates of all its rallies."""
    rally = held()
    others = list(Rally.objects.filter(structure=rally.structure).exclude(pk=rally.pk))
    assert others
    for other in [rally, *others]:
        stored_then_read(other)
    session = rally.sessions.order_by("date").first()
    assert session is not None
    session.date -= dt.timedelta(days=3650)
    session.save()
    assert not StoredRecord.objects.filter(rally__structure=rally.structure, content__isnull=False).exists()


def test_a_record_built_while_the_data_changed_is_not_stored(monkeypatch: pytest.MonkeyPatch) -> None:
    """The generation read before the data guards the write: a change that lands while the
    record is being built (another request, another process) leaves it to be built again."""
    rally = held()
    StoredRecord.objects.filter(rally=rally).delete()
    original = stored._read

    def read_then_change(pks: list[int]) -> dict[int, tuple[int, str, object]]:
        found = original(pks)
        change_score(rally)
        return found  # type: ignore[return-value]

    monkeypatch.setattr(stored, "_read", read_then_change)
    read(rally)
    assert StoredRecord.objects.get(rally=rally).content is None


def test_a_new_pseudonym_key_rebuilds_the_records(monkeypatch: pytest.MonkeyPatch) -> None:
    rally = held()
    stored_then_read(rally)
    monkeypatch.setattr(stored, "_code_and_key", lambda: "another-code-or-key")
    built: list[list[int]] = []
    original = stored.records_of

    def spy(pks: list[int], today: dt.date, build: stored.Builder, **kwargs: bool) -> object:
        def counting(missing: list[int]) -> dict[int, object]:
            built.append(missing)
            return build(missing)  # type: ignore[return-value]

        return original(pks, today, counting, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("rallye.evaluation.records.records_of", spy)
    read(rally)
    assert built == [[rally.pk]]
