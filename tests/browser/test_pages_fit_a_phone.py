"""Every main page of the demo, for each role, on a 360-px phone: nothing scrolls sideways (WCAG
1.4.10; wide tables scroll inside their own focusable region) and axe-core finds no serious or
critical issue. The pages are reached by their names, so a renamed page fails here."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]
from django.urls import reverse

from rallye.companies.models import CompanyContact
from rallye.demo import DEMO_PASSWORD, FEDERATION_ADMIN, load_demo
from rallye.evaluation.services import prepare_questionnaires
from rallye.field.services import planned_vehicles, team_link
from rallye.links.models import PrivateLink
from rallye.organisations.models import Structure
from rallye.plans.reading import planned_rally
from rallye.preparation.models import RallyTask
from rallye.preparation.services import prepare
from rallye.rallies.models import Rally
from rallye.recruitment.models import (
    CommitteeMeeting,
    CommitteeMember,
    InfoSession,
    Prescriber,
    PrescriberContact,
    RallyPrescriber,
)
from rallye.recruitment.services import proposals_link, propose

pytestmark = pytest.mark.django_db(transaction=True)
UPCOMING = "Rallye pour l'emploi — Annecy, mars 2027"
HELD = "Rallye pour l'emploi — Annecy, mai 2026"
SERIOUS = {"serious", "critical"}


def coordinator_pages() -> list[str]:
    mife = Structure.objects.get(name="MIFE de Haute-Savoie")
    upcoming, held = Rally.objects.get(name=UPCOMING), Rally.objects.get(name=HELD)
    prepare_questionnaires(upcoming)
    prepare(upcoming, None)
    task = RallyTask.objects.filter(rally=upcoming).first()
    assert task is not None
    company, person, vehicle = upcoming.companies.first(), upcoming.participants.first(), upcoming.vehicles.first()
    assert company and person and vehicle
    contact = CompanyContact.objects.filter(company__structure=mife).first()
    assert contact is not None
    u, h = upcoming.pk, held.pk
    plan = planned_rally(upcoming).plan
    assert plan is not None
    team = plan.teams[0]
    link = recruiting(upcoming)
    return [
        reverse("home"),
        reverse("rallies:list"),
        reverse("rallies:create"),
        reverse("rallies:detail", args=[u]),
        reverse("rallies:programme", args=[u]),
        reverse("rallies:companies", args=[u]),
        reverse("rallies:company_edit", args=[u, company.pk]),
        reverse("rallies:travel_times", args=[u]),
        reverse("rallies:travel_time_add", args=[u]),
        reverse("companies:detail", args=[contact.company_id]),
        reverse("personal_data:contact_erase", args=[contact.company_id, contact.pk]),
        reverse("rallies:participants", args=[u]),
        reverse("rallies:participant_edit", args=[u, person.pk]),
        reverse("rallies:readiness", args=[u]),
        reverse("rallies:participant_attestation", args=[u, person.pk]),
        reverse("recruitment:recruitment", args=[u]),
        reverse("recruitment:proposals", args=[link.token]),
        reverse("rallies:vehicles", args=[u]),
        reverse("rallies:vehicle_edit", args=[u, vehicle.pk]),
        reverse("rallies:history", args=[u]),
        reverse("plans:planning", args=[u]),
        reverse("field:live", args=[u]),
        reverse("documents:documents", args=[u]),
        reverse("messaging:convocations", args=[u]),
        reverse("evaluation:questionnaires", args=[u]),
        reverse("evaluation:qr_sheet", args=[u, "avant"]),
        reverse("evaluation:qr_all", args=[u]),
        reverse("evaluation:rally", args=[h]),
        reverse("evaluation:results", args=[h]),
        reverse("evaluation:follow_up", args=[h]),
        reverse("evaluation:due"),
        reverse("evaluation:funders", args=[mife.pk]),
        reverse("personal_data:retention", args=[mife.pk]),
        reverse("accounts:members", args=[mife.pk]),
        reverse("messaging:texts", args=[mife.pk]),
        reverse("messaging:text", args=[mife.pk, "convocation"]),
        reverse("password_change"),
        reverse("preparation:tasks", args=[u]),
        reverse("preparation:task", args=[u, task.pk]),
        reverse("preparation:calendar", args=[u]),
        reverse("preparation:structure", args=[mife.pk]),
        reverse("preparation:templates"),
        reverse("challenges:repertoire"),
        reverse("challenges:own_add"),
        reverse("challenges:rally", args=[u]),
        reverse("challenges:visit", args=[u, team.id, team.visits[0].company]),
        reverse("challenges:icebreaker", args=[u]),
        reverse("challenges:closing", args=[u]),
    ]


def anonymous_pages() -> list[str]:
    upcoming = Rally.objects.get(name=UPCOMING)
    team = team_link(planned_vehicles(upcoming)[0])
    return [reverse("login"), reverse("password_reset"), reverse("field:team", args=[team.token])]


def recruiting(rally: Rally) -> PrivateLink:
    """A prescriber with a contact, a proposal, an information session and a committee meeting:
    the recruitment page with something in each part; the prescriber's link."""
    prescriber = Prescriber.objects.create(structure=rally.structure, name="Mission locale du Genevois", kind="ML")
    PrescriberContact.objects.create(prescriber=prescriber, name="Samir Haddad", email="samir.haddad@example.fr")
    row = RallyPrescriber.objects.create(rally=rally, prescriber=prescriber)
    propose(
        row,
        first_name="Inès",
        last_name="Moreau",
        gender="F",
        birth_year=2004,
        phone="06 98 76 54 32",
        status_category="JEUNE",
        rsa_beneficiary=False,
        needs="Pas de permis",
        consent=True,
    )
    InfoSession.objects.create(rally=rally, date=dt.date(2027, 2, 16), start=dt.time(9, 30), place="MIFE, Annecy")
    member = CommitteeMember.objects.create(
        structure=rally.structure, name="Julie Martin", organisation="France Travail"
    )
    meeting = CommitteeMeeting.objects.create(
        rally=rally, date=dt.date(2027, 1, 12), minutes="Objectif : 20 personnes."
    )
    meeting.attendees.add(member)
    return proposals_link(row)


