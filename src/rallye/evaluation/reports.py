"""The reports built from the database: one definition for the downloads of the « Bilans » page
and for ``rallye report``, so that the web and the command line give the same reports.

- Rallies that have taken place only (``rally_records(..., held_only=True)``): a rally to come
  is never counted as run.
- A funder's report is a ``Funder``'s, that is a structure's funder: two funders of the same name
  in two structures are two reports. It shows the amounts the funder gave, when recorded.
- A structure's Ansa report waits until its first rally has taken place.
- The federation and Ansa reports say how many fidelity scores are still the data's proposal,
  from the scores the federation or an evaluator confirmed (``FidelityScore``).

Each function returns the report, or :class:`NoReport` with the reason there is none, in words
shown as they are to the user (a message on the « Bilans » page) or the operator (the command
line). Callers scope the rallies, structures and funders they pass.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from rallye.evaluation.dates import DatedRally, first_rallies, held, rallies_of_year
from rallye.evaluation.models import FidelityScore, Funder, FunderKind, Funding, FundingState
from rallye.evaluation.records import rally_records
from rallye.organisations.models import Structure
from rallye.rallies.models import Rally
from rallye.reporting.records import RallyRecord
from rallye.reporting.reports import Report, ansa_report, federation_report, funder_report


@dataclass(frozen=True)
class NoReport:
    reason: str
    """Why, as a clause without capital or full stop: « aucun rallye n'a eu lieu en 2031 »."""


def held_records(rallies: QuerySet[Rally], today: dt.date, year: int | None = None) -> list[RallyRecord]:
    """The records of the rallies (of ``year`` when set) that have taken place before ``today``."""
    chosen = held(rallies_of_year(rallies, year), today).select_related("structure")
    return rally_records(chosen, today, held_only=True)


def confirmed_principles(records: list[RallyRecord]) -> dict[str, frozenset[str]]:
    """Rally key → codes of the principles whose score the federation or an evaluator confirmed."""
    confirmed: dict[str, set[str]] = {}
    scores = FidelityScore.objects.filter(rally_id__in=[int(r.key) for r in records])
    for rally_id, code in scores.values_list("rally_id", "principle"):
        confirmed.setdefault(str(rally_id), set()).add(code)
    return {key: frozenset(codes) for key, codes in confirmed.items()}


def nothing_held(year: int | None) -> str:
    return f"aucun rallye n'a eu lieu en {year}" if year is not None else "aucun rallye n'a encore eu lieu"


def federation_report_of(
    rallies: QuerySet[Rally], *, federation: str, year: int | None, today: dt.date
) -> Report | NoReport:
    records = held_records(rallies, today, year)
    if not records:
        return NoReport(nothing_held(year))
    confirmed = confirmed_principles(records)
    return federation_report(records, federation=federation, year=year, today=today, confirmed=confirmed)


def first_rally_to_come(structure: Structure, first: DatedRally) -> str:
    return (
        f"le premier rallye de {structure.name} (« {first.name} », {first.period}) n'a pas encore eu lieu : "
        "son bilan pour l'Ansa sera prêt après le rallye"
    )


def ansa_report_of(structure: Structure, *, today: dt.date, year: int | None = None) -> Report | NoReport:
    """The report on the structure's first rally, once it has taken place (and started in ``year``
    when set)."""
    first = first_rallies(Rally.objects.filter(structure=structure)).get(structure.pk)
    if first is None:
        return NoReport(f"{structure.name} n'a encore aucun rallye daté, donc pas de premier rallye à présenter")
    if not first.taken_place(today):
        return NoReport(first_rally_to_come(structure, first))
    if year is not None and first.first_day.year != year:
        return NoReport(f"le premier rallye de {structure.name} n'a pas eu lieu en {year}")
    records = held_records(Rally.objects.filter(pk=first.pk), today)
    return ansa_report(
        records,
        federation=structure.federation.name,
        structure=structure.name,
        today=today,
        confirmed=confirmed_principles(records),
    )


def funder_report_of(funder: Funder, *, year: int | None, today: dt.date) -> Report | NoReport:
    """The report of this funder of its structure, on the rallies it financed that have taken place."""
    granted = Rally.objects.filter(fundings__funder=funder, fundings__state=FundingState.GRANTED).distinct()
    records = held_records(granted, today, year)
    if not records:
        when = f"en {year}" if year is not None else "pour l'instant"
        return NoReport(f"{funder.name} n'a financé aucun rallye qui a eu lieu {when}")
    amounts = dict(Funding.objects.filter(funder=funder, state=FundingState.GRANTED).values_list("rally_id", "amount"))
    return funder_report(
        records,
        funder=funder.name,
        structure=funder.structure.name,
        year=year,
        today=today,
        amounts={str(rally_id): amount for rally_id, amount in amounts.items()},
        rsa_target=funder.kind == FunderKind.DEPARTEMENT,
    )
