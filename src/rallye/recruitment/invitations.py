"""Inviting candidates to an information session: the invitation is recorded (attendance is
ticked after the session), and each newly invited person is told when and where, by e-mail, or
by SMS to a mobile when they gave no e-mail and SMS is configured, with the structure's text
(``messaging.texts``, kind ``info_session_invitation``). Candidates are proposed with their
consent (a proposal cannot be sent without it); whoever cannot be reached is named, to be called."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction

from rallye.domain import french
from rallye.messaging.models import Channel
from rallye.messaging.services import queue_message
from rallye.messaging.texts import render
from rallye.phones import is_mobile
from rallye.recruitment.models import InfoInvitation, InfoSession, Proposal

PURPOSE = "info_session_invitation"
TEXT_KIND = "info_session_invitation"


@dataclass
class Invited:
    """Who was invited by this click: told by e-mail, by SMS, or to be called."""

    by_email: list[str] = field(default_factory=list)
    by_sms: list[str] = field(default_factory=list)
    to_call: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.by_email) + len(self.by_sms) + len(self.to_call)


def invite(session: InfoSession, proposals: Iterable[Proposal], user: Any) -> Invited:
    """Invite the candidates not invited yet to this session, and tell each of them."""
    rally = session.rally
    done = Invited()
    for proposal in proposals:
        with transaction.atomic():
            if not InfoInvitation.objects.get_or_create(session=session, proposal=proposal)[1]:
                continue
            name = f"{proposal.first_name} {proposal.last_name}"
            by_sms = (
                not proposal.email and bool(proposal.phone) and is_mobile(proposal.phone) and bool(settings.SMS_KEY)
            )
            if not proposal.email and not by_sms:
                done.to_call.append(name)
                continue
            values = {
                "prenom": proposal.first_name,
                "rallye": rally.name,
                "structure": rally.structure.name,
                "quand": f"{french.date(session.date)} à {session.start:%H:%M}",
                "lieu": session.place,
            }
            channel = Channel.SMS if by_sms else Channel.EMAIL
            subject, body = render(rally.structure, TEXT_KIND, channel, values)
            queue_message(
                channel=channel,
                recipient=proposal.phone if by_sms else proposal.email,
                subject=subject,
                body=body,
                purpose=PURPOSE,
                structure=rally.structure,
                created_by=user,
                rally=rally,
            )
            (done.by_sms if by_sms else done.by_email).append(name)
    return done
