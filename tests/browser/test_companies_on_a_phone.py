"""On a phone (360 px), an organiser adds a company to the directory, imports a partner's sheet,
mobilises a company for a rally, logs a call and adds it to the rally; every page fits the
screen and axe finds no serious or critical problem."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]

from rallye.companies.models import DirectoryCompany, Mobilisation
from rallye.demo import load_demo
from rallye.rallies.models import Company, Rally
from tests.browser.test_network_journey import log_in

pytestmark = pytest.mark.django_db(transaction=True)
WIDTH = 360


def check_page(page: Any) -> None:
    """The page fits the phone's width and has no serious or critical accessibility problem."""
    page.wait_for_load_state()
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth)"
        ".map(e => e.tagName + '.' + e.className).slice(0, 5).join(', ')"
    )
    assert width <= WIDTH, f"{page.url}: {width} px wide ({wide})"
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, f"{page.url}: " + "; ".join(f"{v['id']}: {v['help']}" for v in serious)


def test_an_organiser_builds_a_rallys_companies_from_the_directory_on_a_phone(
    page: Any, tmp_path: Path, settings: Any
) -> None:
    settings.DATA_DIR = tmp_path
    load_demo()
    rally = Rally.objects.get(name="Rallye pour l'emploi — Annecy, mars 2027")
    page.set_viewport_size({"width": WIDTH, "height": 800})
    log_in(page, "coordination@mife74.demo")

    page.goto("/annuaire/")
    check_page(page)
    page.get_by_role("link", name="Ajouter une entreprise").click()
    page.wait_for_url("**/annuaire/ajouter/")
    check_page(page)
    page.locator("#id_name").fill("Boulangerie du Lac")
    page.locator("#id_siret").fill("732 829 320 00074")
    page.locator("#id_naf_code").fill("10.71C")
    page.locator("#id_address").fill("12 rue de la Paix 74000 Annecy")
    page.locator("#id_lat").fill("45,901")
    page.locator("#id_lon").fill("6,125")
    page.locator("#id_parking").fill("Parking du lac")
    page.locator("#id_contacts-0-name").fill("Lucie Martin")
    page.locator("#id_contacts-0-phone").fill("0612345678")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("heading", name="Boulangerie du Lac").wait_for()
    check_page(page)
    assert "06 12 34 56 78" in page.content()

    sheet = tmp_path / "suivi.csv"
    sheet.write_text("Entreprise;Commune;Téléphone\nCamping des Pins;Annecy;0450000000\n", encoding="utf-8")
    page.goto("/annuaire/importer/")
    check_page(page)
    page.get_by_label("Tableau de suivi").set_input_files(str(sheet))
    page.get_by_role("button", name="Continuer").click()
    page.get_by_role("button", name="Importer 1 entreprise").wait_for()
    check_page(page)
    page.get_by_role("button", name="Importer 1 entreprise").click()
    page.get_by_text("1 entreprise ajoutée").wait_for()
    assert DirectoryCompany.objects.filter(name="Camping des Pins").exists()

    page.goto(f"/rallyes/{rally.pk}/mobilisation/")
    check_page(page)
    page.get_by_label("Boulangerie du Lac").check()
    page.get_by_role("button", name="Mobiliser les entreprises cochées").click()
    page.get_by_role("link", name="Boulangerie du Lac").click()
    page.wait_for_url(re.compile(r"/mobilisation/\d+/$"))
    check_page(page)
    page.locator("#id_date").fill("2026-12-01")
    page.locator("#id_channel").select_option(label="Téléphone")
    page.locator("#id_who").fill("Lucie Martin")
    page.get_by_role("button", name="Enregistrer le contact").click()
    page.get_by_text("Contact noté").wait_for()
    page.locator("#id_status").select_option(label="Engagée")
    page.get_by_role("button", name="Changer l'état").click()
    page.get_by_role("button", name="Ajouter au rallye").click()
    page.get_by_text("est dans les entreprises du rallye").wait_for()
    assert Company.objects.get(rally=rally, directory__name="Boulangerie du Lac").contact_phone == "06 12 34 56 78"
    assert Mobilisation.objects.get(rally=rally, company__name="Boulangerie du Lac").contacts.count() == 1


def test_a_company_gives_its_availability_on_a_phone(page: Any, tmp_path: Path, settings: Any) -> None:
    from django.urls import reverse

    from rallye.companies.availability import availability_link

    settings.DATA_DIR = tmp_path
    load_demo()
    rally = Rally.objects.get(name="Rallye pour l'emploi — Annecy, mars 2027")
    company = Company.objects.filter(rally=rally).first()
    assert company is not None
    link = availability_link(company)
    page.set_viewport_size({"width": WIDTH, "height": 800})
    page.goto(reverse("companies:availability", args=[link.token]))
    check_page(page)
    page.locator("#id_contact_name").fill("Lucie Martin")
    for box in page.locator("input[name=half_days]").all():
        box.uncheck()
    page.locator("#id_capacity").fill("")
    page.get_by_role("button", name="Envoyer mes disponibilités").click()
    page.get_by_text("Rien n'est enregistré").wait_for()
    check_page(page)
    page.locator("input[name=half_days]").first.check()
    page.locator("#id_capacity").fill("9")
    page.get_by_label("Nous recrutons en ce moment").check()
    page.get_by_role("button", name="Envoyer mes disponibilités").click()
    page.get_by_text("Vos disponibilités sont enregistrées").wait_for()
    check_page(page)
    company.refresh_from_db()
    assert company.capacity == 9 and company.hiring and company.availabilities.count() == 1
