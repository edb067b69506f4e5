"""Availability by private link: the organiser makes the link of an engaged company; the company
opens it without an account, ticks half-days, says how it hosts, and its answer goes straight
into the rally's data; the organiser sees who answered, when, and what changed after the plan;
a revoked or expired link shows a clear page and changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from rallye.companies.availability import half_days
from rallye.companies.models import AvailabilityAnswer, DirectoryCompany, Mobilisation, Status
from rallye.history.models import HistoryEntry
from rallye.links.models import PrivateLink, Purpose
from rallye.plans.versions import current_plan
from rallye.rallies.models import Availability, Company, Rally, Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def engaged(mife_rally: Rally, coordinator: Client) -> Mobilisation:
    entry = DirectoryCompany.objects.create(
        structure=mife_rally.structure, name="Boulangerie du Lac", sector="Industrie manufacturière", lat=45.9, lon=6.1
    )
    entry.contacts.create(name="Lucie Martin", phone="06 12 34 56 78")
    m = Mobilisation.objects.create(rally=mife_rally, company=entry, status=Status.ENGAGED)
    coordinator.post(reverse("companies:mobilisation_detail", args=[mife_rally.pk, m.pk]), {"action": "add"})
    return m


def make_link(coordinator: Client, m: Mobilisation) -> tuple[str, Company]:
    detail = reverse("companies:mobilisation_detail", args=[m.rally_id, m.pk])
    coordinator.post(detail, {"action": "link"})
    row = Company.objects.get(rally=m.rally, directory=m.company)
    link = PrivateLink.objects.get(company=row, purpose=Purpose.AVAILABILITY)
    return reverse("companies:availability", args=[link.token]), row


def answer(row: Company, **changes: Any) -> dict[str, Any]:
    halves = half_days(row)
    data = {
        "contact_name": "Lucie Martin",
        "contact_phone": "0612345678",
        "contact_email": "lucie@example.org",
        "half_days": [halves[0].key, halves[1].key],
        "capacity": "10",
        "grouped_visits": "on",
        "visit_minutes": "45",
        "max_visits": "3",
        "hiring": "on",
        "parking": "Parking du lac",
        "entrance": "Entrée B",
        "accessibility": "",
        "window_0_date": "",
        "window_0_start": "",
        "window_0_end": "",
        "window_1_date": "",
        "window_1_start": "",
        "window_1_end": "",
    }
    data.update(changes)
    return data


def test_a_company_answers_by_its_link_and_the_planner_data_follows(
    coordinator: Client, engaged: Mobilisation, mife_rally: Rally
) -> None:
    url, row = make_link(coordinator, engaged)
    company = Client()
    page = company.get(url).content.decode()
    halves = half_days(row)
    assert halves and halves[0].label in page
    assert "Le planning des visites est déjà fait" in page  # the demo rally is planned
    assert current_plan(mife_rally) is not None

    response = company.post(url, answer(row))
    assert response.status_code == 200
    assert "Vos disponibilités sont enregistrées" in response.content.decode()
    assert "vous confirmera les horaires" in response.content.decode()
    row.refresh_from_db()
    assert (row.capacity, row.visit_minutes, row.max_visits, row.hiring) == (10, 45, 3, True)
    assert row.contact_phone == "06 12 34 56 78"
    windows = [(w.date, w.start, w.end) for w in Availability.objects.filter(company=row).order_by("date", "start")]
    assert windows == [(h.date, h.start, h.end) for h in halves[:2]]
    entry = engaged.company
    entry.refresh_from_db()
    assert (entry.parking, entry.entrance, entry.grouped_visits) == ("Parking du lac", "Entrée B", True)
    saved = AvailabilityAnswer.objects.get(company=row)
    assert saved.after_plan and saved.answered_by == "Lucie Martin"
    assert HistoryEntry.objects.filter(rally=mife_rally, summary__startswith="Réponse de l'entreprise").exists()

    detail = coordinator.get(reverse("companies:mobilisation_detail", args=[mife_rally.pk, engaged.pk]))
    text = detail.content.decode()
    assert "après le calcul du planning : à confirmer" in text and "Durée de visite (min)" in text
    listing = coordinator.get(reverse("companies:mobilisation", args=[mife_rally.pk])).content.decode()
    assert "Disponibilités reçues le" in listing

    again = company.get(url).content.decode()
    assert 'value="10"' in again and "checked" in again  # the answer is shown back


def test_exact_windows_and_missing_answers(coordinator: Client, engaged: Mobilisation) -> None:
    url, row = make_link(coordinator, engaged)
    company = Client()
    response = company.post(url, answer(row, half_days=[], capacity=""))
    text = response.content.decode()
    assert response.status_code == 400
    assert "Cochez au moins une demi-journée" in text and 'value="Lucie Martin"' in text
    day = half_days(row)[0].date.isoformat()
    response = company.post(url, answer(row, half_days=[], window_0_date=day, window_0_start="10:00"))
    assert "Indiquez le jour, l&#x27;heure de début et l&#x27;heure de fin" in response.content.decode()
    assert not AvailabilityAnswer.objects.exists()
    response = company.post(
        url, answer(row, half_days=[], window_0_date=day, window_0_start="10:00", window_0_end="11:30")
    )
    assert response.status_code == 200
    assert [(w.start, w.end) for w in Availability.objects.filter(company=row)] == [(dt.time(10), dt.time(11, 30))]


def test_a_revoked_or_expired_link_changes_nothing(
    coordinator: Client, engaged: Mobilisation, mife_rally: Rally
) -> None:
    url, row = make_link(coordinator, engaged)
    detail = reverse("companies:mobilisation_detail", args=[mife_rally.pk, engaged.pk])
    coordinator.post(detail, {"action": "revoke"})
    company = Client()
    response = company.post(url, answer(row))
    assert response.status_code == 410 and "Lien désactivé" in response.content.decode()
    assert not AvailabilityAnswer.objects.exists()

    coordinator.post(detail, {"action": "link"})
    link = PrivateLink.objects.get(company=row, revoked_at=None)
    Session.objects.filter(rally=mife_rally).update(date=dt.date(2026, 1, 5))  # the rally is over
    response = company.get(reverse("companies:availability", args=[link.token]))
    assert response.status_code == 410 and "Lien expiré" in response.content.decode()
    assert company.get(reverse("companies:availability", args=["x" * 43])).status_code == 404


def test_the_link_is_sent_by_email_and_logged(
    coordinator: Client,
    engaged: Mobilisation,
    mife_rally: Rally,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from django.core import mail

    from rallye.messaging.models import Message

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.RALLYE_BASE_URL = "https://rallye.example.org"
    _, row = make_link(coordinator, engaged)
    detail = reverse("companies:mobilisation_detail", args=[mife_rally.pk, engaged.pk])
    row.contact_email = ""
    row.save()
    response = coordinator.post(detail, {"action": "send"}, follow=True)
    assert "Pas d&#x27;e-mail ni de téléphone mobile" in response.content.decode()
    row.contact_email = "lucie@example.org"
    row.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(detail, {"action": "send"}, follow=True)
    assert "part par e-mail : Boulangerie du Lac" in response.content.decode()
    message = Message.objects.get(recipient="lucie@example.org")
    link = PrivateLink.objects.get(company=row, revoked_at=None)
    assert link.token in message.body and "Boulangerie" not in message.subject
    assert [m.to for m in mail.outbox] == [["lucie@example.org"]]
    log = engaged.contacts.get()
    assert log.channel == "email" and "envoyé par e-mail" in log.note


def test_one_click_asks_every_engaged_company_without_an_answer(
    coordinator: Client, engaged: Mobilisation, mife_rally: Rally, settings: Any
) -> None:
    """By e-mail, by SMS to a mobile without e-mail, never to a company that answered; a company
    that cannot be reached is named; the structure's own text is used."""
    from rallye.companies.requests import waiting_for_an_answer
    from rallye.messaging.models import Message, MessageText

    settings.SMS_KEY = "test-key"
    settings.RALLYE_BASE_URL = "https://rallye.example.org"
    row = Company.objects.get(rally=mife_rally, directory=engaged.company)
    row.contact_email, row.contact_phone = "", "06 12 34 56 78"
    row.save()
    others = {}
    for name, email, phone in (
        ("Garage des Alpes", "atelier@garage.example", ""),
        ("Clinique du Parc", "", "04 50 00 00 00"),
        ("Hôtel du Port", "accueil@hotel.example", ""),
    ):
        entry = DirectoryCompany.objects.create(structure=mife_rally.structure, name=name, sector="Commerce")
        m = Mobilisation.objects.create(rally=mife_rally, company=entry, status=Status.CONFIRMED)
        coordinator.post(reverse("companies:mobilisation_detail", args=[mife_rally.pk, m.pk]), {"action": "add"})
        company = Company.objects.get(rally=mife_rally, directory=entry)
        company.contact_email, company.contact_phone = email, phone
        company.save()
        others[name] = company
    AvailabilityAnswer.objects.create(company=others["Hôtel du Port"], answered_by="Accueil")
    not_engaged = DirectoryCompany.objects.create(structure=mife_rally.structure, name="Pharmacie", sector="Santé")
    Mobilisation.objects.create(rally=mife_rally, company=not_engaged, status=Status.INTERESTED)
    MessageText.objects.create(
        structure=mife_rally.structure,
        kind="availability_request",
        email_subject="Votre accueil au {rallye}",
        email_body="Bonjour {contact}, vos créneaux : {lien}",
    )
    listing = reverse("companies:mobilisation", args=[mife_rally.pk])
    page = coordinator.get(listing).content.decode()
    waiting = page.split("Disponibilités à demander")[1].split("</section>")[0]
    assert "Garage des Alpes" in waiting and "Hôtel du Port" not in waiting

    expected = len(waiting_for_an_answer(mife_rally))
    response = coordinator.post(listing, {"action": "request_all"}, follow=True)
    page = response.content.decode()
    by_email = page.split("part par e-mail : ")[1].split("</p>")[0]
    assert "Garage des Alpes" in by_email and "Hôtel du Port" not in by_email and "Pharmacie" not in by_email
    assert "part par SMS : Boulangerie du Lac." in page
    assert "Clinique du Parc" in page and "ni de téléphone mobile" in page  # a landline: call it
    queued = Message.objects.filter(purpose="availability_link")
    assert queued.count() == expected - 1  # one message to each, except the company to call
    email = queued.get(recipient="atelier@garage.example")
    link = PrivateLink.objects.get(company=others["Garage des Alpes"], purpose=Purpose.AVAILABILITY, revoked_at=None)
    assert email.subject.startswith("Votre accueil au") and link.token in email.body
    sms = queued.get(channel="sms")
    own = PrivateLink.objects.get(company=row, purpose=Purpose.AVAILABILITY, revoked_at=None)
    assert own.token in sms.body and "Madame, Monsieur" not in sms.body
    assert engaged.contacts.get().note == "Lien de disponibilités envoyé par SMS"
    assert not Message.objects.filter(recipient__contains="hotel").exists()
