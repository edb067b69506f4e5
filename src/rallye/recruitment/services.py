"""What organisers and prescribers do in the recruitment of a rally: the prescribers' private
links, a proposal sent through a link, a proposal accepted (the person becomes a participant) or
declined with a reason. Every decision is written in the rally's history."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from rallye.domain.statuses import counts_for_rsa_target
from rallye.history.models import Action, ObjectKind
from rallye.history.services import record
from rallye.links.models import PrivateLink, Purpose
from rallye.links.services import current, issue_link
from rallye.rallies.changes import data_changed
from rallye.rallies.models import Participant, Rally, Session
from rallye.recruitment.models import Proposal, ProposalState, RallyPrescriber


def rsa_count(rally: Rally) -> int:
    """The rally's present participants who count towards the département's RSA target
    (:func:`rallye.domain.statuses.counts_for_rsa_target`: the report's rule)."""
    rows = rally.participants.filter(present=True).values_list("rsa_beneficiary", "status_category", "status")
    return sum(1 for rsa, category, words in rows if counts_for_rsa_target(rsa, category or words))


def without_liability(rally: Rally) -> int:
    """Present participants with neither a civil liability attestation file nor the box ticked."""
    return rally.participants.filter(present=True, liability_attested=False, liability_document="").count()


def link_end(rally_id: int) -> dt.datetime | None:
    """Candidates are proposed until the rally's first day begins (``None``: no date yet)."""
    first = Session.objects.filter(rally_id=rally_id).order_by("date").values_list("date", flat=True).first()
    if first is None:
        return None
    return timezone.make_aware(dt.datetime.combine(first, dt.time()))


def end_of_purpose(link: PrivateLink) -> dt.datetime | None:
    assert link.prescriber is not None
    return link_end(link.prescriber.rally_id)


def proposals_link(prescriber: RallyPrescriber) -> PrivateLink:
    """The prescriber's current link (a revoked one is never handed out again), else a new one."""
    found = current(prescriber.links.filter(purpose=Purpose.PROPOSALS, revoked_at=None))
    return found or issue_link(prescriber, Purpose.PROPOSALS, link_end(prescriber.rally_id))


@transaction.atomic
def propose(prescriber: RallyPrescriber, **fields: Any) -> Proposal:
    """A candidate sent by the prescriber through its link (the form has checked the consent)."""
    if not fields.get("consent"):
        raise ValueError("A proposal needs the person's consent.")
    proposal = Proposal.objects.create(rally_id=prescriber.rally_id, prescriber=prescriber, **fields)
    record(
        prescriber.rally,
        None,
        Action.CREATED,
        kind=ObjectKind.PARTICIPANT,
        label=f"Candidature de {proposal} proposée par {prescriber}",
        summary="proposée par le lien du prescripteur",
    )
    return proposal


def next_code(rally: Rally) -> str:
    """The next free participant identifier: P01, P02… after the highest one in use."""
    numbers = [
        int(m.group(1)) for code in rally.participants.values_list("code", flat=True) if (m := _CODE.match(code))
    ]
    return f"P{max(numbers, default=0) + 1:02d}"


_CODE = re.compile(r"^P(\d+)$")


@dataclass(frozen=True)
class AlreadyDecided(Exception):
    proposal: Proposal


@transaction.atomic
def accept(proposal: Proposal, user: Any) -> Participant:
    """The candidate becomes a participant of the rally (with the proposal's details)."""
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.state != ProposalState.PROPOSED:
        raise AlreadyDecided(locked)
    rally = locked.rally
    person = Participant.objects.create(
        rally=rally,
        code=next_code(rally),
        first_name=locked.first_name,
        last_name=locked.last_name,
        gender=locked.gender,
        birth_year=locked.birth_year,
        status_category=locked.status_category,
        rsa_beneficiary=locked.rsa_beneficiary,
        phone=locked.phone,
        email=locked.email,
        consent=locked.consent,
        prescriber=_participant_prescriber(locked.prescriber),
    )
    locked.state, locked.decided_at, locked.decided_by = ProposalState.ACCEPTED, timezone.now(), user
    locked.participant = person
    locked.save(update_fields=["state", "decided_at", "decided_by", "participant"])
    record(rally, user, Action.CREATED, person, summary=f"candidature proposée par {locked.prescriber} acceptée")
    data_changed([rally.pk])
    return person


@transaction.atomic
def decline(proposal: Proposal, user: Any, reason: str) -> None:
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.state != ProposalState.PROPOSED:
        raise AlreadyDecided(locked)
    locked.state, locked.reason = ProposalState.DECLINED, reason.strip()[:300]
    locked.decided_at, locked.decided_by = timezone.now(), user
    locked.save(update_fields=["state", "reason", "decided_at", "decided_by"])
    record(
        locked.rally,
        user,
        Action.CHANGED,
        kind=ObjectKind.PARTICIPANT,
        label=f"Candidature de {locked}",
        summary=f"déclinée : {locked.reason}",
    )


_PARTICIPANT_PRESCRIBER = {
    "FT": "France Travail",
    "CAP_EMPLOI": "Cap emploi",
    "ML": "Mission locale",
    "DEPT": "Département",
    "PLIE": "PLIE",
    "SIAE": "SIAE",
}


def _participant_prescriber(prescriber: RallyPrescriber) -> str:
    """The participant's « prescripteur » (the kinds the participant's form offers)."""
    return _PARTICIPANT_PRESCRIBER.get(prescriber.prescriber.kind, "Autre")
