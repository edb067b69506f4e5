"""Every page of the demo, for every role, on a 360-px phone: nothing scrolls sideways (WCAG
1.4.10; wide tables scroll inside their own focusable region) and axe-core finds no serious or
critical issue.

The pages are every URL pattern of the site (``tests/www/test_url_walk.py`` fills their
parameters), so a new page is walked without being listed here: the coordinator, a read-only
member, the federation's administrator and the evaluator each get every page they may open (the
others answer 403, 404 or 405 and are skipped); an anonymous visitor gets the public pages,
private links included (a questionnaire, a company's availability). Screenshots of the key pages
are kept as test artefacts (``tests/browser/screenshots.py``)."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import axe_playwright_python  # type: ignore[import-untyped]
import pytest
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from rallye.companies.availability import availability_link
from rallye.demo import DEMO_PASSWORD, EVALUATOR, FEDERATION_ADMIN, load_demo
from rallye.evaluation.models import Questionnaire
from rallye.evaluation.services import prepare_questionnaires
from rallye.field.services import planned_vehicles, team_link
from rallye.links.models import PrivateLink
from rallye.links.services import current
from rallye.organisations.models import Membership, Role, Structure, User
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
from tests.browser.screenshots import OVERFLOW, shoot
from tests.stub_server import KEPT_AN_HOUR, StubHandler, serving
from tests.www.test_url_walk import FILE, PATTERNS, PUBLIC, url_for

pytestmark = pytest.mark.django_db(transaction=True)
UPCOMING = "Rallye pour l'emploi — Annecy, mars 2027"
HELD = "Rallye pour l'emploi — Annecy, mai 2026"
SERIOUS = {"serious", "critical"}
NEVER_SERIOUS = (
    "region",
    "landmark-one-main",
    "landmark-unique",
    "landmark-complementary-is-top-level",
    "landmark-no-duplicate-banner",
    "landmark-no-duplicate-contentinfo",
    "landmark-no-duplicate-main",
    "landmark-main-is-top-level",
    "landmark-banner-is-top-level",
    "landmark-contentinfo-is-top-level",
    "heading-order",
    "page-has-heading-one",
    "empty-heading",
    "skip-link",
    "identical-links-same-purpose",
    "image-redundant-alt",
    "meta-viewport-large",
    "presentation-role-conflict",
    "scope-attr-valid",
    "table-duplicate-name",
    "empty-table-header",
    "aria-allowed-role",
)
"""axe's rules whose issues are moderate or minor at most: not run (the walk fails on serious
and critical issues only, and ``region`` alone is a good part of axe's time on a long page)."""
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {rule: {"enabled": False} for rule in NEVER_SERIOUS}}
WITHOUT_CONTRAST = {
    "resultTypes": ["violations"],
    "rules": {rule: {"enabled": False} for rule in (*NEVER_SERIOUS, "color-contrast")},
}
"""For a page whose colours axe has already checked for another role: the same view draws the
same elements with the same styles (another role sees fewer buttons, or pseudonyms instead of
names), and colour contrast is most of axe's time on a long page."""
COORDINATOR = "coordination@mife74.demo"
READER = "lecture@mife74.test"
KEY_PAGES = {
    "home": "accueil",
    "rallies:detail": "rallye",
    "rallies:programme": "programme",
    "rallies:participants": "participants",
    "plans:planning": "planning",
    "documents:documents": "documents",
    "companies:mobilisation": "mobilisation",
    "evaluation:questionnaires": "questionnaires",
    "network:dashboard": "reseau",
    "accessibility": "accessibilite",
}
"""Pages photographed for the reviewer (name in the URL walk → file name)."""
HELD_PAGES = ("evaluation:rally", "evaluation:results", "evaluation:follow_up", "network:fidelity")
"""Pages that show more for a rally already held: walked for it too."""


def signed_in_pages() -> list[tuple[str, str]]:
    upcoming, held = Rally.objects.get(name=UPCOMING), Rally.objects.get(name=HELD)
    prepare_questionnaires(upcoming)
    pages = []
    for name, pattern in PATTERNS:
        if name in PUBLIC or "token" in pattern.pattern.converters:
            continue
        for rally in (upcoming, held) if name in HELD_PAGES else (upcoming,):
            url = url_for(name, pattern, rally)
            if not FILE.search(url):
                pages.append((name, url))
    return pages


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


def public_pages(proposals: PrivateLink) -> list[tuple[str, str]]:
    upcoming = Rally.objects.get(name=UPCOMING)
    prepare_questionnaires(upcoming)
    questionnaire = Questionnaire.objects.filter(rally=upcoming, participant__isnull=False).first()
    company = upcoming.companies.first()
    assert questionnaire is not None and company is not None
    link = current(questionnaire.links.all())
    assert link is not None
    return [
        ("login", reverse("login")),
        ("password_reset", reverse("password_reset")),
        ("accessibility", reverse("accessibility")),
        ("evaluation:fill", reverse("evaluation:fill", args=[link.token])),
        ("companies:availability", reverse("companies:availability", args=[availability_link(company).token])),
        ("field:team", reverse("field:team", args=[team_link(planned_vehicles(upcoming)[0]).token])),
        ("recruitment:proposals", reverse("recruitment:proposals", args=[proposals.token])),
    ]


