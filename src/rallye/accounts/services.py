"""Inviting people to a structure, joining it through the invitation, deactivating a member.

An invitation is a private link (``rallye.links``, purpose « invitation ») sent by e-mail
(``rallye.messaging``): valid ``INVITATION_DAYS`` days, once. Whoever opens it chooses a
password (or signs in, if the address already has an account) and gets the role in the
structure. Memberships are not a rally's data, so they are not in a rally's history: each step
is logged with its author (``logger``, the server's journal), and the invitation keeps who
invited, who accepted and when."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from rallye.accounts.models import INVITED_ROLES, Invitation
from rallye.links.models import PrivateLink, Purpose
from rallye.links.services import current, issue_link, link_url, revoke
from rallye.messaging.models import Message
from rallye.messaging.services import queue_email
from rallye.organisations.models import Membership, Role, Structure, User
from rallye.organisations.scoping import ROLE_STRENGTH

logger = logging.getLogger(__name__)

INVITATION_DAYS = 14
INVITATION_PURPOSE = "invitation"


class InvitationRefused(ValueError):
    """Why an invitation cannot be made (in French, for the form)."""


@dataclass(frozen=True)
class Sent:
    invitation: Invitation
    message: Message


def invite(structure: Structure, email: str, role: Role, by: Any, request: HttpRequest | None = None) -> Sent:
    """Invite ``email`` to ``structure`` with ``role`` and send the e-mail (by a worker)."""
    email = User.objects.normalize_email(email).strip()
    if role not in INVITED_ROLES:
        raise InvitationRefused(
            "Ce rôle ne se donne pas par invitation : choisissez coordination, membre ou lecture seule."
        )
    if Membership.objects.filter(user__email__iexact=email, structure=structure, user__is_active=True).exists():
        raise InvitationRefused(f"{email} fait déjà partie de {structure.name}.")
    with transaction.atomic():
        invitation = Invitation.objects.create(structure=structure, email=email, role=role, invited_by=by)
        link = issue_link(invitation, Purpose.INVITATION, timezone.now() + dt.timedelta(days=INVITATION_DAYS))
        message = queue_email(
            recipient=email,
            subject=f"Invitation à rejoindre {structure.name} sur Rallye",
            body=render_to_string(
                "accounts/invitation_email.txt",
                {
                    "structure": structure,
                    "role": Role(role).label.lower(),
                    "inviter": _name(by),
                    "url": link_url(link, request),
                    "days": INVITATION_DAYS,
                },
            ),
            purpose=INVITATION_PURPOSE,
            structure=structure,
            created_by=by,
        )
    logger.info("invitation %d to structure %d sent by user %s", invitation.pk, structure.pk, getattr(by, "pk", None))
    return Sent(invitation, message)


def _name(user: Any) -> str:
    if user is None:
        return "L'équipe Rallye"
    full = f"{user.first_name} {user.last_name}".strip()
    return full or user.email


def existing_account(invitation: Invitation) -> User | None:
    return User.objects.filter(email__iexact=invitation.email).first()


def join(invitation: Invitation, user: User) -> Membership:
    """Give ``user`` the invitation's role in its structure (the stronger one if they already
    had a role there), and close the invitation: its link opens nothing any more."""
    with transaction.atomic():
        membership = Membership.objects.filter(user=user, structure=invitation.structure).first()
        role = Role(invitation.role)
        if membership is None:
            membership = Membership.objects.create(
                user=user, federation_id=invitation.structure.federation_id, structure=invitation.structure, role=role
            )
        elif ROLE_STRENGTH.index(role) > ROLE_STRENGTH.index(Role(membership.role)):
            membership.role = role
            membership.save(update_fields=["role"])
        if not user.is_active:
            user.is_active = True
            user.save(update_fields=["is_active"])
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        link = current(invitation.links.all())
        if link is not None:
            revoke(link, user)
    logger.info("invitation %d accepted by user %d", invitation.pk, user.pk)
    return membership


def create_account(invitation: Invitation, *, first_name: str, last_name: str, password: str) -> User:
    """A new account for the invitation's address, with the password its owner chose."""
    return User.objects.create_user(invitation.email, password, first_name=first_name, last_name=last_name)


def invitation_link(invitation: Invitation) -> PrivateLink | None:
    return current(invitation.links.all())


class LastCoordinator(ValueError):
    """Deactivating this member would leave the structure without any coordinator."""


def deactivate(membership: Membership, by: Any) -> bool:
    """End ``membership`` (the person no longer reaches the structure); their account is
    deactivated when it has no other role left. ``False`` for one's own membership."""
    if membership.user_id == getattr(by, "pk", None):
        return False
    with transaction.atomic():
        if (
            membership.role == Role.COORDINATOR
            and not Membership.objects.filter(structure=membership.structure_id, role=Role.COORDINATOR)
            .exclude(pk=membership.pk)
            .exists()
        ):
            raise LastCoordinator
        user = membership.user
        membership.delete()
        if not Membership.objects.filter(user=user).exists():
            user.is_active = False
            user.save(update_fields=["is_active"])
    logger.info("membership of user %d in structure %s ended by user %s", user.pk, membership.structure_id, by.pk)
    return True
