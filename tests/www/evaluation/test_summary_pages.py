"""The rally's « Évaluation » tab (dates, funders of the rally, reporting, where questionnaires and
follow-ups stand) and the funders of a structure, with the usual rights."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rallye.domain import french
from rallye.domain.outcomes import RATE_METHOD, follow_up_due
from rallye.evaluation.models import Funder, FunderKind, Funding, FundingState, RallyReporting
from rallye.evaluation.records import rally_records
from rallye.evaluation.reports import NoReport, funder_report_of
from rallye.organisations.models import Structure
from rallye.rallies.models import Participant, Rally
from tests.www.evaluation.helpers import end_rally_on, words
from tests.www.rallies.helpers import text

pytestmark = pytest.mark.django_db


def _funder(structure: Structure, name: str = "Ville d'Annecy") -> Funder:
    return Funder.objects.create(structure=structure, name=name, kind=FunderKind.DEPARTEMENT)


def test_the_tab_shows_dates_funders_reporting_and_progress(coordinator: Client, held: Rally) -> None:
    Participant.objects.filter(rally=held, code="P05").update(present=False)
    response = coordinator.get(reverse("evaluation:rally", args=[held.pk]))
    assert f'href="{reverse("evaluation:rally", args=[held.pk])}" aria-current="page">Évaluation</a>' in text(response)
    page = words(response)
    assert "Dates du rallye du 16 au 19 mars 2026" in page
    assert "à faire à partir du 19 septembre 2026" in page
    assert "Questionnaire avant le rallye : 0 rempli sur 26" in page
    assert "Questionnaire après le rallye : 0 rempli sur 25" in page  # for the people who took part
    assert "Aucun suivi renseigné sur 25 participants présents." in page
    assert "Renseigner le suivi à 6 mois" in page
    assert "Solution professionnelle à 6 mois : non disponible Aucun suivi renseigné pour l'instant." in page
    assert "0 personne avec une solution" not in page
    assert RATE_METHOD in page
    assert "Aucun financeur indiqué pour ce rallye." in page


def test_before_the_rally_the_tab_says_when_the_follow_up_comes(coordinator: Client, annecy: Rally) -> None:
    last_day = timezone.localdate() + dt.timedelta(days=20)
    end_rally_on(annecy, last_day)
    page = words(coordinator.get(reverse("evaluation:rally", args=[annecy.pk])))
    due = french.date(follow_up_due(last_day))
    assert (
        "Le rallye n'a pas encore eu lieu : le suivi se renseigne une fois le rallye passé, "
        f"et se fait à partir du {due}." in page
    )
    assert "Voir le suivi à 6 mois" in page and "Renseigner le suivi à 6 mois" not in page


def test_the_fidelity_grid_is_the_network_page_and_says_so(coordinator: Client, annecy: Rally) -> None:
    grid = reverse("network:fidelity", args=[annecy.pk])
    for name in ("evaluation:rally", "evaluation:questionnaires", "evaluation:results", "evaluation:follow_up"):
        sections = text(coordinator.get(reverse(name, args=[annecy.pk]))).split('aria-label="Évaluation du rallye"')[1]
        assert f'<a href="{grid}">Grille de fidélité (page du réseau)</a>' in sections.split("</nav>")[0], name
    # The grid leaves the rally's layout (no rally tabs): hence the words « page du réseau ».
    grid_page = coordinator.get(grid)
    assert grid_page.status_code == 200 and 'aria-label="Sections du rallye"' not in text(grid_page)


def test_first_rally_of_the_structure_is_told_to_report_to_the_ansa(coordinator: Client, annecy: Rally) -> None:
    end_rally_on(annecy, dt.date(2020, 3, 19))  # before the demo's own rally: the MIFE's first
    page = text(coordinator.get(reverse("evaluation:rally", args=[annecy.pk])))
    assert "C'est le premier rallye de la structure : son bilan est aussi à transmettre à l'Ansa." in page
    end_rally_on(annecy, dt.date(2030, 3, 19))
    page = text(coordinator.get(reverse("evaluation:rally", args=[annecy.pk])))
    assert "Ce n'est pas le premier rallye de la structure : le bilan à l'Ansa n'est pas demandé." in page


def test_funders_are_added_to_the_rally_with_an_amount_then_removed(coordinator: Client, held: Rally) -> None:
    """A held rally, so that its funder's report has figures to give."""
    funder = _funder(held.structure)
    url = reverse("evaluation:funding", args=[held.pk])
    response = coordinator.post(url, {"funding-funder": funder.pk, "funding-amount": "4 500,50"})
    assert response.status_code == 302
    funding = Funding.objects.get(rally=held)
    assert funding.funder == funder and funding.amount == Decimal("4500.50")
    page = text(coordinator.get(response["Location"]))
    assert "« Ville d'Annecy » figure parmi les financeurs de ce rallye." in page
    assert reverse("network:funder_report", kwargs={"pk": funder.pk, "fmt": "pdf"}) in page
    assert reverse("network:funder_report", kwargs={"pk": funder.pk, "fmt": "xlsx"}) in page
    report = coordinator.get(reverse("network:funder_report", kwargs={"pk": funder.pk, "fmt": "pdf"}))
    assert report.status_code == 200 and report["Content-Type"] == "application/pdf"
    assert "4 500,50 €" in page or "4\xa0500,50 €" in page
    response = coordinator.post(url, {"funding-funder": funder.pk, "funding-amount": "beaucoup"})
    assert "Saisissez un nombre." in text(response)
    assert Funding.objects.get(rally=held).amount == Decimal("4500.50")
    coordinator.post(url, {"remove": funding.pk})
    assert not Funding.objects.filter(rally=held).exists()


