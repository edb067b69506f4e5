"""« Mot de passe oublié ? »: an e-mail with a link, a new password, signed in with it; an
unknown address gets the same page and no e-mail (no way to learn who has an account)."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from rallye.messaging.models import Message
from tests.accounts.conftest import COORDINATOR, Sends, link_in_last_email

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "un-nouveau-mot-de-passe-2027"


def text(response: Any) -> str:
    return html.unescape(str(response.content.decode()))


def test_a_forgotten_password_is_reset_by_email(sends: Sends, db: None) -> None:
    visitor = Client()
    login_page = text(visitor.get(reverse("login")))
    assert f'href="{reverse("password_reset")}"' in login_page and "Mot de passe oublié ?" in login_page
    with sends():
        sent = visitor.post(reverse("password_reset"), {"email": COORDINATOR}, follow=True)
    assert "Si un compte Rallye existe pour cette adresse" in text(sent)
    (email,) = mail.outbox
    assert email.to == [COORDINATOR] and "dans les 2 heures" in email.body
    link = link_in_last_email(COORDINATOR)
    form = visitor.get(link, follow=True)
    assert "Choisir un nouveau mot de passe" in text(form)
    done = visitor.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert "Votre nouveau mot de passe est enregistré" in text(done)
    assert Client().login(email=COORDINATOR, password=NEW_PASSWORD)
    used = Client().get(link, follow=True)
    assert "Ce lien ne sert plus" in text(used)


def test_an_unknown_address_gets_the_same_answer_and_no_email(sends: Sends, db: None) -> None:
    with sends():
        known = Client().post(reverse("password_reset"), {"email": COORDINATOR}, follow=True)
        unknown = Client().post(reverse("password_reset"), {"email": "personne@nulle-part.example"}, follow=True)
    assert text(known) == text(unknown)
    assert [m.to for m in mail.outbox] == [[COORDINATOR]]
    assert Message.objects.filter(recipient="personne@nulle-part.example").count() == 0
