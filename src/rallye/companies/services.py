"""What users do with the directory and the mobilisation log, each change written with its author.

Views call these functions; they never write the models themselves. A change of a rally (a
company added from the directory, a mobilisation's status, a contact logged) goes to the rally's
history (``rallye.history.services.record``); a change of the directory goes to
:class:`~rallye.companies.models.DirectoryChange`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from stdnum.fr import siret as stdnum_siret

from rallye.companies.models import (
    Channel,
    ContactLog,
    DirectoryChange,
    DirectoryCompany,
    Mobilisation,
    Status,
)
from rallye.domain import charter
from rallye.domain.rally import GROUPED_VISIT
from rallye.history.models import Action, ObjectKind
from rallye.history.services import EMPTY, Change, author_name, record
from rallye.rallies.models import Company, Rally


class InvalidSiret(ValueError):
    """The message says, in French, what is wrong with the number."""


def normalised_siret(text: str) -> str:
    """A SIRET as 14 digits (spaces and dots dropped), checked by python-stdnum: the Luhn key of
    every establishment, and La Poste's own rule for its establishments; ``""`` stays ``""``."""
    compact = re.sub(r"[\s.]", "", text or "")
    if not compact:
        return ""
    try:
        number: str = stdnum_siret.validate(compact)
    except InvalidLength:
        raise InvalidSiret(f"un SIRET compte 14 chiffres ; « {compact} » en a {len(compact)}") from None
    except InvalidFormat:
        raise InvalidSiret(f"un SIRET ne compte que des chiffres ; « {text.strip()} » en contient d'autres") from None
    except InvalidChecksum:
        raise InvalidSiret(
            f"« {compact} » n'est pas un SIRET valide (sa clé de contrôle est fausse) ; vérifiez-le sur l'avis "
            "de situation ou annuaire-entreprises.data.gouv.fr"
        ) from None
    return number


def log_directory_change(
    company: DirectoryCompany, user: Any, summary: str, changes: Iterable[Change] = ()
) -> DirectoryChange:
    author = user if getattr(user, "is_authenticated", False) else None
    return DirectoryChange.objects.create(
        company=company, author=author, author_name=author_name(author), summary=summary[:500], changes=list(changes)
    )


def default_capacity(company: DirectoryCompany) -> int:
    """People hosted at once when nobody said: a grouped visit for a company that accepts them,
    else one team of the charter's largest size and its accompanier."""
    return GROUPED_VISIT[1] if company.grouped_visits else charter.TEAM_SIZE.max + 1


def next_code(rally: Rally) -> str:
    used = set(Company.objects.filter(rally=rally).values_list("code", flat=True))
    number = 1
    while f"C{number:02d}" in used:
        number += 1
    return f"C{number:02d}"


def mobilise(rally: Rally, companies: Iterable[DirectoryCompany], user: Any) -> list[Mobilisation]:
    """Put directory companies on the rally's mobilisation list (« à contacter »); those already
    on it are left as they are. Returns the new rows."""
    already = set(Mobilisation.objects.filter(rally=rally).values_list("company_id", flat=True))
    added = []
    with transaction.atomic():
        for company in companies:
            if company.pk in already:
                continue
            added.append(Mobilisation.objects.create(rally=rally, company=company))
            record(rally, user, Action.CREATED, kind=ObjectKind.COMPANY, label=company.name, summary="À mobiliser")
    return added


def set_status(mobilisation: Mobilisation, status: Status, user: Any) -> None:
    before = Status(mobilisation.status).label
    if status == mobilisation.status:
        return
    with transaction.atomic():
        mobilisation.status = status
        mobilisation.save(update_fields=["status"])
        change: Change = {
            "field": "status",
            "label": "État de la mobilisation",
            "before": before,
            "after": status.label,
        }
        record(
            mobilisation.rally,
            user,
            Action.CHANGED,
            kind=ObjectKind.COMPANY,
            label=mobilisation.company.name,
            changes=[change],
        )


def log_contact(mobilisation: Mobilisation, user: Any, **fields: Any) -> ContactLog:
    author = user if getattr(user, "is_authenticated", False) else None
    with transaction.atomic():
        contact = ContactLog.objects.create(
            mobilisation=mobilisation, author=author, author_name=author_name(author), **fields
        )
        if mobilisation.status == Status.TO_CONTACT:
            mobilisation.status = Status.CONTACTED
            mobilisation.save(update_fields=["status"])
        summary = f"Contact par {Channel(contact.channel).label.lower()} avec {contact.who}"
        record(
            mobilisation.rally,
            user,
            Action.CHANGED,
            kind=ObjectKind.COMPANY,
            label=mobilisation.company.name,
            summary=summary,
        )
    return contact


def email_only(mobilisation: Mobilisation) -> bool:
    """Reached by e-mail only: the company may not have understood the visits' goals and format."""
    channels = {contact.channel for contact in mobilisation.contacts.all()}
    return channels == {Channel.EMAIL}


def add_to_rally(mobilisation: Mobilisation, user: Any) -> Company:
    """The rally's company row for a mobilised company, with a copy of what the planner needs
    (name, SIRET, sector, address and place, hiring, the first contact); an existing row is
    returned as it is. The copy is the rally's own: changing it changes neither the directory
    nor another rally."""
    entry = mobilisation.company
    rally = mobilisation.rally
    existing: Company | None = Company.objects.filter(rally=rally, directory=entry).first()
    if existing is not None:
        return existing
    contact = entry.contacts.first()
    with transaction.atomic():
        company = Company.objects.create(
            rally=rally,
            code=next_code(rally),
            name=entry.name[:200],
            siret=entry.siret,
            sector=entry.sector or "Secteur à préciser",
            address=entry.address,
            lat=entry.lat,
            lon=entry.lon,
            capacity=default_capacity(entry),
            hiring=entry.hiring,
            contact_name=contact.name if contact else "",
            contact_phone=contact.phone if contact else "",
            contact_email=contact.email if contact else "",
            directory=entry,
        )
        changes: list[Change] = [
            {"field": "directory", "label": "Annuaire", "before": EMPTY, "after": entry.name},
        ]
        record(rally, user, Action.CREATED, company, summary="Ajoutée depuis l'annuaire", changes=changes)
    return company


def rally_history(company: DirectoryCompany) -> list[Rally]:
    """The rallies the company took part in (or is mobilised for), most recent first."""
    ids = set(company.rally_companies.values_list("rally_id", flat=True))
    ids |= set(company.mobilisations.values_list("rally_id", flat=True))
    return list(Rally.objects.filter(pk__in=ids).order_by("-created_at"))


def practical_by_code(rally: Rally) -> dict[str, list[tuple[str, str]]]:
    """The practical information of the rally's companies taken from the directory (company id
    → lines), for the roadbooks and the company sheets."""
    rows = Company.objects.filter(rally=rally, directory__isnull=False).select_related("directory")
    found = {row.code: row.directory.practical() for row in rows if row.directory is not None}
    return {code: lines for code, lines in found.items() if lines}
