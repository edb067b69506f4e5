"""The one way to make, open, check and deactivate private links.

A feature issues links for its targets (``issue_links``), hands out their address and QR code
(``link_url``, ``qr_code``), and its public page opens them with ``open_link``, which checks,
in this order: the rate limits (per token and per client address), that the token exists for
that purpose, that staff did not deactivate it, that it has not expired; then it records the
opening. A refusal is a ``Refusal``, which the page shows without saying anything about the
target (``rallye.www.links.refusal_page``)."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import secrets
from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum
from typing import Any, Literal

import segno
from django.db import models
from django.db.models import F
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from rallye.documents.common import qr_svg_uri
from rallye.domain import french
from rallye.links.models import TARGET_FIELDS, PrivateLink, Purpose
from rallye.links.throttle import PER_CLIENT, PER_TOKEN
from rallye.web.absolute import absolute_url

logger = logging.getLogger("rallye.links")

TOKEN_BYTES = 32
"""256 random bits: 43 URL-safe characters, impossible to guess."""
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,64}")
"""What a token may look like (older questionnaire links have 32 characters); anything else is
unknown without asking the database."""

PAGES: dict[Purpose, str] = {
    Purpose.QUESTIONNAIRE: "evaluation:fill",
    Purpose.INVITATION: "accounts:join",
    Purpose.STOP_MESSAGES: "messaging:stop",
    Purpose.AVAILABILITY: "companies:availability",
    Purpose.CALENDAR: "preparation:feed",
    Purpose.TEAM: "field:team",
}
"""The page each purpose opens (URL name taking ``token``)."""


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


class Refusal(StrEnum):
    """Why a link does not open: nothing is changed, and the page says what to do."""

    UNKNOWN = "unknown"
    REVOKED = "revoked"
    EXPIRED = "expired"
    RATE_LIMITED = "rate_limited"

    @property
    def status(self) -> int:
        return {"unknown": 404, "revoked": 410, "expired": 410, "rate_limited": 429}[self.value]


EndOfPurpose = Callable[[PrivateLink], dt.datetime | None]
"""When a link's purpose is over, read from its target now (a rally's dates may move after its
links were sent); ``None`` while it is not known."""


# --- Issuing ---------------------------------------------------------------------------------


def structure_id_of(target: models.Model) -> int:
    """The structure a target belongs to, following its ``structure_path`` (``rally__structure``)."""
    *parents, last = str(getattr(type(target), "structure_path", "structure")).split("__")
    owner: Any = target
    for name in parents:
        owner = getattr(owner, name)
    structure_id: int = getattr(owner, f"{last}_id")
    return structure_id


def issue_links(targets: Sequence[models.Model], purpose: Purpose, expires_at: dt.datetime | None) -> list[PrivateLink]:
    """A new link to each target, valid until ``expires_at`` (``None``: not known yet)."""
    field = PrivateLink._meta.get_field(TARGET_FIELDS[purpose])
    wrong = [target for target in targets if not isinstance(target, field.related_model)]  # type: ignore[arg-type]
    if wrong:
        raise ValueError(f"Un lien « {purpose.label} » ne peut pas mener à {wrong[0]!r}.")
    links = [
        PrivateLink(
            token=new_token(),
            purpose=purpose,
            structure_id=structure_id_of(target),
            expires_at=expires_at,
            **{field.name: target},
        )
        for target in targets
    ]
    created = PrivateLink.objects.bulk_create(links)
    if created:
        logger.info("%d private link(s) issued for %s", len(created), purpose.value)
    return created


def issue_link(target: models.Model, purpose: Purpose, expires_at: dt.datetime | None) -> PrivateLink:
    """A new link to ``target``, valid until ``expires_at`` (``None``: not known yet)."""
    return issue_links([target], purpose, expires_at)[0]


def set_expiry(links: models.QuerySet[PrivateLink], expires_at: dt.datetime | None) -> int:
    """Move the end of these links (their purpose ends on another day); how many changed."""
    stale = links.exclude(expires_at=None) if expires_at is None else links.exclude(expires_at=expires_at)
    return stale.update(expires_at=expires_at)


# --- Opening ---------------------------------------------------------------------------------


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


def open_link(
    token: str,
    request: HttpRequest,
    purpose: Purpose,
    *,
    end_of_purpose: EndOfPurpose | None = None,
    now: dt.datetime | None = None,
) -> PrivateLink | Refusal:
    """The link of ``token`` for ``purpose``, its target loaded, and the opening recorded; or why
    it does not open. ``end_of_purpose`` recomputes the expiry from the target (stored when it
    moved). Every request to a link's page goes through here, posts included."""
    now = now or timezone.now()
    seconds = now.timestamp()
    within_client = PER_CLIENT.allow(client_address(request), seconds)
    within_token = PER_TOKEN.allow(token, seconds)
    if not (within_client and within_token):
        logger.warning("private link request refused: too many requests (%s)", purpose.value)
        return Refusal.RATE_LIMITED
    found: PrivateLink | None = None
    if TOKEN_SHAPE.fullmatch(token):
        found = PrivateLink.objects.select_related(TARGET_FIELDS[purpose]).filter(token=token, purpose=purpose).first()
    if found is None:
        logger.info("private link request refused: unknown token (%s)", purpose.value)
        return Refusal.UNKNOWN
    if found.revoked:
        logger.info("private link %d refused: deactivated", found.pk)
        return Refusal.REVOKED
    if end_of_purpose is not None:
        ends = end_of_purpose(found)
        if ends != found.expires_at:
            PrivateLink.objects.filter(pk=found.pk).update(expires_at=ends)
            found.expires_at = ends
    if found.expired(now):
        logger.info("private link %d refused: expired", found.pk)
        return Refusal.EXPIRED
    PrivateLink.objects.filter(pk=found.pk).update(open_count=F("open_count") + 1, last_opened_at=now)
    found.open_count += 1
    found.last_opened_at = now
    logger.info("private link %d opened", found.pk)
    return found


