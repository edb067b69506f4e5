"""The rallies' pseudonymous records, kept between requests.

Building a record reads the whole rally (its people, companies, plan, questionnaires, outcomes
and fidelity grid): about 15 ms of CPU, 12 s for the 800 rallies of a national network, which
the dashboard and every report read at once. Records change rarely once a rally has taken
place, so they are kept in :class:`~rallye.evaluation.models.StoredRecord` and rebuilt only
when what they are made of changes:

- every save or deletion of a model the record reads (:data:`SOURCES`) empties the stored
  records it touches, through Django's signals, in the same transaction;
- what changes rows in bulk says so with ``rallye.rallies.changes.data_changed``;
- a record is also rebuilt when the code changed (an upgrade), when the pseudonym key changed,
  and when the rally has since taken place (its grid's prefill depends on it).

Writing is guarded by a generation number: a record built from data read before a change is
never stored over it (:func:`records_of` stores with ``WHERE generation = the one read before
reading the data``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from functools import cache, partial
from pathlib import Path
from typing import Any, cast

from django.db import models, transaction
from django.db.models import BooleanField, ExpressionWrapper, F, Max, Q
from django.db.models.signals import post_delete, post_save

import rallye
from rallye.domain.outcomes import Outcome
from rallye.evaluation.models import (
    FidelityScore,
    FollowUp,
    Funder,
    Funding,
    Questionnaire,
    RallyReporting,
    StoredRecord,
)
from rallye.evaluation.pseudonyms import key_fingerprint
from rallye.field.models import VisitMade
from rallye.organisations.models import Structure
from rallye.plans.models import PlanVersion
from rallye.rallies.changes import rally_data_changed
from rallye.rallies.models import Availability, Company, Participant, Rally, Session, TravelTime, Vehicle
from rallye.reporting.records import CompanyRecord, PersonRecord, RallyRecord

FORMAT = 2
"""The layout of ``StoredRecord.content``; change it when :class:`RallyRecord` changes."""

Builder = Callable[[list[int]], dict[int, RallyRecord | None]]
"""Builds the records of the rallies given (by id) from the database."""


def records_of(pks: list[int], today: dt.date, build: Builder, *, held_only: bool = False) -> dict[int, RallyRecord]:
    """The records of the rallies ``pks`` (those that have dates; with ``held_only``, those that
    have taken place before ``today``): stored ones where still valid, the others built by
    ``build`` and stored. A fixed number of queries to read; one ``UPDATE`` per record built."""
    days = dict(
        Rally.objects.filter(pk__in=pks)
        .order_by()
        .annotate(last_day=Max("sessions__date"))
        .values_list("pk", "last_day")
    )
    wanted = [pk for pk in pks if days.get(pk) is not None and (not held_only or days[pk] < today)]
    stored = _read(wanted)
    records: dict[int, RallyRecord] = {}
    missing: dict[int, int] = {}
    """Rally id → the generation read before building its record."""
    for pk in wanted:
        generation, built_with, record = stored[pk]
        if record is not None and built_with == _built_with(days[pk] < today):
            records[pk] = record
        else:
            missing[pk] = generation
    if missing:
        built = build(list(missing))
        with transaction.atomic():
            for pk, record in built.items():
                if record is None:
                    continue
                records[pk] = record
                built_with = _built_with(record.last_day < today)
                if StoredRecord._base_manager.filter(rally_id=pk, generation=missing[pk]).update(
                    content=_to_json(record), built_with=built_with
                ):
                    transaction.on_commit(partial(_decoded.__setitem__, pk, (missing[pk], built_with, record)))
    return records


def _read(pks: list[int]) -> dict[int, tuple[int, str, RallyRecord | None]]:
    """Rally id → (generation, built_with, record) of its stored record, created empty where
    there is none yet (so that a change made while a record is built bumps its generation).
    Records already decoded by this process are not read again (:data:`_decoded`)."""
    rows = StoredRecord._base_manager.filter(rally_id__in=pks)
    found: dict[int, tuple[int, str, RallyRecord | None]] = {}
    to_decode = []
    with_content = ExpressionWrapper(Q(content__isnull=False), output_field=BooleanField())
    for pk, generation, built_with, has_content in rows.annotate(has_content=with_content).values_list(
        "rally_id", "generation", "built_with", "has_content"
    ):
        known = _decoded.get(pk)
        if known is not None and known[:2] == (generation, built_with):
            found[pk] = known
        else:
            found[pk] = (generation, built_with, None)
            if has_content:
                to_decode.append(pk)
    for pk, generation, built_with, content in rows.filter(rally_id__in=to_decode, content__isnull=False).values_list(
        "rally_id", "generation", "built_with", "content"
    ):
        found[pk] = _decoded[pk] = (generation, built_with, _from_json(cast(dict[str, Any], content)))
    absent = [pk for pk in pks if pk not in found]
    if absent:
        StoredRecord._base_manager.bulk_create([StoredRecord(rally_id=pk) for pk in absent], ignore_conflicts=True)
        for pk, generation in StoredRecord._base_manager.filter(rally_id__in=absent).values_list(
            "rally_id", "generation"
        ):
            found[pk] = (generation, "", None)
    return found


_decoded: dict[int, tuple[int, str, RallyRecord]] = {}
"""Rally id → (generation, built_with, record): the records this process decoded or built, used
while the stored row still has that generation and ``built_with``. Records are immutable; a few
megabytes for a national network."""


def _built_with(taken_place: bool) -> str:
    return f"{_code_and_key()}:{'held' if taken_place else 'to-come'}"


@cache
def _code_and_key() -> str:
    """The code that builds records (a digest of the package's sources: any upgrade rebuilds
    them once) and the pseudonym key they were made with."""
    package = Path(rallye.__file__).parent
    digest = hashlib.sha256()
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode())
        digest.update(source.read_bytes())
    return f"{FORMAT}:{digest.hexdigest()[:16]}:{key_fingerprint()}"


def forget(where: Q) -> int:
    """Empty the stored records matching ``where`` (a condition on ``StoredRecord``)."""
    return StoredRecord._base_manager.filter(where).update(generation=F("generation") + 1, content=None)


# -- serialisation ------------------------------------------------------------------------------


def _to_json(record: RallyRecord) -> dict[str, Any]:
    return dataclasses.asdict(record)


def _from_json(content: dict[str, Any]) -> RallyRecord:
    date = dt.date.fromisoformat
    return RallyRecord(
        **{
            **content,
            "first_day": date(content["first_day"]),
            "last_day": date(content["last_day"]),
            "people": tuple(
                PersonRecord(
                    **{
                        **person,
                        "outcome": Outcome(person["outcome"]) if person["outcome"] else None,
                        "follow_up_due": date(person["follow_up_due"]),
                    }
                )
                for person in content["people"]
            ),
            "companies": tuple(CompanyRecord(**company) for company in content["companies"]),
            "funders": tuple(content["funders"]),
        }
    )


# -- what empties them --------------------------------------------------------------------------


def _rallies_of_structures(structures: Any) -> Q:
    return Q(rally__structure__in=structures)


def _structure_of_rally(rally_ids: Iterable[int]) -> Q:
    """Every rally of the structures of these rallies: a structure's first rally (principle R2)
    depends on the dates of all of them."""
    return _rallies_of_structures(Rally._base_manager.filter(pk__in=list(rally_ids)).values("structure"))


SOURCES: dict[type[models.Model], Callable[[Any], Q]] = {
    Rally: lambda rally: Q(rally=rally.pk),
    Session: lambda session: _structure_of_rally([session.rally_id]),
    Company: lambda company: Q(rally=company.rally_id),
    Availability: lambda availability: Q(
        rally__in=Company._base_manager.filter(pk=availability.company_id).values("rally")
    ),
    Participant: lambda participant: Q(rally=participant.rally_id),
    Vehicle: lambda vehicle: Q(rally=vehicle.rally_id),
    TravelTime: lambda travel_time: Q(rally=travel_time.rally_id),
    PlanVersion: lambda version: Q(rally=version.rally_id),
    Funding: lambda funding: Q(rally=funding.rally_id),
    Funder: lambda funder: Q(rally__in=Funding._base_manager.filter(funder=funder.pk).values("rally")),
    RallyReporting: lambda reporting: Q(rally=reporting.rally_id),
    FidelityScore: lambda score: Q(rally=score.rally_id),
    Questionnaire: lambda questionnaire: Q(rally=questionnaire.rally_id),
    FollowUp: lambda follow_up: Q(
        rally__in=Participant._base_manager.filter(pk=follow_up.participant_id).values("rally")
    ),
    Structure: lambda structure: _rallies_of_structures([structure.pk]),
    VisitMade: lambda made: Q(rally=made.rally_id),
}
"""Each model the records are made of → the stored records a change of one instance touches."""


def _changed(sender: type[models.Model], instance: Any, raw: bool = False, **_: Any) -> None:
    if raw:  # a backup being restored brings its stored records with the data they were made of
        return
    forget(SOURCES[sender](instance))


def _rally_deleted(sender: type[models.Model], instance: Any, **_: Any) -> None:
    """A rally gone may have been its structure's first."""
    forget(_rallies_of_structures([instance.structure_id]))


def _changed_in_bulk(rally_ids: list[int], **_: Any) -> None:
    forget(_structure_of_rally(rally_ids))


def connect() -> None:
    """Called once, when the evaluation app is ready."""
    for model in SOURCES:
        uid = f"stored-records-{model._meta.label}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_changed, sender=model, dispatch_uid=uid)
    post_delete.connect(_rally_deleted, sender=Rally, dispatch_uid="stored-records-rally-deleted")
    rally_data_changed.connect(_changed_in_bulk, dispatch_uid="stored-records-bulk")
