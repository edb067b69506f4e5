"""A rally saved in the database gives back exactly the rally of the file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from rallye.domain.rally import Rally as DomainRally
from rallye.domain.statuses import StatusCategory, category_of
from rallye.formats.load import load_rally
from rallye.organisations.models import Federation, Structure
from rallye.rallies.conversion import save_domain_rally, to_domain
from rallye.rallies.models import Participant, Rally

pytestmark = pytest.mark.django_db
EXAMPLES = Path(__file__).parent.parent.parent / "examples"


def categorised(data: DomainRally) -> DomainRally:
    """The rally as the database gives it back: each status as its category's code."""
    people = tuple(replace(p, status=(category_of(p.status) or p.status)) for p in data.participants)
    return replace(data, participants=people)


@pytest.fixture
def structure() -> Structure:
    return Structure.objects.create(federation=Federation.objects.create(name="Fédération"), name="MIFE")


@pytest.mark.parametrize("example", ["annecy-2027", "voiron-2027"])
def test_saved_rally_reads_back_unchanged(structure: Structure, example: str) -> None:
    data = load_rally(EXAMPLES / example / "rally.json")
    rally = save_domain_rally(structure, data)
    # Statuses come back as their category's code (« jeune NEET » → « JEUNE »), the rest unchanged.
    assert to_domain(Rally.objects.get(pk=rally.pk)) == categorised(data)
    assert {p.status for p in categorised(data).participants} <= {c.value for c in StatusCategory}


def test_a_file_status_is_read_into_its_category_or_left_to_confirm(structure: Structure) -> None:
    data = load_rally(EXAMPLES / "annecy-2027" / "rally.json")
    people = list(data.participants)
    people[0] = replace(people[0], status="DE/BRSA")
    people[1] = replace(people[1], status="intérimaire")
    rally = save_domain_rally(structure, replace(data, participants=tuple(people)))
    first, second = Participant.objects.filter(rally=rally).order_by("code")[:2]
    assert (first.status_category, first.rsa_beneficiary, first.status) == ("DE", True, "")
    assert (second.status_category, second.status, second.status_to_confirm) == ("", "intérimaire", True)
    # Written back into a file as they came: the code, or the words to confirm.
    back = to_domain(Rally.objects.get(pk=rally.pk)).participants
    assert (back[0].status, back[1].status) == ("DE", "intérimaire")


def test_reimport_replaces_everything_but_keeps_contact_details(structure: Structure) -> None:
    data = load_rally(EXAMPLES / "annecy-2027" / "rally.json")
    rally = save_domain_rally(structure, data)
    Participant.objects.filter(rally=rally, code="P01").update(phone="06 00 00 00 01", consent=True)
    save_domain_rally(structure, data, rally)
    person = Participant.objects.get(rally=rally, code="P01")
    assert person.phone == "06 00 00 00 01" and person.consent
    assert Participant.objects.filter(rally=rally).count() == len(data.participants)


def test_reimport_keeps_the_evaluation_of_people_and_companies_that_stay(structure: Structure) -> None:
    from dataclasses import replace

    from rallye.evaluation.models import FollowUp, Questionnaire
    from rallye.evaluation.services import prepare_questionnaires

    data = load_rally(EXAMPLES / "annecy-2027" / "rally.json")
    rally = save_domain_rally(structure, data)
    prepare_questionnaires(rally)
    person = Participant.objects.get(rally=rally, code="P01")
    FollowUp.objects.create(participant=person, outcome="cdi", recorded_on="2027-09-20")
    feedback = Questionnaire.objects.filter(rally=rally, phase="company").count()

    fewer = replace(data, participants=data.participants[1:])  # P01 leaves, the others stay
    save_domain_rally(structure, replace(fewer, name="Rallye corrigé"), rally)
    save_domain_rally(structure, data, rally)  # P01 comes back: a new person for the rally

    assert Questionnaire.objects.filter(rally=rally, phase="company").count() == feedback
    assert Questionnaire.objects.filter(rally=rally, participant__code="P02").count() == 2
    assert not Questionnaire.objects.filter(rally=rally, participant__code="P01").exists()
    assert not FollowUp.objects.filter(participant__rally=rally).exists()
    assert to_domain(Rally.objects.get(pk=rally.pk)) == categorised(data)