# --- Deactivating ----------------------------------------------------------------------------


def revoke(link: PrivateLink, user: Any, *, now: dt.datetime | None = None) -> bool:
    """Deactivate ``link`` for good (who and when are kept); ``False`` if it already was."""
    changed = PrivateLink.objects.filter(pk=link.pk, revoked_at=None).update(
        revoked_at=now or timezone.now(), revoked_by=user
    )
    link.refresh_from_db(fields=["revoked_at", "revoked_by"])
    if changed:
        logger.info("private link %d deactivated by user %s", link.pk, getattr(user, "pk", None))
    return bool(changed)


# --- Handing out -----------------------------------------------------------------------------


def link_url(link: PrivateLink, request: HttpRequest | None = None) -> str:
    """The full address of the link: under ``RALLYE_BASE_URL`` when the site has one (links
    sent by e-mail or printed must not depend on how staff reached the site), else under the
    address of the current request."""
    return absolute_url(reverse(PAGES[Purpose(link.purpose)], kwargs={"token": link.token}), request)


def qr_code(url: str, kind: Literal["svg", "png"] = "svg") -> bytes:
    """The QR code of an address, as an SVG or PNG file (to print)."""
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind=kind, scale=8 if kind == "png" else 4, border=2)
    return buffer.getvalue()


def qr_data_uri(url: str) -> str:
    """The QR code of an address, as an inline SVG image (``<img src=…>``)."""
    return qr_svg_uri(url)


def link_state(link: PrivateLink, now: dt.datetime) -> str:
    """What staff need to know about a link, in words: « désactivé le 3 avril 2027 »,
    « expiré le 20 octobre 2027 », « ouvert 2 fois, la dernière le 4 avril 2027 · valable
    jusqu'au 19 octobre 2027 »."""
    if link.revoked_at is not None:
        by = link.revoked_by
        who = f", par {by.get_full_name() or by.email}" if by is not None else ""
        return f"lien désactivé le {french.date(timezone.localdate(link.revoked_at))}{who}"
    if link.expires_at is not None and link.expired(now):
        return f"lien expiré le {french.date(timezone.localdate(link.expires_at))}"
    if link.last_opened_at is None:
        opened = "lien jamais ouvert"
    else:
        times = french.count(link.open_count, "fois", "fois")
        opened = f"lien ouvert {times}, la dernière le {french.date(timezone.localdate(link.last_opened_at))}"
    if link.expires_at is None:
        return opened
    last_day = timezone.localdate(link.expires_at - dt.timedelta(microseconds=1))
    return f"{opened} · valable jusqu'au {french.date(last_day)}"


def current(links: Iterable[PrivateLink]) -> PrivateLink | None:
    """The newest of a target's links (the one handed out)."""
    return max(links, key=lambda link: (link.created_at, link.pk), default=None)
