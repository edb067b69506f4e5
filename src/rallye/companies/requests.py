"""Availability requests: each company's private link sent to its contact, by e-mail (or by
SMS to a mobile when it has no e-mail and SMS is configured), with the structure's text
(``messaging.texts``, kind ``availability_request``), for one company or, in one click, for
every engaged company of the rally that has not answered yet. Each sending is noted in the
company's mobilisation log; a company whose contact cannot be reached is named, to be called."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from rallye.companies.availability import availability_link
from rallye.companies.models import (
    ENGAGED_STATUSES,
    AvailabilityAnswer,
    Channel,
    Mobilisation,
)
from rallye.companies.services import log_contact
from rallye.links.models import PrivateLink
from rallye.messaging.models import Channel as MessageChannel
from rallye.messaging.services import queue_message
from rallye.messaging.texts import render
from rallye.phones import is_mobile
from rallye.rallies.models import Company, Rally

PURPOSE = "availability_link"
TEXT_KIND = "availability_request"


@dataclass
class Sending:
    """What one sending did: companies reached by e-mail or SMS, and those to call."""

    by_email: list[str] = field(default_factory=list)
    by_sms: list[str] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)
    """Companies whose contact has neither e-mail nor mobile (or no row in the rally yet)."""

    @property
    def sent(self) -> int:
        return len(self.by_email) + len(self.by_sms)


def waiting_for_an_answer(rally: Rally) -> list[Mobilisation]:
    """The rally's engaged companies that have not answered the availability request yet."""
    answered = set(AvailabilityAnswer.objects.filter(company__rally=rally).values_list("company__directory", flat=True))
    engaged = Mobilisation.objects.filter(rally=rally, status__in=ENGAGED_STATUSES).select_related("company")
    return [m for m in engaged.order_by("company__name") if m.company_id not in answered]


def request_availability(
    rally: Rally, chosen: Iterable[Mobilisation], user: Any, url_of: Callable[[PrivateLink], str]
) -> Sending:
    """Send each chosen company its availability link (one message each, queued)."""
    rows = {c.directory_id: c for c in Company.objects.filter(rally=rally, directory__isnull=False)}
    done = Sending()
    for mobilisation in chosen:
        row = rows.get(mobilisation.company_id)
        name = mobilisation.company.name
        if row is None:
            done.unreachable.append(name)
            continue
        by_sms = not row.contact_email and bool(row.contact_phone) and is_mobile(row.contact_phone)
        if not row.contact_email and not (by_sms and settings.SMS_KEY):
            done.unreachable.append(name)
            continue
        values = {
            "contact": row.contact_name or "Madame, Monsieur",
            "entreprise": row.name,
            "rallye": rally.name,
            "structure": rally.structure.name,
            "lien": url_of(availability_link(row)),
        }
        channel = MessageChannel.SMS if by_sms else MessageChannel.EMAIL
        subject, body = render(rally.structure, TEXT_KIND, channel, values)
        with transaction.atomic():
            queue_message(
                channel=channel,
                recipient=row.contact_phone if by_sms else row.contact_email,
                subject=subject,
                body=body,
                purpose=PURPOSE,
                structure=rally.structure,
                created_by=user,
                rally=rally,
            )
            log_contact(
                mobilisation,
                user,
                date=timezone.localdate(),
                channel=Channel.PHONE if by_sms else Channel.EMAIL,
                who=row.contact_name or (row.contact_phone if by_sms else row.contact_email),
                note=f"Lien de disponibilités envoyé par {'SMS' if by_sms else 'e-mail'}",
            )
        (done.by_sms if by_sms else done.by_email).append(name)
    return done