def test_a_funder_of_another_structure_cannot_be_added(coordinator: Client, annecy: Rally, foreign: Rally) -> None:
    stranger = _funder(foreign.structure, "Ville de Voiron")
    _funder(annecy.structure)
    response = coordinator.post(reverse("evaluation:funding", args=[annecy.pk]), {"funding-funder": stranger.pk})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in text(response)
    assert not Funding.objects.filter(rally=annecy).exists()


def test_reporting_is_saved_and_future_dates_refused(coordinator: Client, annecy: Rally) -> None:
    url = reverse("evaluation:reporting", args=[annecy.pk])
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = coordinator.post(url, {"reporting-federation_report_on": tomorrow.isoformat()})
    assert "est dans le futur : indiquez le jour où le bilan a été envoyé" in text(response)
    assert not RallyReporting.objects.filter(rally=annecy).exists()
    data = {
        "reporting-federation_report_on": "2026-10-02",
        "reporting-ansa_report_on": "",
        "reporting-network_meetings": "true",
    }
    assert coordinator.post(url, data).status_code == 302
    reporting = RallyReporting.objects.get(rally=annecy)
    assert reporting.federation_report_on == dt.date(2026, 10, 2)
    assert reporting.ansa_report_on is None and reporting.network_meetings is True
    page = text(coordinator.get(reverse("evaluation:rally", args=[annecy.pk])))
    assert 'value="2026-10-02"' in page and "Le bilan du rallye est enregistré." in page


def test_read_only_users_see_but_cannot_change(reader: Client, annecy: Rally) -> None:
    funder = _funder(annecy.structure)
    RallyReporting.objects.create(rally=annecy, federation_report_on=dt.date(2026, 10, 2), network_meetings=False)
    page = text(reader.get(reverse("evaluation:rally", args=[annecy.pk])))
    assert "2 octobre 2026" in page and "la structure n'y participe pas" in page
    assert "Enregistrer le bilan" not in page
    reporting = reader.post(reverse("evaluation:reporting", args=[annecy.pk]), {"reporting-network_meetings": "true"})
    funding = reader.post(reverse("evaluation:funding", args=[annecy.pk]), {"funding-funder": funder.pk})
    assert (reporting.status_code, funding.status_code) == (403, 403)
    assert not Funding.objects.filter(rally=annecy).exists()
    assert RallyReporting.objects.get(rally=annecy).network_meetings is False


def test_other_structures_and_evaluators_get_404(other_coordinator: Client, evaluator: Client, annecy: Rally) -> None:
    funder = _funder(annecy.structure)
    for client in (other_coordinator, evaluator):
        for name in ("evaluation:rally", "evaluation:reporting", "evaluation:funding"):
            url = reverse(name, args=[annecy.pk])
            assert client.get(url).status_code == 404, name
            assert client.post(url, {"funding-funder": funder.pk}).status_code == 404, name
        assert client.get(reverse("evaluation:funders", args=[annecy.structure.pk])).status_code == 404
        assert client.get(reverse("evaluation:funder_edit", args=[annecy.structure.pk, funder.pk])).status_code == 404
    assert not Funding.objects.filter(rally=annecy).exists()


# --- The funders of a structure ---------------------------------------------------------------


FUNDER = {
    "name": "Fondation Agir pour l'emploi",
    "kind": "foundation",
    "contact_name": "Léa Martin",
    "contact_email": "",
}