PAGE_FACTS = f"""() => {{
    if (document.doctype === null) return null;
    const main = document.querySelector("main").cloneNode(true);
    main.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach(input => input.remove());
    return {{overflow: {OVERFLOW}, content: main.outerHTML}};
}}"""
"""In one look at the page: ``null`` for a fragment (not a page), else how many pixels it is
too wide and its own content, without what changes on every request."""
AXE_SCRIPT = Path(axe_playwright_python.__file__).with_name("axe.min.js")
RUN_AXE = "options => axe.run(document, options)"


class AxeScript(StubHandler):
    """axe-core served with a lifetime: Chromium then keeps the script compiled from one page
    to the next (about half the time of putting axe in a page)."""

    body = AXE_SCRIPT.read_bytes()

    def do_GET(self) -> None:
        self.send(200, self.body, "text/javascript", {"Cache-Control": KEPT_AN_HOUR})


@dataclass
class Walked:
    """What the walk has already done, so as not to do it again for another role: the contents
    axe read, the roles axe read a page of (the top bar, the same on all of a role's pages, is
    read on its first page), the views whose colours axe checked, the key pages photographed."""

    contents: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    coloured: set[str] = field(default_factory=set)
    photographed: set[str] = field(default_factory=set)


def problems_on(page: Any, axe_url: str, name: str, url: str, role: str, walked: Walked) -> tuple[bool, list[str]]:
    """Whether the page was shown (200, HTML), and what is wrong with it. The same content
    shown to another role is not read again, and a view's colours are checked for the first
    role that sees it. A key page is photographed once, and once more as the evaluator sees it
    (pseudonyms)."""
    response = page.goto(url)
    if response is None or response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
        return False, []
    facts = page.evaluate(PAGE_FACTS)
    if facts is None:
        return False, []  # a fragment a page fetches to refresh itself (the live view), not a page
    found = []
    if facts["overflow"]:
        found.append(f"{role} {url}: {facts['overflow']} px too wide at 360 px")
    content = hashlib.sha256(facts["content"].encode()).hexdigest()
    if role not in walked.roles or content not in walked.contents:
        options = WITHOUT_CONTRAST if name in walked.coloured else AXE_OPTIONS
        page.add_script_tag(url=axe_url)
        for violation in page.evaluate(RUN_AXE, options)["violations"]:
            if violation["impact"] in SERIOUS:
                targets = [" ".join(node["target"]) for node in violation["nodes"][:3]]
                found.append(f"{role} {url}: {violation['id']} ({', '.join(targets)})")
        walked.contents.add(content)
        walked.roles.add(role)
        walked.coloured.add(name)
    if name in KEY_PAGES and (name not in walked.photographed or role == EVALUATOR):
        shoot(page, f"{KEY_PAGES[name]}-{role.split('@')[0]}")
        walked.photographed.add(name)
    return True, found


def walk_as(
    browser: Any,
    live_server: Any,
    role: str,
    axe_url: str,
    proposals: PrivateLink,
    walked: Walked,
    shown: dict[str, int],
    problems: list[str],
) -> None:
    """One role signs in (the anonymous visitor does not) and opens every page of the walk."""
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 360, "height": 800}, bypass_csp=True
    )
    page = context.new_page()
    if role == "anonyme":
        pages = public_pages(proposals)
    else:
        page.goto("/connexion/")
        page.get_by_label("Adresse e-mail").fill(role)
        page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_url("**/")
        pages = signed_in_pages()
    for name, url in pages:
        try:
            seen, found = problems_on(page, axe_url, name, url, role, walked)
        except PlaywrightError:  # an answer the browser cannot show (a download, an empty error)
            page.close()  # a new tab: the failed one could interrupt the next visit
            page = context.new_page()
            seen, found = False, []
        shown[role] = shown.get(role, 0) + seen
        problems += found
    context.close()


def test_every_page_fits_a_phone_and_passes_axe(browser: Any, live_server: Any) -> None:
    """Every role walks every page it may open, on one live server (a live-server test empties
    the database when it ends, and the demo would be loaded again for the next)."""
    load_demo()
    mife = Structure.objects.get(name="MIFE de Haute-Savoie")
    reader = User.objects.create_user(READER, DEMO_PASSWORD)
    Membership.objects.create(user=reader, federation=mife.federation, structure=mife, role=Role.READ_ONLY)
    proposals = recruiting(Rally.objects.get(name=UPCOMING))
    problems: list[str] = []
    shown: dict[str, int] = {}
    walked = Walked()
    with serving(AxeScript) as axe_server:
        for role in (COORDINATOR, READER, FEDERATION_ADMIN, EVALUATOR, "anonyme"):
            walk_as(browser, live_server, role, f"{axe_server}/axe.min.js", proposals, walked, shown, problems)
    assert not problems, "\n".join(problems)
    # The walk proves something only if each role saw its pages.
    assert shown["anonyme"] == 7 and shown[COORDINATOR] >= 50 and shown[READER] >= 28, shown
    assert shown[FEDERATION_ADMIN] >= 50 and shown[EVALUATOR] >= 4, shown
