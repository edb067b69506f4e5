"""Personal data of the company directory's contacts: what is held on a contact (the answer to
their access request), erasure on request, and erasure once the retention period is over.

A contact's data are their row (``CompanyContact``: name, role, phone, e-mail) and what repeats
them: the contact person copied into the company's rows of rallies, the mobilisation log (« qui »,
note), the names of those who answered the availability link, the directory's change log, and
the messages sent to their address. Erasure removes each of them; the company, its sector, its
practical information and its history of rallies stay.

Retention: a directory entry's contacts are kept as long as the data of the latest rally the
company took part in or was mobilised for (``Structure.retention_months`` after that rally's
six-month follow-up), or, for a company in no dated rally, ``retention_months`` after the entry
last changed. A company mobilised for a rally without dates keeps them. The purge
(``rallye.evaluation.personal_data.purge``) then deletes its contacts and clears the rest.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q

from rallye.companies.models import AvailabilityAnswer, CompanyContact, ContactLog, DirectoryChange, DirectoryCompany
from rallye.domain.outcomes import add_months
from rallye.evaluation.data_log import log_action
from rallye.evaluation.models import DataAction
from rallye.evaluation.records import rally_dates
from rallye.messaging.models import Message
from rallye.rallies.models import Company, Rally

ERASED = "effacé"
"""What replaces a contact's details in the logs that kept them."""


def _date(value: dt.date | dt.datetime | None) -> str:
    return value.strftime("%d/%m/%Y") if value is not None else ""


def _mentions(contact: CompanyContact) -> Q:
    """Rows of free text or names that carry this contact's name, phone or e-mail."""
    values = [v for v in (contact.name, contact.phone, contact.email) if v]
    query = Q(pk__in=[])
    for value in values:
        query |= Q(contact_name=value) | Q(contact_phone=value) | Q(contact_email=value)
    return query


def _rally_rows(contact: CompanyContact) -> list[Company]:
    return list(Company.objects.filter(directory=contact.company).filter(_mentions(contact)).select_related("rally"))


def _logs(contact: CompanyContact) -> list[ContactLog]:
    return list(ContactLog.objects.filter(mobilisation__company=contact.company, who=contact.name))


def _answers(contact: CompanyContact) -> list[AvailabilityAnswer]:
    return list(AvailabilityAnswer.objects.filter(company__directory=contact.company, answered_by=contact.name))


def _messages(contact: CompanyContact) -> list[Message]:
    addresses = [v for v in (contact.email, contact.phone) if v]
    if not addresses:
        return []
    return list(Message.objects.filter(structure=contact.company.structure, recipient__in=addresses))


def contact_data(contact: CompanyContact) -> dict[str, Any]:
    """Everything held on a directory contact, in French, for their access request."""
    company = contact.company
    return {
        "structure": company.structure.name,
        "entreprise": company.name,
        "contact": {"nom": contact.name, "fonction": contact.role, "téléphone": contact.phone, "e-mail": contact.email},
        "rallyes": [
            {
                "rallye": row.rally.name,
                "contact": row.contact_name,
                "téléphone": row.contact_phone,
                "e-mail": row.contact_email,
            }
            for row in _rally_rows(contact)
        ],
        "échanges notés": [
            {
                "le": _date(log.date),
                "moyen": log.get_channel_display(),
                "qui": log.who,
                "note": log.note,
                "prochaine action": log.next_action,
            }
            for log in _logs(contact)
        ],
        "réponses de disponibilités": [
            {"le": _date(answer.answered_at), "par": answer.answered_by} for answer in _answers(contact)
        ],
        "messages reçus": [
            {"le": _date(m.created_at), "objet": m.subject, "état": m.get_state_display()} for m in _messages(contact)
        ],
    }


def describe(contact: CompanyContact) -> str:
    """How the journal designates a contact: no name."""
    return f"contact n° {contact.pk} de l'entreprise n° {contact.company_id} de l'annuaire"


def export_contact(contact: CompanyContact, user: Any) -> dict[str, Any]:
    data = contact_data(contact)
    log_action(
        DataAction.PERSON_EXPORT, user=user, structure=contact.company.structure, people=1, detail=describe(contact)
    )
    return data


