"""A structure rewrites its messages: variables listed, checked when saved (unknown ones, a
stray brace, the stop link removed), a preview with examples, used by the next messages, and
back to Rallye's text in one click."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from rallye.messaging.models import MessageText
from rallye.messaging.texts import KINDS
from rallye.organisations.models import Membership, Role, Structure, User
from rallye.rallies.models import Participant, Rally
from tests.accounts.conftest import COORDINATOR, Sends, signed_in

pytestmark = pytest.mark.django_db


def text(response: Any) -> str:
    return html.unescape(str(response.content.decode()))


def url(structure: Structure, kind: str = "questionnaire_link") -> str:
    return reverse("messaging:text", args=[structure.pk, kind])


def form(**changes: str) -> dict[str, str]:
    kind = KINDS["questionnaire_link"]
    return {"email_subject": kind.email_subject, "email_body": kind.email_body, "sms_body": kind.sms_body, **changes}


def test_a_structure_rewrites_a_message_and_the_next_ones_use_it(mife: Structure, sends: Sends) -> None:
    coordinator = signed_in(COORDINATOR)
    assert reverse("messaging:texts", args=[mife.pk]) in text(coordinator.get(reverse("home")))
    page = text(coordinator.get(url(mife)))
    assert "<code>{prenom}</code> : le prénom de la personne" in page and "Aperçu, avec des exemples" in page
    assert "Bonjour Amina," in page  # the preview, with example values

    body = "Bonjour {prenom} !\nVoici votre questionnaire {questionnaire} : {lien}\nStop : {arret}"
    saved = coordinator.post(
        url(mife), form(email_subject="Un petit questionnaire, {prenom} ?", email_body=body), follow=True
    )
    assert "Texte enregistré" in text(saved) and "Ce message utilise le texte de votre structure" in text(saved)

    rally = Rally.objects.get(name="Rallye pour l'emploi — Annecy, mars 2027")
    person = rally.participants.order_by("code").first()
    assert person is not None
    Participant.objects.filter(rally=rally).update(contact_agreed=False)
    Participant.objects.filter(pk=person.pk).update(contact_agreed=True, email="amina@example.org")
    coordinator.post(reverse("evaluation:questionnaires", args=[rally.pk]))  # prepare the links
    with sends():
        coordinator.post(reverse("evaluation:send_links", args=[rally.pk, "avant"]))
    (email,) = mail.outbox
    assert email.subject == f"Un petit questionnaire, {person.first_name} ?"
    assert email.body.startswith(f"Bonjour {person.first_name} !\nVoici votre questionnaire avant le rallye : http")

    back = coordinator.post(url(mife), {"back_to_default": "1"}, follow=True)
    assert "reprend le texte d'origine" in text(back) and not MessageText.objects.filter(structure=mife).exists()


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("email_body", "Bonjour {nom}, {lien} {arret}", "variable inconnue : {nom}"),
        ("sms_body", "Répondez ici : {lien}", "gardez {arret}"),
        ("email_subject", "Questionnaire {prenom", "une accolade { ou } est mal placée"),
    ],
)
def test_a_wrong_text_is_refused_and_says_why(mife: Structure, field: str, value: str, says: str) -> None:
    refused = signed_in(COORDINATOR).post(url(mife), form(**{field: value}))
    assert refused.status_code == 400 and says in text(refused)
    assert not MessageText.objects.exists()


def test_readers_and_other_structures_cannot_change_texts(mife: Structure) -> None:
    reader = User.objects.create_user("lecture@mife74.test", "lecture-seule-2027")
    Membership.objects.create(user=reader, federation=mife.federation, structure=mife, role=Role.READ_ONLY)
    client = signed_in(COORDINATOR)
    client.logout()
    assert client.login(email="lecture@mife74.test", password="lecture-seule-2027")
    assert client.get(url(mife)).status_code == 403
    other = Structure.objects.exclude(pk=mife.pk).first()
    assert other is not None
    assert signed_in(COORDINATOR).get(url(other)).status_code == 404
    assert signed_in(COORDINATOR).get(url(mife, "inconnu")).status_code == 404
