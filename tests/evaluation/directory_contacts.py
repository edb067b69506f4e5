"""A directory contact whose details repeat across the rally's rows, the mobilisation log, an
availability answer, the directory's change log and a message: shared by the tests of their
export, erasure and retention."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rallye.companies.models import (
    AvailabilityAnswer,
    Channel,
    CompanyContact,
    ContactLog,
    DirectoryChange,
    DirectoryCompany,
    Mobilisation,
)
from rallye.messaging.models import Message
from rallye.organisations.models import Structure
from rallye.rallies.conversion import save_domain_rally
from rallye.rallies.models import Company, Rally
from tests.factories import build, rally_content

NAME, PHONE, EMAIL = "Marie Fournier", "06 12 34 56 78", "marie.fournier@boulangerie.example"
LAST_DAY = dt.date(2027, 3, 19)
KEPT_UNTIL = dt.date(2029, 9, 19)
"""Six months after the rally's last day, then the structure's 24 months."""


@dataclass
class Contacted:
    entry: DirectoryCompany
    contact: CompanyContact
    rally: Rally
    row: Company
    log: ContactLog
    answer: AvailabilityAnswer
    change: DirectoryChange
    message: Message


def contacted(structure: Structure) -> Contacted:
    entry = DirectoryCompany.objects.create(structure=structure, name="Boulangerie Fournier", sector="Commerce")
    contact = CompanyContact.objects.create(company=entry, name=NAME, role="gérante", phone=PHONE, email=EMAIL)
    other = CompanyContact.objects.create(company=entry, name="Paul Martin", role="chef d'équipe")
    rally = save_domain_rally(structure, build(rally_content()))
    row = Company.objects.get(rally=rally, code="C02")
    row.directory, row.contact_name, row.contact_phone, row.contact_email = entry, NAME, PHONE, EMAIL
    row.save()
    mobilisation = Mobilisation.objects.create(rally=rally, company=entry)
    log = ContactLog.objects.create(
        mobilisation=mobilisation, date=dt.date(2027, 1, 5), channel=Channel.PHONE, who=NAME, note="Rappeler mardi"
    )
    ContactLog.objects.create(mobilisation=mobilisation, date=dt.date(2027, 1, 6), channel=Channel.EMAIL, who="MIFE")
    answer = AvailabilityAnswer.objects.create(company=row, answered_by=NAME, changes=[])
    line = f"{NAME} · gérante · {PHONE} · {EMAIL}"
    change = DirectoryChange.objects.create(
        company=entry,
        summary="Modification",
        changes=[{"field": "", "label": "Contacts", "before": "—", "after": f"{line}\nPaul Martin · chef d'équipe"}],
    )
    message = Message.objects.create(
        structure=structure,
        rally=rally,
        purpose="availability",
        recipient=EMAIL,
        subject="Vos disponibilités",
        body="…",
    )
    assert other.pk
    return Contacted(entry, contact, rally, row, log, answer, change, message)
