"""Recruitment's services: no proposal without consent, the next participant's identifier, a
decision taken once."""

from __future__ import annotations

import pytest

from rallye.rallies.models import Rally
from rallye.recruitment.models import Prescriber, ProposalState, RallyPrescriber
from rallye.recruitment.services import AlreadyDecided, accept, decline, next_code, propose

pytestmark = pytest.mark.django_db

PERSON = {
    "first_name": "Awa",
    "last_name": "Diallo",
    "gender": "F",
    "birth_year": 1990,
    "status_category": "RSA",
    "rsa_beneficiary": True,
}


@pytest.fixture
def row(annecy: Rally) -> RallyPrescriber:
    prescriber = Prescriber.objects.create(structure=annecy.structure, name="CCAS d'Annecy", kind="CCAS")
    found: RallyPrescriber = RallyPrescriber.objects.create(rally=annecy, prescriber=prescriber)
    return found


def test_no_proposal_without_consent(row: RallyPrescriber) -> None:
    with pytest.raises(ValueError, match="consent"):
        propose(row, **PERSON, consent=False)
    assert not row.proposals.exists()


def test_the_accepted_person_takes_the_next_identifier_and_a_decision_is_taken_once(
    row: RallyPrescriber, annecy: Rally
) -> None:
    assert next_code(annecy) == "P27"  # the example has P01 to P26
    proposal = propose(row, **PERSON, consent=True)
    person = accept(proposal, None)
    assert person.code == "P27" and person.prescriber == "Autre" and person.rsa_beneficiary
    with pytest.raises(AlreadyDecided):
        decline(proposal, None, "trop tard")
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.ACCEPTED and proposal.reason == ""


def test_erasing_the_participant_erases_the_proposal(row: RallyPrescriber) -> None:
    from rallye.evaluation.personal_data import anonymise

    proposal = propose(row, **PERSON, phone="06 11 22 33 44", needs="garde d'enfant", consent=True)
    person = accept(proposal, None)
    anonymise(person)
    proposal.refresh_from_db()
    assert (proposal.last_name, proposal.phone, proposal.needs) == (person.code, "", "")
    assert "Diallo" not in proposal.first_name
