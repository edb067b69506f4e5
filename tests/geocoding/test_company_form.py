"""The company form with addresses: suggestions while typing, a place found on saving, an unknown
address shown with the closest ones, and a geocoder that does not answer never blocking a save."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.core.cache import cache
from django.http import HttpResponseBase
from django.test import Client
from django.urls import reverse

from rallye.formats.problems import InvalidInput
from rallye.rallies.conversion import to_domain
from rallye.rallies.models import Company, Rally
from tests.geocoder_stub import StubGeocoder
from tests.logins import logged_in

pytestmark = pytest.mark.django_db

COMPANY = {
    "code": "C20",
    "name": "Camping du Lac Bleu",
    "siret": "",
    "sector": "Hébergement et restauration",
    "address": "12 rue de la Paix, 74000 Annecy",
    "lat": "",
    "lon": "",
    "capacity": "12",
    "visit_minutes": "",
    "max_visits": "",
    "contact_name": "",
    "contact_phone": "",
    "contact_email": "",
    "availability-TOTAL_FORMS": "0",
    "availability-INITIAL_FORMS": "0",
}


def text(response: HttpResponseBase) -> str:
    return html.unescape(getattr(response, "content", b"").decode())


def suggestions(client: Client, query: str) -> Any:
    response = client.get(reverse("rallies:address_suggestions"), {"q": query})
    return response.status_code, response.json()


def test_suggestions_while_typing(coordinator: Client, web_geocoder: StubGeocoder) -> None:
    status, answer = suggestions(coordinator, "rue de la Paix Annecy")
    assert status == 200 and answer["error"] is None
    assert answer["suggestions"][0] == {
        "label": "12 Rue de la Paix 74000 Annecy",
        "score": 0.71,
        "lat": 45.901,
        "lon": 6.125,
        "low": False,
    }
    assert web_geocoder.queries == ["rue de la Paix Annecy"]


def test_suggestions_say_when_the_service_does_not_answer(coordinator: Client, web_geocoder: StubGeocoder) -> None:
    web_geocoder.mode = "garbage"
    status, answer = suggestions(coordinator, "rue de la Paix")
    assert status == 200 and answer["suggestions"] == []
    assert "le service d'adresses a donné une réponse illisible" in answer["error"]


def test_suggestions_when_geocoding_is_off(coordinator: Client, settings: Any) -> None:
    settings.RALLYE_GEOCODER_URL = ""
    status, answer = suggestions(coordinator, "rue de la Paix")
    assert status == 200 and "la recherche d'adresses est désactivée" in answer["error"]


def test_suggestions_are_for_signed_in_users_and_rate_limited(coordinator: Client, web_geocoder: StubGeocoder) -> None:
    anonymous = Client().get(reverse("rallies:address_suggestions"), {"q": "rue de la Paix"})
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/connexion/")
    evaluator = logged_in("evaluation@ansa.demo").get(reverse("rallies:address_suggestions"), {"q": "rue de la Paix"})
    assert evaluator.status_code == 403
    cache.clear()
    codes = [suggestions(coordinator, f"{n} rue de la Paix")[0] for n in range(61)]
    assert codes[:60] == [200] * 60 and codes[60] == 429
    assert len(web_geocoder.queries) == 60
    cache.clear()


def test_the_form_offers_suggestions_without_inline_script(coordinator: Client, annecy: Rally) -> None:
    page = text(coordinator.get(reverse("rallies:company_add", args=[annecy.pk])))
    assert 'data-address-suggestions="/rallyes/adresses/"' in page
    assert 'data-lat-field="id_lat"' in page and 'data-lon-field="id_lon"' in page
    assert '<script src="/static/www/address-suggestions.js"></script>' in page


def test_a_picked_suggestion_saves_its_coordinates(
    coordinator: Client, annecy: Rally, web_geocoder: StubGeocoder
) -> None:
    data = {**COMPANY, "address": "12 Rue de la Paix 74000 Annecy", "lat": "45,901", "lon": "6,125"}
    response = coordinator.post(reverse("rallies:company_add", args=[annecy.pk]), data)
    assert response.status_code == 302
    company = Company.objects.get(rally=annecy, code="C20")
    assert (company.lat, company.lon) == (45.901, 6.125)
    assert web_geocoder.queries == []  # coordinates given: nothing asked


def test_an_address_without_coordinates_is_located_on_saving(
    coordinator: Client, annecy: Rally, web_geocoder: StubGeocoder
) -> None:
    data = {**COMPANY, "address": "12 rue de la Paix Annecy"}
    response = coordinator.post(reverse("rallies:company_add", args=[annecy.pk]), data, follow=True)
    page = text(response)
    assert "Adresse localisée : « 12 Rue de la Paix 74000 Annecy »." in page
    company = Company.objects.get(rally=annecy, code="C20")
    assert (company.lat, company.lon) == (45.901, 6.125)
    assert "à localiser" not in page


def test_an_unknown_address_is_shown_with_the_closest(
    coordinator: Client, annecy: Rally, web_geocoder: StubGeocoder
) -> None:
    url = reverse("rallies:company_add", args=[annecy.pk])
    page = text(coordinator.post(url, {**COMPANY, "address": "Place Mairie Voiron"}))
    assert "Adresse incertaine : choisissez l'une des adresses proposées ci-dessous" in page
    assert 'data-label="1 Place de la Mairie 38500 Voiron"' in page
    page = text(coordinator.post(url, {**COMPANY, "address": "Chemin perdu 99999 Nullepart"}))
    assert "Adresse introuvable : corrigez-la, ou indiquez la latitude et la longitude." in page
    assert not Company.objects.filter(rally=annecy, code="C20").exists()


@pytest.mark.parametrize("service", ["down", "off"])
def test_a_geocoder_that_does_not_answer_never_blocks_saving(
    coordinator: Client, annecy: Rally, web_geocoder: StubGeocoder, settings: Any, service: str
) -> None:
    if service == "off":
        settings.RALLYE_GEOCODER_URL = ""
    web_geocoder.mode = "down"
    response = coordinator.post(reverse("rallies:company_add", args=[annecy.pk]), COMPANY, follow=True)
    page = text(response)
    assert "L'entreprise « Camping du Lac Bleu (C20) » est enregistrée." in page
    assert "L'adresse de « Camping du Lac Bleu (C20) » est à localiser" in page
    assert '<strong class="to-locate">à localiser</strong>' in page
    company = Company.objects.get(rally=annecy, code="C20")
    assert company.lat is None and company.lon is None
    with pytest.raises(InvalidInput) as raised:
        to_domain(annecy)
    [problem] = raised.value.problems
    assert problem.where == "Entreprise « Camping du Lac Bleu » (C20), adresse"
    assert "est à localiser" in problem.message
    edit = text(coordinator.get(reverse("rallies:company_edit", args=[annecy.pk, company.pk])))
    assert "Adresse à localiser : choisissez-la parmi les suggestions" in edit


def test_coordinates_come_in_pairs_and_something_must_place_the_company(coordinator: Client, annecy: Rally) -> None:
    url = reverse("rallies:company_add", args=[annecy.pk])
    page = text(coordinator.post(url, {**COMPANY, "lat": "45,9"}))
    assert "Indiquez la latitude et la longitude, ou aucune des deux (l'adresse suffit alors)." in page
    page = text(coordinator.post(url, {**COMPANY, "address": ""}))
    assert "Indiquez l'adresse de l'entreprise, ou sa latitude et sa longitude." in page
    assert not Company.objects.filter(rally=annecy, code="C20").exists()


def test_companies_left_to_locate_are_located_when_the_service_is_back(
    coordinator: Client, annecy: Rally, web_geocoder: StubGeocoder
) -> None:
    add = reverse("rallies:company_add", args=[annecy.pk])
    web_geocoder.mode = "down"
    for code, address in (("C20", "12 rue de la Paix Annecy"), ("C21", "12 rue de la Paix Annecy"), ("C22", "Mairie")):
        data = {**COMPANY, "code": code, "name": f"Entreprise {code}", "address": address}
        assert coordinator.post(add, data).status_code == 302
    listing = reverse("rallies:companies", args=[annecy.pk])
    page = text(coordinator.get(listing))
    assert "3 entreprises à localiser" in page and "Localiser les adresses" in page
    locate = reverse("rallies:locate_companies", args=[annecy.pk])

    page = text(coordinator.post(locate, follow=True))
    assert "Pas de localisation pour l'instant : le service d'adresses ne répond pas. 3 entreprises restent" in page

    web_geocoder.mode, web_geocoder.queries = "ok", []
    page = text(coordinator.post(locate, follow=True))
    assert "Localisées d'après leur adresse : Entreprise C20 (C20), Entreprise C21 (C21)." in page
    assert "Adresse incertaine ou introuvable : Entreprise C22 (C22)." in page
    assert "1 entreprise à localiser" in page
    assert len(web_geocoder.queries) == 2  # one request per distinct address
    c20 = Company.objects.get(rally=annecy, code="C20")
    assert (c20.lat, c20.lon) == (45.901, 6.125) and c20.revision == 1
    history = text(coordinator.get(reverse("rallies:history", args=[annecy.pk])))
    assert "12 Rue de la Paix 74000 Annecy" in history


def test_readers_cannot_locate(annecy: Rally) -> None:
    from rallye.demo import DEMO_PASSWORD
    from rallye.organisations.models import Membership, Role, User

    mife = annecy.structure
    user = User.objects.create_user("lecture@mife74.test", DEMO_PASSWORD)
    Membership.objects.create(user=user, federation=mife.federation, structure=mife, role=Role.READ_ONLY)
    reader = logged_in("lecture@mife74.test")
    assert reader.post(reverse("rallies:locate_companies", args=[annecy.pk])).status_code == 403
    assert reader.get(reverse("rallies:address_suggestions"), {"q": "rue de la Paix"}).status_code == 403
