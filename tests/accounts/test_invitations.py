"""A coordinator invites someone by e-mail; the person opens the link, chooses a password and
is in, with the role chosen. The link serves once and for 14 days; a member's access ends."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from rallye.accounts.models import Invitation
from rallye.messaging.models import Message, State
from rallye.organisations.models import Membership, Role, Structure, User
from rallye.rallies.models import Rally
from tests.accounts.conftest import COORDINATOR, Sends, link_in_last_email, signed_in

pytestmark = pytest.mark.django_db
NEWCOMER = "ines.roux@mife74.example"
PASSWORD = "un-mot-de-passe-solide-2027"


def text(response: Any) -> str:
    return html.unescape(str(response.content.decode()))


def members_url(structure: Structure) -> str:
    return reverse("accounts:members", args=[structure.pk])


def invite(client: Client, sends: Sends, structure: Structure, email: str = NEWCOMER, role: str = "member") -> None:
    with sends():
        response = client.post(members_url(structure), {"email": email, "role": role})
    assert response.status_code == 302, text(response)[:2000]


def new_account(first: str, last: str, password: str = PASSWORD) -> dict[str, str]:
    return {"first_name": first, "last_name": last, "new_password1": password, "new_password2": password}


def test_an_invited_person_chooses_a_password_and_joins(coordinator: Client, mife: Structure, sends: Sends) -> None:
    assert "Membres et invitations" in text(coordinator.get(reverse("home")))
    invite(coordinator, sends, mife, role="read_only")
    (email,) = mail.outbox
    assert email.to == [NEWCOMER] and "MIFE de Haute-Savoie" in email.subject
    assert "lecture seule" in email.body and "14 jours" in email.body
    page = text(coordinator.get(members_url(mife)))
    assert NEWCOMER in page and "E-mail : envoyé le" in page

    link = link_in_last_email(NEWCOMER)
    visitor = Client()
    form = visitor.get(link)
    assert form.status_code == 200 and "Rejoindre MIFE de Haute-Savoie" in text(form)
    refused = visitor.post(link, new_account("Inès", "Roux", "court"))
    assert refused.status_code == 400 and not User.objects.filter(email=NEWCOMER).exists()
    assert visitor.post(link, new_account("Inès", "Roux")).status_code == 302
    user = User.objects.get(email=NEWCOMER)
    assert Membership.objects.get(user=user, structure=mife).role == Role.READ_ONLY
    assert "Bienvenue : vous faites partie de MIFE de Haute-Savoie (Lecture seule)" in text(
        visitor.get(reverse("home"))
    )
    assert Client().login(email=NEWCOMER, password=PASSWORD)

    again = Client().get(link)
    assert again.status_code == 410 and "Invitation déjà utilisée" in text(again)
    assert NEWCOMER not in text(coordinator.get(members_url(mife))).split("Invitations en cours")[1]


def test_someone_who_has_an_account_signs_in_to_join(coordinator: Client, mife: Structure, sends: Sends) -> None:
    other = User.objects.create_user(NEWCOMER, PASSWORD, first_name="Inès", last_name="Roux")
    invite(coordinator, sends, mife)
    link = link_in_last_email(NEWCOMER)
    visitor = Client()
    assert "Un compte Rallye existe déjà" in text(visitor.get(link))
    wrong = visitor.post(link, {"password": "pas-le-bon"})
    assert wrong.status_code == 400 and "Mot de passe incorrect" in text(wrong)
    assert visitor.post(link, {"password": PASSWORD}).status_code == 302
    assert Membership.objects.get(user=other, structure=mife).role == Role.MEMBER


def test_an_invitation_expires_after_fourteen_days(coordinator: Client, mife: Structure, sends: Sends) -> None:
    invite(coordinator, sends, mife)
    link = link_in_last_email(NEWCOMER)
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=15)):
        page = Client().get(link)
    assert page.status_code == 410
    assert "Invitation expirée" in text(page) and "Demandez une nouvelle invitation" in text(page)
    assert not User.objects.filter(email=NEWCOMER).exists()


def test_a_wrong_address_or_a_member_already_there_is_refused(coordinator: Client, mife: Structure) -> None:
    bad = coordinator.post(members_url(mife), {"email": "ines.roux@", "role": "member"})
    assert bad.status_code == 400 and "Cette adresse e-mail n'est pas valide" in text(bad)
    already = coordinator.post(members_url(mife), {"email": COORDINATOR, "role": "member"})
    assert already.status_code == 400 and "fait déjà partie de MIFE de Haute-Savoie" in text(already)
    assert not Invitation.objects.exists() and not Message.objects.exists()


def test_only_coordinators_manage_members(mife: Structure) -> None:
    reader = User.objects.create_user("lecture@mife74.test", "lecture-seule-2027")
    Membership.objects.create(user=reader, federation=mife.federation, structure=mife, role=Role.READ_ONLY)
    client = Client()
    assert client.login(email="lecture@mife74.test", password="lecture-seule-2027")
    assert client.get(members_url(mife)).status_code == 403
    other = Structure.objects.exclude(pk=mife.pk).first()
    assert other is not None
    assert signed_in(COORDINATOR).get(members_url(other)).status_code == 404


def test_a_member_whose_access_ends_no_longer_reaches_the_structure(coordinator: Client, mife: Structure) -> None:
    colleague = User.objects.create_user(NEWCOMER, PASSWORD)
    membership = Membership.objects.create(user=colleague, federation=mife.federation, structure=mife, role=Role.MEMBER)
    rally = Rally.objects.filter(structure=mife).first()
    assert rally is not None
    client = Client()
    assert client.login(email=NEWCOMER, password=PASSWORD)
    assert client.get(reverse("rallies:detail", args=[rally.pk])).status_code == 200
    response = coordinator.post(reverse("accounts:deactivate", args=[mife.pk, membership.pk]), follow=True)
    assert f"{NEWCOMER} n'a plus accès à MIFE de Haute-Savoie" in text(response)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    colleague.refresh_from_db()
    assert not colleague.is_active  # no role left anywhere
    assert client.get(reverse("rallies:detail", args=[rally.pk])).status_code == 302  # signed out
    mine = Membership.objects.get(user__email=COORDINATOR, structure=mife)
    itself = coordinator.post(reverse("accounts:deactivate", args=[mife.pk, mine.pk]), follow=True)
    assert "Vous ne pouvez pas retirer votre propre accès" in text(itself)


def test_the_last_coordinator_stays(federation_admin: Client, mife: Structure) -> None:
    (only,) = Membership.objects.filter(structure=mife, role=Role.COORDINATOR)
    response = federation_admin.post(reverse("accounts:deactivate", args=[mife.pk, only.pk]), follow=True)
    assert "est la seule personne en coordination" in text(response)
    assert Membership.objects.filter(pk=only.pk).exists()


def test_a_federation_admin_adds_a_structure_and_invites_its_coordinator(
    federation_admin: Client, mife: Structure, sends: Sends
) -> None:
    url = reverse("accounts:new_structure")
    assert "Ajouter une structure au réseau" in text(federation_admin.get(reverse("home")))
    with sends():
        response = federation_admin.post(
            url,
            {
                "federation": mife.federation_id,
                "name": "Club CREPI Savoie",
                "kind": "crepi",
                "territory": "Savoie",
                "coordinator_email": "coordination@crepi73.example",
            },
        )
    assert response.status_code == 302
    structure = Structure.objects.get(name="Club CREPI Savoie")
    assert structure.federation_id == mife.federation_id
    link = link_in_last_email("coordination@crepi73.example")
    visitor = Client()
    visitor.post(link, new_account("Paul", "Martin"))
    membership = Membership.objects.get(user__email="coordination@crepi73.example", structure=structure)
    assert membership.role == Role.COORDINATOR
    assert visitor.get(members_url(structure)).status_code == 200  # they manage their own team
    assert signed_in(COORDINATOR).get(url).status_code == 403


def test_a_message_the_mail_server_refused_shows_why(coordinator: Client, mife: Structure) -> None:
    coordinator.post(members_url(mife), {"email": NEWCOMER, "role": "member"})  # not sent: no worker here
    Message.objects.filter(recipient=NEWCOMER).update(attempts=1, last_error="le serveur d'e-mail ne répond pas")
    assert Message.objects.get(recipient=NEWCOMER).state == State.WAITING
    page = text(coordinator.get(members_url(mife)))
    assert "E-mail : en attente d'envoi (le serveur d'e-mail ne répond pas" in page