def test_funders_are_listed_added_and_changed(coordinator: Client, mife: Structure) -> None:
    url = reverse("evaluation:funders", args=[mife.pk])
    assert FUNDER["name"] not in text(coordinator.get(url))
    response = coordinator.post(url, FUNDER)
    assert response.status_code == 302
    funder = Funder.objects.get(structure=mife, name=FUNDER["name"])
    assert (funder.name, funder.kind, funder.contact_name) == (
        "Fondation Agir pour l'emploi",
        "foundation",
        "Léa Martin",
    )
    page = text(coordinator.get(url))
    assert "Le financeur « Fondation Agir pour l'emploi » est enregistré." in page and "Fondation" in page
    duplicate = text(coordinator.post(url, {**FUNDER, "name": "fondation agir pour l'emploi"}))
    assert "Un financeur nommé « fondation agir pour l'emploi » existe déjà dans cette structure" in duplicate
    assert Funder.objects.filter(name__iexact=FUNDER["name"]).count() == 1
    edit = reverse("evaluation:funder_edit", args=[mife.pk, funder.pk])
    assert "Modifier « Fondation Agir pour l'emploi »" in text(coordinator.get(edit))
    assert coordinator.post(edit, {**FUNDER, "kind": "company", "contact_email": "lea@example.fr"}).status_code == 302
    funder.refresh_from_db()
    assert (funder.kind, funder.contact_email) == ("company", "lea@example.fr")


def test_the_same_funder_name_may_exist_in_another_structure(
    coordinator: Client, mife: Structure, isere: Structure
) -> None:
    _funder(isere, FUNDER["name"])
    assert coordinator.post(reverse("evaluation:funders", args=[mife.pk]), FUNDER).status_code == 302
    assert Funder.objects.filter(name=FUNDER["name"]).count() == 2


def test_funders_read_only_and_other_structures(reader: Client, other_coordinator: Client, mife: Structure) -> None:
    funder = _funder(mife)
    url = reverse("evaluation:funders", args=[mife.pk])
    edit = reverse("evaluation:funder_edit", args=[mife.pk, funder.pk])
    page = text(reader.get(url))
    assert "Ville d'Annecy" in page and "Ajouter un financeur" not in page
    assert reader.post(url, FUNDER).status_code == 403
    assert reader.get(edit).status_code == 403
    assert other_coordinator.get(url).status_code == 404
    assert other_coordinator.post(url, FUNDER).status_code == 404
    assert not Funder.objects.filter(name=FUNDER["name"]).exists()


def test_a_funding_goes_from_request_to_report_and_only_granted_ones_are_the_rallys_funders(
    coordinator: Client, held: Rally
) -> None:
    funder = _funder(held.structure)
    funder.kind = FunderKind.DEPARTEMENT
    funder.save()
    url = reverse("evaluation:funding", args=[held.pk])
    requested = {
        "funding-funder": funder.pk,
        "funding-state": "requested",
        "funding-requested_on": "2026-01-10",
        "funding-action_sheet_sent": "on",
        "funding-documents": "budget prévisionnel",
    }
    page = text(coordinator.post(url, {**requested, "funding-amount": "3000"}))
    assert "Le montant s&#x27;indique quand le financement est accordé" in page or "Le montant s'indique" in page
    assert not Funding.objects.filter(rally=held).exists()
    page = text(coordinator.post(url, requested, follow=True))
    assert "La demande à « Ville d'Annecy » est enregistrée : demande envoyée." in page
    funding = Funding.objects.get(rally=held)
    assert funding.state == FundingState.REQUESTED and funding.action_sheet_sent and funding.report_due is None
    assert funder.name not in rally_records([held])[0].funders
    assert isinstance(funder_report_of(funder, year=None, today=dt.date(2026, 12, 1)), NoReport)

    granted = {**requested, "funding-state": "granted", "funding-amount": "3 000"}
    page = text(coordinator.post(url, granted, follow=True))
    funding.refresh_from_db()
    last_day = held.sessions.order_by("-date").first()
    assert last_day is not None
    assert funding.state == FundingState.GRANTED and funding.amount == Decimal("3000")
    assert funding.report_due is not None and (funding.report_due - last_day.date).days in range(89, 93)
    assert "accordé" in page and "avant le" in page
    assert funder.name in rally_records([held])[0].funders
    report = funder_report_of(funder, year=None, today=dt.date(2026, 12, 1))
    assert not isinstance(report, NoReport)
    assert any(figure.label == "Bénéficiaires du RSA comptés pour le département" for figure in report.key_figures)
    funders_page = text(coordinator.get(reverse("evaluation:funders", args=[held.structure.pk])))
    assert f"{held.name} : accordé, 3" in funders_page and "bilan avant le" in funders_page
