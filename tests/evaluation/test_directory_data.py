"""The company directory's contacts as personal data: what is held on one, erasure on request,
and erasure once the retention period is over (``rallye purge``)."""

from __future__ import annotations

import datetime as dt

import pytest

from rallye.companies.models import AvailabilityAnswer, CompanyContact, ContactLog, DirectoryChange, DirectoryCompany
from rallye.evaluation.directory_data import contact_data, directory_retention, erase_contact
from rallye.evaluation.models import DataAction, PersonalDataLog
from rallye.evaluation.personal_data import purge
from rallye.messaging.models import Message
from rallye.organisations.models import Structure
from rallye.rallies.models import Company, Session
from tests.evaluation.directory_contacts import EMAIL, KEPT_UNTIL, NAME, PHONE, Contacted, contacted

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(mife: Structure) -> Contacted:
    return contacted(mife)


def test_everything_held_on_a_contact(held: Contacted) -> None:
    data = contact_data(held.contact)
    assert data["contact"] == {"nom": NAME, "fonction": "gérante", "téléphone": PHONE, "e-mail": EMAIL}
    assert data["rallyes"] == [{"rallye": held.rally.name, "contact": NAME, "téléphone": PHONE, "e-mail": EMAIL}]
    assert [(log["qui"], log["note"]) for log in data["échanges notés"]] == [(NAME, "Rappeler mardi")]
    assert [answer["par"] for answer in data["réponses de disponibilités"]] == [NAME]
    assert [m["objet"] for m in data["messages reçus"]] == ["Vos disponibilités"]


def test_erasure_removes_the_contact_everywhere_and_keeps_the_company(held: Contacted, mife: Structure) -> None:
    erase_contact(held.contact, None)
    assert not CompanyContact.objects.filter(pk=held.contact.pk).exists()
    assert list(CompanyContact.objects.filter(company=held.entry).values_list("name", flat=True)) == ["Paul Martin"]
    row = Company.objects.get(pk=held.row.pk)
    assert (row.contact_name, row.contact_phone, row.contact_email, row.directory_id) == ("", "", "", held.entry.pk)
    log = ContactLog.objects.get(pk=held.log.pk)
    assert (log.who, log.note, log.date) == ("", "", held.log.date)
    assert ContactLog.objects.filter(who="MIFE").exists()  # another person's entry stays
    assert AvailabilityAnswer.objects.get(pk=held.answer.pk).answered_by == ""
    after = DirectoryChange.objects.get(pk=held.change.pk).changes[0]["after"]
    assert NAME not in after and PHONE not in after and EMAIL not in after and "Paul Martin" in after
    message = Message.objects.get(pk=held.message.pk)
    assert (message.recipient, message.subject) == ("", "")
    assert DirectoryCompany.objects.filter(pk=held.entry.pk).exists()
    entry = PersonalDataLog.objects.latest("pk")
    assert (entry.action, entry.structure, entry.people) == (DataAction.ERASURE, mife, 1)
    assert NAME not in entry.detail


def test_contacts_are_kept_as_long_as_the_latest_rally_s_data(held: Contacted) -> None:
    assert directory_retention(held.entry).kept_until == KEPT_UNTIL
    purge(KEPT_UNTIL)
    assert CompanyContact.objects.filter(company=held.entry).count() == 2
    purge(KEPT_UNTIL + dt.timedelta(days=1))
    assert not CompanyContact.objects.filter(company=held.entry).exists()
    assert not ContactLog.objects.filter(mobilisation__company=held.entry).exclude(who="", note="").exists()
    assert DirectoryCompany.objects.filter(pk=held.entry.pk).exists()
    purged = PersonalDataLog.objects.filter(action=DataAction.PURGE, detail__contains="annuaire").get()
    # the demo's other directory entries of the MIFE, whose rallies are over, go in the same purge
    assert str(held.entry.pk) in purged.detail.split("n° ")[1] and purged.people >= 2
    assert NAME not in purged.detail


def test_a_rally_without_dates_keeps_the_contacts(held: Contacted) -> None:
    Session.objects.filter(rally=held.rally).delete()
    assert directory_retention(held.entry).kept_until is None
    purge(dt.date(2040, 1, 1))
    assert CompanyContact.objects.filter(company=held.entry).count() == 2


def test_a_company_in_no_rally_keeps_its_contacts_after_its_last_change(mife: Structure) -> None:
    entry = DirectoryCompany.objects.create(structure=mife, name="Garage Central")
    CompanyContact.objects.create(company=entry, name="Luc Perrin")
    changed = entry.updated_at.date()
    kept = directory_retention(entry).kept_until
    assert kept is not None and kept.year == changed.year + 2
    purge(kept)
    assert entry.contacts.exists()
    purge(kept + dt.timedelta(days=1))
    assert not entry.contacts.exists()
