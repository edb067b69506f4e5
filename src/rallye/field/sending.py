"""Sending each team's link to its accompanier, in one click for every team of the plan: by SMS
to the accompanier's phone (the page opens on it), else by e-mail (the vehicle's form holds their
name, phone and e-mail). An accompanier with neither is listed with the reason: they scan the QR
code of the team's roadbook."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from rallye.field.services import planned_vehicles, team_link
from rallye.links.models import PrivateLink
from rallye.links.services import link_url
from rallye.messaging.models import Channel, Message, State
from rallye.messaging.services import queue_message
from rallye.messaging.texts import render
from rallye.plans.reading import planned_rally
from rallye.rallies.models import Rally, Vehicle

PURPOSE = "team_link"


def purpose_of(vehicle: Vehicle) -> str:
    """Messages carry their vehicle in their purpose (« team_link:V2 »): a vehicle's state is
    its last message's."""
    return f"{PURPOSE}:{vehicle.code}"


@dataclass(frozen=True)
class TeamRecipient:
    vehicle: Vehicle
    team: str
    team_id: str
    """The team's id in the plan (its documents' address)."""
    link: PrivateLink
    channel: Channel | None
    address: str
    """The accompanier's phone or e-mail; « » when it cannot be sent, for :attr:`reason`."""
    reason: str
    message: Message | None
    """The last message sent (or waiting) with this team's link."""

    @property
    def first_name(self) -> str:
        name = self.vehicle.accompanier_name.strip()
        return name.split()[0] if name else ""


def team_recipients(rally: Rally) -> list[TeamRecipient]:
    """Every team of the current plan, with its link and how it reaches its accompanier."""
    plan = planned_rally(rally).plan
    if plan is None:
        return []
    teams = {team.vehicle: team for team in plan.teams}
    last: dict[str, Message] = {}
    for message in Message.objects.filter(rally=rally, purpose__startswith=f"{PURPOSE}:").order_by("created_at", "pk"):
        last[message.purpose] = message
    found = []
    for vehicle in planned_vehicles(rally):
        phone, email = vehicle.accompanier_phone.strip(), vehicle.accompanier_email.strip()
        channel = Channel.SMS if phone else Channel.EMAIL if email else None
        reason = (
            "" if channel else "ni téléphone ni e-mail d'accompagnateur : remettez-lui le QR code du carnet de route"
        )
        link = team_link(vehicle)
        message = last.get(purpose_of(vehicle))
        if message is not None and message.created_at < link.created_at:
            message = None  # sent with a link replaced since: the new one is still to send
        found.append(
            TeamRecipient(
                vehicle,
                teams[vehicle.code].name,
                teams[vehicle.code].id,
                link,
                channel,
                phone or email,
                reason,
                message,
            )
        )
    return found


@dataclass(frozen=True)
class TeamSending:
    queued: int
    already: int
    not_reached: list[TeamRecipient]


def send_team_links(rally: Rally, by: Any, request: HttpRequest | None = None) -> TeamSending:
    """One click: each team's link to its accompanier, unless it was already sent (a failed
    message is sent again)."""
    everyone = team_recipients(rally)
    queued = already = 0
    with transaction.atomic():
        for recipient in everyone:
            if recipient.channel is None:
                continue
            if recipient.message is not None and recipient.message.state != State.FAILED:
                already += 1
                continue
            values = {
                "prenom": recipient.first_name,
                "rallye": rally.name,
                "structure": rally.structure.name,
                "equipe": recipient.team,
                "lien": link_url(recipient.link, request),
            }
            subject, body = render(rally.structure, PURPOSE, recipient.channel, values)
            queue_message(
                channel=recipient.channel,
                recipient=recipient.address,
                subject=subject or f"Lien de l'équipe {recipient.team}",
                body=body,
                purpose=purpose_of(recipient.vehicle),
                structure=rally.structure,
                created_by=by,
                rally=rally,
            )
            queued += 1
    return TeamSending(queued, already, [r for r in everyone if r.channel is None])
