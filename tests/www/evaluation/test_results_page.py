"""The questionnaires' results for staff: before/after over the people who answered both times,
intentions, the companies' feedback and the free comments."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from rallye.domain.questionnaires import Phase
from rallye.evaluation.models import Questionnaire
from rallye.evaluation.services import prepare_questionnaires, submit_answers
from rallye.rallies.models import Rally
from tests.www.evaluation.helpers import words
from tests.www.rallies.helpers import text

pytestmark = pytest.mark.django_db


def _answers(opening: int, isolation: int, intention: str, comment: str = "") -> dict[str, str]:
    return {
        "companies_open": str(opening),
        "companies_known": "2",
        "confidence": "3",
        "isolation": str(isolation),
        "network": "2",
        "intention": intention,
        "comment": comment,
    }


def _fill(rally: Rally, code: str, phase: Phase, answers: dict[str, str]) -> None:
    submit_answers(Questionnaire.objects.get(rally=rally, participant__code=code, phase=phase), answers)


def test_before_and_after_are_compared_over_people_who_answered_both(coordinator: Client, held: Rally) -> None:
    prepare_questionnaires(held)
    _fill(held, "P01", Phase.BEFORE, _answers(1, 4, "think"))
    _fill(held, "P01", Phase.AFTER, _answers(3, 2, "apply", "J'ai décroché un entretien chez Usinage."))
    _fill(held, "P02", Phase.BEFORE, _answers(2, 3, "unsure"))
    _fill(held, "P02", Phase.AFTER, _answers(3, 3, "apply"))
    _fill(held, "P03", Phase.BEFORE, _answers(1, 1, "training"))  # no « after »: left out of the comparison
    company = Questionnaire.objects.filter(rally=held, phase=Phase.COMPANY).first()
    assert company is not None
    submit_answers(
        company,
        {
            "seekers_motivated": "4",
            "view_changed": "3",
            "would_hire": "yes",
            "again": "yes",
            "company_comment": "Très bon groupe",
        },
    )
    response = coordinator.get(reverse("evaluation:results", args=[held.pk]))
    page = words(response)
    assert "3 questionnaires remplis avant le rallye, 2 après ; 1 retour d'entreprise" in page
    assert "Comparaison sur 2 personnes qui ont répondu avant et après" in page
    # Opening of companies: 1.5 → 3 (progress); isolation: 3.5 → 2.5 (less isolated: progress too).
    assert (
        "Les entreprises sont prêtes à recruter des personnes comme moi. "
        "regard sur les entreprises 1,5 / 4 3 / 4 +1,5 : en progrès" in page
    )
    assert "isolement — ici, être moins d'accord est un progrès 3,5 / 4 2,5 / 4 -1 : en progrès" in page
    assert "confiance en soi 3 / 4 3 / 4 stable" in page
    assert "<svg" in text(response) and "Réponses moyennes avant et après le rallye" in page
    # Intentions: every filled questionnaire counts (3 before, 2 after).
    assert "envoyer des candidatures ou rencontrer des employeurs 0 2" in page
    assert "me former 1 0" in page
    # Companies' feedback.
    assert "Les personnes que nous avons reçues étaient motivées. 4 / 4" in page
    assert (
        "Envisagez-vous de recruter l'une des personnes rencontrées ? Réponse Entreprises oui 1 peut-être 0 non 0"
        in page
    )
    # Free comments, for staff only.
    assert "J'ai décroché un entretien chez Usinage." in page and "Très bon groupe" in page


def test_without_answers_the_page_says_so(coordinator: Client, reader: Client, annecy: Rally) -> None:
    for client in (coordinator, reader):
        page = words(client.get(reverse("evaluation:results", args=[annecy.pk])))
        assert (
            "Pas encore de comparaison : il faut au moins une personne qui ait rempli les deux questionnaires" in page
        )
        assert "Aucune entreprise n'a encore donné son retour." in page
        assert "Aucun commentaire pour l'instant." in page


def test_one_person_is_one_person(coordinator: Client, held: Rally) -> None:
    prepare_questionnaires(held)
    _fill(held, "P01", Phase.BEFORE, _answers(1, 4, "think"))
    _fill(held, "P01", Phase.AFTER, _answers(3, 2, "apply"))
    page = words(coordinator.get(reverse("evaluation:results", args=[held.pk])))
    assert "Comparaison sur 1 personne qui a répondu avant et après" in page
    assert "Moyenne sur 1 personne ayant répondu avant et après" in page
