"""A person's export and erasure, from the participants page: editors of the person's structure
only; evaluators and other structures get 404, read-only users 403."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from rallye.evaluation.models import DataAction, PersonalDataLog
from rallye.rallies.models import Participant
from tests.evaluation.people import EMAIL, FIRST_NAME, FREE_TEXT, LAST_NAME, PHONE, Season
from tests.logins import FEDERATION, MIFE, READER, TI38, logged_in
from tests.www.personal_data.conftest import EVALUATOR, MEMBER
from tests.www.rallies.helpers import text


def urls(season: Season, person: Participant | None = None) -> dict[str, str]:
    kwargs = {"pk": season.rally.pk, "participant": (person or season.person).pk}
    return {
        "person_export": reverse("personal_data:person_export", kwargs={**kwargs, "fmt": "json"}),
        "person_erase": reverse("personal_data:person_erase", kwargs=kwargs),
    }


def test_editor_downloads_the_persons_data_and_it_is_logged(season: Season) -> None:
    client = logged_in(MIFE)
    assert client.get(urls(season)["person_export"]).status_code == 405  # a button, never a plain link
    assert not PersonalDataLog.objects.exists()
    response = client.post(urls(season)["person_export"])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].endswith(f'"donnees-rallye-{season.rally.pk}-P01.json"')
    data = json.loads(response.content)
    person = data["personne"]
    assert (person["Prénom"], person["Nom"], person["Téléphone"], person["E-mail"]) == (
        FIRST_NAME,
        LAST_NAME,
        PHONE,
        EMAIL,
    )
    answers = {q["questionnaire"]: q["réponses"] for q in data["questionnaires"]}
    assert answers["Questionnaire avant le rallye"]["Voulez-vous ajouter quelque chose ?"] == FREE_TEXT
    assert data["suivi à 6 mois"]["situation"] == "CDI"
    log = PersonalDataLog.objects.get()
    assert (log.action, log.people, log.structure) == (DataAction.PERSON_EXPORT, 1, season.rally.structure)
    assert log.user is not None and log.user.email == MIFE
    assert FIRST_NAME not in log.detail and LAST_NAME not in log.detail and "P01" in log.detail


def test_erasure_asks_then_erases_and_says_so(season: Season) -> None:
    client = logged_in(MEMBER)
    page = text(client.get(urls(season)["person_erase"]))
    assert f"Effacer les données personnelles de {FIRST_NAME} {LAST_NAME} (P01) ?" in page
    assert "Ce qui est effacé" in page and "le téléphone et l'adresse e-mail" in page
    assert "Ce qui est gardé, sans son nom" in page and "sa situation à 6 mois" in page
    response = client.post(urls(season)["person_erase"], follow=True)
    assert response.redirect_chain[-1][0] == reverse("rallies:participants", kwargs={"pk": season.rally.pk})
    shown = text(response)
    assert "Les données personnelles du participant P01 sont effacées." in shown
    assert FIRST_NAME not in shown and PHONE not in shown and "Anonyme P01" in shown
    person = Participant.objects.get(pk=season.person.pk)
    assert (person.first_name, person.last_name, person.phone, person.email) == ("Anonyme", "P01", "", "")
    assert PersonalDataLog.objects.get().action == DataAction.ERASURE
    again = text(client.get(urls(season)["person_erase"]))
    assert "Ses données ont déjà été effacées le" in again


def test_participants_page_links_export_and_erasure_for_editors_only(season: Season) -> None:
    participants = reverse("rallies:participants", kwargs={"pk": season.rally.pk})
    links = urls(season)
    editor = text(logged_in(MIFE).get(participants))
    assert links["person_export"] in editor and links["person_erase"] in editor
    assert "Exporter ses données" in editor and "Effacer ses données" in editor
    assert "Données personnelles gardées 24 mois après le suivi à 6 mois" in editor
    reader = text(logged_in(READER).get(participants))
    assert links["person_export"] not in reader and "Effacer ses données" not in reader


def test_federation_admin_may_export_and_erase(season: Season) -> None:
    client = logged_in(FEDERATION)
    assert client.post(urls(season)["person_export"]).status_code == 200
    assert client.post(urls(season)["person_erase"]).status_code == 302


@pytest.mark.parametrize(("email", "status"), [(EVALUATOR, 404), (TI38, 404), (READER, 403)])
def test_others_cannot_export_nor_erase(season: Season, email: str, status: int) -> None:
    client = logged_in(email)
    for url in urls(season).values():
        assert client.get(url).status_code == status, url
        assert client.post(url).status_code == status, url
    person = Participant.objects.get(pk=season.person.pk)
    assert person.first_name == FIRST_NAME and person.anonymised_at is None
    assert not PersonalDataLog.objects.exists()


def test_a_person_of_another_rally_is_not_found_under_this_one(season: Season) -> None:
    stranger = Participant.objects.filter(rally=season.other).first()
    own_rally_of_other = (
        Participant.objects.filter(rally__structure=season.rally.structure).exclude(rally=season.rally).first()
    )
    assert stranger is not None and own_rally_of_other is not None
    client = logged_in(FEDERATION)
    for person in (stranger, own_rally_of_other):
        for url in urls(season, person).values():
            assert client.post(url).status_code == 404


def test_the_printable_export_is_a_pdf_for_the_person(season: Season) -> None:
    kwargs = {"pk": season.rally.pk, "participant": season.person.pk, "fmt": "pdf"}
    response = logged_in(MIFE).post(reverse("personal_data:person_export", kwargs=kwargs))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].endswith(f'"donnees-rallye-{season.rally.pk}-P01.pdf"')
    assert PersonalDataLog.objects.get().action == DataAction.PERSON_EXPORT
    kwargs["fmt"] = "exe"
    assert logged_in(MIFE).post(reverse("personal_data:person_export", kwargs=kwargs)).status_code == 404