def federation_pages() -> list[str]:
    held = Rally.objects.get(name=HELD)
    return [
        reverse("home"),
        reverse("network:dashboard"),
        reverse("network:fidelity_compare"),
        reverse("network:fidelity", args=[held.pk]),
        reverse("network:reports"),
        reverse("personal_data:dataset"),
        reverse("accounts:new_structure"),
        reverse("preparation:federation", args=[held.structure.federation_id]),
        reverse("challenges:repertoire"),
        reverse("challenges:network_add"),
    ]


def problems_on(page: Any, axe: Axe, url: str) -> list[str]:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    found = []
    if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
        width = page.evaluate("document.documentElement.scrollWidth")
        found.append(f"{url}: {width} px wide at 360 px")
    for violation in axe.run(page).response["violations"]:
        if violation["impact"] in SERIOUS:
            targets = [" ".join(node["target"]) for node in violation["nodes"][:3]]
            found.append(f"{url}: {violation['id']} ({', '.join(targets)})")
    return found


def test_every_page_fits_a_phone_and_passes_axe(browser: Any, live_server: Any) -> None:
    """One live server for the three roles (a live-server test empties the database when it
    ends, and the demo is loaded again after it)."""
    load_demo()
    axe = Axe()
    problems: list[str] = []
    for role in ("anonymous", "coordination@mife74.demo", FEDERATION_ADMIN):
        context = browser.new_context(
            base_url=live_server.url, locale="fr-FR", viewport={"width": 360, "height": 800}, bypass_csp=True
        )
        page = context.new_page()
        if role == "anonymous":
            pages = anonymous_pages()
        else:
            page.goto("/connexion/")
            page.get_by_label("Adresse e-mail").fill(role)
            page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
            page.get_by_role("button", name="Se connecter").click()
            page.wait_for_url("**/")
            pages = coordinator_pages() if role.startswith("coordination") else federation_pages()
        problems += [problem for url in pages for problem in problems_on(page, axe, url)]
        context.close()
    assert not problems, "\n".join(problems)