def _scrub_changes(company: DirectoryCompany, values: list[str]) -> None:
    """The directory's change log without these values (names, phones, e-mails)."""
    for change in DirectoryChange.objects.filter(company=company):
        lines = []
        for line in change.changes:
            cleaned = dict(line)
            for side in ("before", "after"):
                text = str(cleaned.get(side, ""))
                for value in values:
                    text = text.replace(value, ERASED)
                cleaned[side] = text
            lines.append(cleaned)
        if lines != change.changes:
            change.changes = lines
            change.save(update_fields=["changes"])


def _erase(contact: CompanyContact) -> None:
    values = [v for v in (contact.name, contact.phone, contact.email) if v]
    for row in _rally_rows(contact):
        row.contact_name = "" if row.contact_name in values else row.contact_name
        row.contact_phone = "" if row.contact_phone in values else row.contact_phone
        row.contact_email = "" if row.contact_email in values else row.contact_email
        row.save(update_fields=["contact_name", "contact_phone", "contact_email"])
    ContactLog.objects.filter(pk__in=[log.pk for log in _logs(contact)]).update(who="", note="")
    AvailabilityAnswer.objects.filter(pk__in=[a.pk for a in _answers(contact)]).update(answered_by="")
    Message.objects.filter(pk__in=[m.pk for m in _messages(contact)]).update(recipient="", subject="", body="")
    _scrub_changes(contact.company, values)
    contact.delete()


@transaction.atomic
def erase_contact(contact: CompanyContact, user: Any) -> None:
    """Erase a directory contact on request, and log it."""
    detail = describe(contact)
    structure = contact.company.structure
    _erase(contact)
    log_action(DataAction.ERASURE, user=user, structure=structure, people=1, detail=detail)


# -- retention -------------------------------------------------------------------------------
@dataclass(frozen=True)
class DirectoryRetention:
    company: DirectoryCompany
    kept_until: dt.date | None
    """The last day its contacts are kept; ``None`` while a rally it is in has no dates."""
    contacts: int
    """Contacts still recorded."""
    logs: int
    """Entries of its mobilisation log that still name someone or hold a note."""

    def past(self, today: dt.date) -> bool:
        return self.kept_until is not None and today > self.kept_until

    @property
    def pending(self) -> bool:
        return bool(self.contacts or self.logs)


def directory_retention(
    company: DirectoryCompany, follow_ups: dict[int, dt.date | None] | None = None
) -> DirectoryRetention:
    """``follow_ups``: rally id → six-month follow-up date, filled as rallies are read (a schedule
    shares it between entries)."""
    follow_ups = {} if follow_ups is None else follow_ups
    months = company.structure.retention_months
    ids = set(company.rally_companies.values_list("rally_id", flat=True))
    ids |= set(company.mobilisations.values_list("rally_id", flat=True))
    for rally in Rally.objects.filter(pk__in=ids - follow_ups.keys()):
        follow_ups[rally.pk] = rally_dates(rally).follow_up_due
    ends = [add_months(due, months) if (due := follow_ups[pk]) is not None else None for pk in ids]
    if None in ends:
        kept: dt.date | None = None
    elif ends:
        kept = max(end for end in ends if end is not None)
    else:
        kept = add_months(company.updated_at.date(), months)
    logs = ContactLog.objects.filter(mobilisation__company=company).exclude(who="", note="").count()
    return DirectoryRetention(company, kept, len(company.contacts.all()), logs)


def directory_schedule(structure_id: int | None = None) -> list[DirectoryRetention]:
    """Every directory entry (of one structure, or all), the first to be erased first."""
    entries = DirectoryCompany.objects.select_related("structure")
    if structure_id is not None:
        entries = entries.filter(structure_id=structure_id)
    follow_ups: dict[int, dt.date | None] = {}
    found = [directory_retention(company, follow_ups) for company in entries.prefetch_related("contacts")]
    return sorted(found, key=lambda r: (r.kept_until or dt.date.max, r.company.pk))


def directory_due(today: dt.date, structure_id: int | None = None) -> list[DirectoryRetention]:
    """The directory entries whose contacts the purge erases today."""
    return [r for r in directory_schedule(structure_id) if r.past(today) and r.pending]


def purge_directory_entry(item: DirectoryRetention) -> None:
    """Erase every contact of the entry, and the names and notes of its mobilisation log."""
    for contact in list(item.company.contacts.all()):
        _erase(contact)
    ContactLog.objects.filter(mobilisation__company=item.company).update(who="", note="")
