"""Every URL pattern of the workspace, walked for every role: nothing of one structure can be
reached from another, whatever the URL (404), and nothing without logging in.

New URL patterns are picked up automatically: a pattern whose parameters this walk does not
know how to fill makes the test fail, so that no page escapes it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from rallye.demo import DEMO_PASSWORD, FEDERATION_ADMIN
from rallye.evaluation.models import Funder, Questionnaire
from rallye.evaluation.services import prepare_questionnaires
from rallye.messaging.models import Message, State
from rallye.organisations.models import Membership, Role, User
from rallye.plans.models import PlanVersion
from rallye.preparation.models import RallyTask
from rallye.preparation.services import prepare
from rallye.rallies.models import Company, Participant, Rally, TravelTime, Vehicle

pytestmark = pytest.mark.django_db

MIFE = "coordination@mife74.demo"
TI38 = "coordination@ti38.demo"
PUBLIC = {
    "login",
    "logout",
    "evaluation:fill",
    "accounts:join",
    "messaging:stop",
    "companies:availability",
    "preparation:feed",
    "field:team",
    "field:entry",
    "field:photo",
    "field:worker",
    "recruitment:proposals",
    "health",
    "accessibility",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}
"""Pages without an account: the private questionnaire, invitation and « stop messages » links are reached by their
token alone (so are a team's page on its accompanier's phone and its service worker, which
holds no data); the forgotten-password pages are for people who cannot sign in; the health check
for monitoring shows no data; the accessibility statement is for everyone."""
ITEMS: dict[str, type[Company] | type[Participant] | type[Vehicle] | type[TravelTime]] = {
    "company": Company,
    "participant": Participant,
    "vehicle": Vehicle,
    "travel": TravelTime,
}


def walk(resolvers: list[Any], namespace: str = "") -> list[tuple[str, URLPattern]]:
    found = []
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue  # Django's admin: federation administrators only (tested apart)
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            found.append((namespace + entry.name, entry))
    return found


PATTERNS = walk(get_resolver().url_patterns)
FILE = re.compile(r"\.(pdf|xlsx|zip|json|ics|csv|png|svg|js)$")
"""Addresses of files (documents, exports, feeds), not pages: walked here, and left out by the
walks that read pages (forms, the browser's walk); their own tests read them."""


def url_for(name: str, pattern: URLPattern, rally: Rally) -> str:
    kwargs: dict[str, Any] = {}
    if name.startswith("preparation:"):
        prepare(rally, None)  # its pages show a prepared rally (a task, the workbook)
    for parameter in pattern.pattern.converters:
        if parameter == "pk" and name == "network:funder_report":
            kwargs["pk"] = funder_of(rally).pk  # this one's pk is a funder of the rally's structure
        elif parameter == "pk":
            kwargs["pk"] = rally.pk
        elif parameter == "number":
            version = PlanVersion.objects.filter(rally=rally).first()
            assert version is not None
            kwargs["number"] = version.number
        elif parameter == "item" and name == "preparation:task":
            task = RallyTask.objects.filter(rally=rally).first()
            assert task is not None
            kwargs["item"] = task.pk
        elif parameter == "federation":
            kwargs["federation"] = rally.structure.federation_id
        elif parameter == "item":
            model = ITEMS[name.split(":")[-1].split("_")[0]]
            if model is TravelTime:
                TravelTime.objects.get_or_create(rally=rally, origin="base", destination="C01", defaults={"minutes": 9})
            item = model.objects.filter(rally=rally).first()
            assert item is not None
            kwargs["item"] = item.pk
        elif parameter in ("entry", "mobilisation", "contact"):
            kwargs[parameter] = directory_item(parameter, rally)
        elif parameter == "kind":
            kwargs["kind"] = "roadbook"
        elif parameter == "team":
            kwargs["team"] = "T1"
        elif parameter == "token":
            kwargs["token"] = "jeton-inconnu"
        elif parameter == "structure":
            kwargs["structure"] = rally.structure_id
        elif parameter == "funder":
            kwargs["funder"] = funder_of(rally).pk
        elif parameter == "participant":
            participant = Participant.objects.filter(rally=rally).first()
            assert participant is not None
            kwargs["participant"] = participant.pk
        elif parameter == "qid":
            prepare_questionnaires(rally)
            questionnaire = Questionnaire.objects.filter(rally=rally).first()
            assert questionnaire is not None
            kwargs["qid"] = questionnaire.pk
        elif parameter == "membership":
            membership = Membership.objects.filter(structure=rally.structure).first()
            assert membership is not None
            kwargs["membership"] = membership.pk
        elif parameter == "phase":
            kwargs["phase"] = "avant"
        elif parameter == "message":
            prepare_questionnaires(rally)
            questionnaire = Questionnaire.objects.filter(rally=rally, participant__isnull=False).first()
            assert questionnaire is not None
            message = Message.objects.create(
                structure=rally.structure,
                questionnaire=questionnaire,
                participant=questionnaire.participant,
                recipient="personne@example.org",
                subject="Questionnaire",
                body="…",
                purpose="questionnaire_link",
                state=State.FAILED,
            )
            kwargs["message"] = message.pk
        elif parameter == "vehicle":
            vehicle = Vehicle.objects.filter(rally=rally).first()
            assert vehicle is not None
            kwargs["vehicle"] = vehicle.pk if name == "field:replace_link" else vehicle.code
        elif parameter == "uidb64":
            kwargs["uidb64"] = "MQ"
        elif parameter in ("team", "company"):
            kwargs[parameter] = first_visit(rally)[0 if parameter == "team" else 1]
        elif parameter == "challenge":
            kwargs["challenge"] = challenge_of(name, rally)
        elif parameter == "prize":
            from rallye.challenges.models import Prize

            kwargs["prize"] = Prize.objects.get_or_create(rally=rally, name="Un lot", donor="Une entreprise")[0].pk
        elif parameter == "fmt":
            kwargs["fmt"] = "pdf" if name.endswith("_report") else "xlsx"
        else:
            pytest.fail(f"{name} : paramètre « {parameter} » inconnu de ce test ; apprenez-lui à le remplir")
    return reverse(name, kwargs=kwargs)


def directory_item(parameter: str, rally: Rally) -> int:
    """A directory entry of the rally's structure, its contact, or its mobilisation for the rally."""
    from rallye.companies.models import DirectoryCompany, Mobilisation

    entry = DirectoryCompany.objects.get_or_create(structure=rally.structure, name="Entreprise de l'annuaire")[0]
    if parameter == "entry":
        return entry.pk
    if parameter == "contact":
        return entry.contacts.get_or_create(name="Contact de l'annuaire")[0].pk
    return Mobilisation.objects.get_or_create(rally=rally, company=entry)[0].pk


def first_visit(rally: Rally) -> tuple[str, str]:
    from rallye.plans.reading import planned_rally

    plan = planned_rally(rally).plan
    assert plan is not None
    return plan.teams[0].id, plan.teams[0].visits[0].company


def challenge_of(name: str, rally: Rally) -> int:
    """A challenge of the network's repertoire (``network_*``, ``withdraw``, ``rate``), or one of
    the rally's structure's own challenges."""
    from rallye.challenges.models import NetworkChallenge, OwnChallenge

    if name.split(":")[-1] in ("network_edit", "withdraw", "rate"):
        found = NetworkChallenge.objects.filter(federation=rally.structure.federation).first()
        assert found is not None
        return found.pk
    own = OwnChallenge.objects.get_or_create(
        structure=rally.structure, title="Un défi", defaults={"instructions": "…", "check_text": "…"}
    )[0]
    return own.pk


def funder_of(rally: Rally) -> Funder:
    """A funder of the rally's structure that funded a rally already held (the demo's past
    season), so that its report has something to show."""
    funder: Funder | None = Funder.objects.filter(structure=rally.structure, fundings__isnull=False).first()
    assert funder is not None
    return funder


def client_for(email: str) -> Client:
    client = Client()
    assert client.login(email=email, password=DEMO_PASSWORD)
    return client


def test_the_walk_covers_rallies_plans_and_pages() -> None:
    names = {name for name, _ in PATTERNS}
    assert {"home", "rallies:detail", "plans:planning", "plans:version", "plans:move"} <= names


def test_anonymous_visitors_are_sent_to_login_everywhere(mife_rally: Rally) -> None:
    client = Client()
    for name, pattern in PATTERNS:
        if name in PUBLIC:
            continue
        url = url_for(name, pattern, mife_rally)
        for response in (client.get(url), client.post(url)):
            assert response.status_code == 302 and response["Location"].startswith("/connexion/"), name


@pytest.mark.parametrize("email", [TI38, "lecture@ti38.demo"])
def test_users_of_another_structure_get_404_on_every_object_url(mife_rally: Rally, email: str) -> None:
    if email == "lecture@ti38.demo":
        reader = User.objects.create_user(email, DEMO_PASSWORD)
        other = Membership.objects.get(user__email=TI38).structure
        assert other is not None
        Membership.objects.create(user=reader, federation=other.federation, structure=other, role=Role.READ_ONLY)
    client = client_for(email)
    walked = 0
    for name, pattern in PATTERNS:
        if "pk" not in pattern.pattern.converters:
            continue
        url = url_for(name, pattern, mife_rally)
        assert client.get(url).status_code == 404, f"GET {name}"
        assert client.post(url, {"action": "confirm"}).status_code == 404, f"POST {name}"
        walked += 1
    assert walked >= 25


@pytest.mark.parametrize("email", [MIFE, FEDERATION_ADMIN])
def test_own_structure_and_federation_admin_reach_every_page(mife_rally: Rally, email: str) -> None:
    client = client_for(email)
    for name, pattern in PATTERNS:
        converters = pattern.pattern.converters
        if name in PUBLIC or "pk" not in converters or "token" in converters:
            continue  # a pending import only exists for the session that uploaded it
        response = client.get(url_for(name, pattern, mife_rally))
        assert response.status_code in (200, 405), f"GET {name}: {response.status_code}"  # 405: POST only
