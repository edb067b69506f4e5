"""A coordinator invites a colleague from a laptop; the colleague opens the e-mailed link on a
360-px phone, chooses a password and is in; later they forget it and set a new one by e-mail;
the coordinator then sends the questionnaire links in one click and sees who received what."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail

from rallye.demo import load_demo
from rallye.evaluation.services import prepare_questionnaires
from rallye.organisations.models import Membership, Role
from rallye.rallies.models import Participant, Rally
from tests.browser.test_network_journey import log_in

pytestmark = pytest.mark.django_db(transaction=True)
COLLEAGUE = "ines.roux@mife74.example"
PASSWORD = "un-mot-de-passe-solide-2027"
NEW_PASSWORD = "encore-un-autre-mot-de-passe-2027"


def emailed_path(to: str) -> str:
    body = str([m for m in mail.outbox if m.to == [to]][-1].body)
    found = re.search(r"https?://[^/\s]+(/\S+)", body)
    assert found, body
    return found.group(1)


def fits(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_invite_join_reset_and_send(page: Any, browser: Any, live_server: Any, settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    load_demo()
    log_in(page, "coordination@mife74.demo")
    page.get_by_role("link", name=re.compile("Membres et invitations")).first.click()
    page.get_by_label("Adresse e-mail de la personne").fill(COLLEAGUE)
    page.get_by_label("Rôle").select_option(label="Membre de la structure")
    page.get_by_role("button", name="Envoyer l'invitation").click()
    page.get_by_text(f"Invitation envoyée à {COLLEAGUE}").wait_for()
    assert "E-mail : envoyé le" in page.content()

    phone = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport={"width": 360, "height": 800})
    colleague = phone.new_page()
    colleague.goto(emailed_path(COLLEAGUE))
    assert fits(colleague)
    colleague.get_by_label("Prénom").fill("Inès")
    colleague.get_by_label(re.compile(r"^Nom\b")).fill("Roux")
    colleague.get_by_label(re.compile(r"^Nouveau mot de passe")).fill(PASSWORD)
    colleague.get_by_label("Confirmation du nouveau mot de passe").fill(PASSWORD)
    colleague.get_by_role("button", name="Créer mon compte et rejoindre la structure").click()
    colleague.get_by_text("Bienvenue : vous faites partie de MIFE de Haute-Savoie").wait_for()
    assert Membership.objects.get(user__email=COLLEAGUE).role == Role.MEMBER

    colleague.get_by_role("button", name="Se déconnecter").click()
    colleague.wait_for_url("**/connexion/")
    colleague.get_by_role("link", name="Mot de passe oublié ?").click()
    colleague.get_by_label("Adresse e-mail").fill(COLLEAGUE)
    colleague.get_by_role("button", name="Recevoir le lien").click()
    colleague.get_by_text("Regardez vos e-mails").wait_for()
    colleague.goto(emailed_path(COLLEAGUE))
    colleague.get_by_label(re.compile(r"^Nouveau mot de passe")).fill(NEW_PASSWORD)
    colleague.get_by_label("Confirmation du nouveau mot de passe").fill(NEW_PASSWORD)
    colleague.get_by_role("button", name="Enregistrer le mot de passe").click()
    colleague.get_by_text("Votre nouveau mot de passe est enregistré").wait_for()
    assert fits(colleague)
    phone.close()

    rally = Rally.objects.get(name="Rallye pour l'emploi — Annecy, mars 2027")
    prepare_questionnaires(rally)
    first = Participant.objects.filter(rally=rally).order_by("code").first()
    assert first is not None
    Participant.objects.filter(pk=first.pk).update(contact_agreed=True, email="amina@example.org")
    page.goto(f"/rallyes/{rally.pk}/questionnaires/")
    page.get_by_role("button", name="Envoyer les liens : questionnaire avant le rallye").click()
    page.get_by_text("1 message part avec le lien du questionnaire avant le rallye").wait_for()
    page.reload()
    assert "lien envoyé par e-mail le" in page.content()
    assert [m.to for m in mail.outbox][-1] == ["amina@example.org"]
