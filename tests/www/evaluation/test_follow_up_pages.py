"""The six-month follow-up of a rally (saved all at once, with the rate; closed until the rally
has taken place) and the list of follow-ups to do across the rallies a user can see."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rallye.domain import french
from rallye.domain.outcomes import RATE_METHOD, Outcome, follow_up_due
from rallye.evaluation.models import FollowUp
from rallye.rallies.models import Participant, Rally, Session
from tests.www.evaluation.helpers import end_rally_on, tick_absent_on_the_day, words
from tests.www.rallies.helpers import text

pytestmark = pytest.mark.django_db


def _rows(rally: Rally, values: dict[str, tuple[str, str]]) -> dict[str, str]:
    """The posted table: every present participant's row, with ``values`` by participant code."""
    data = {}
    for person in Participant.objects.filter(rally=rally, present=True):
        outcome, comment = values.get(person.code, ("", ""))
        data[f"p{person.pk}-outcome"] = outcome
        data[f"p{person.pk}-comment"] = comment
    return data


def _person(rally: Rally, code: str) -> Participant:
    return Participant.objects.get(rally=rally, code=code)


def test_the_table_lists_the_people_who_took_part_with_the_due_date(coordinator: Client, held: Rally) -> None:
    Participant.objects.filter(rally=held, code="P05").update(present=False)
    tick_absent_on_the_day(held, "P06")
    response = coordinator.get(reverse("evaluation:follow_up", args=[held.pk]))
    page = words(response)
    assert "Le suivi de ce rallye est à faire à partir du 19 septembre 2026" in page
    assert "Les 2 personnes inscrites mais absentes ne sont pas suivies." in page
    assert text(response).count('<select name="p') == 24
    for code in ("P05", "P06"):
        absent = _person(held, code)
        assert f"{absent.first_name} {absent.last_name}" not in page
    assert "CDD de 6 mois ou plus" in page and "Perdu de vue" in page
    assert "Aucun suivi renseigné pour l'instant." in page
    assert "0 personne avec une solution" not in page and "sur 0 suivi" not in page


def test_before_the_rally_the_page_says_when_and_saves_nothing(coordinator: Client, annecy: Rally) -> None:
    last_day = timezone.localdate() + dt.timedelta(days=20)
    end_rally_on(annecy, last_day)
    url = reverse("evaluation:follow_up", args=[annecy.pk])
    response = coordinator.get(url)
    page = words(response)
    due = french.date(follow_up_due(last_day))
    assert f"Le rallye n'a pas encore eu lieu : le suivi à 6 mois se fera à partir du {due}" in page
    assert "<select" not in text(response) and "Enregistrer le suivi" not in page
    refused = coordinator.post(url, _rows(annecy, {"P01": (Outcome.CDI.value, "A appelé pour dire qu'elle a signé")}))
    assert refused.status_code == 409
    assert "Rien n'est enregistré : le suivi à 6 mois se renseigne une fois le rallye passé." in words(refused)
    assert not FollowUp.objects.filter(participant__rally=annecy).exists()


def test_the_follow_up_opens_the_day_after_the_rally_before_the_due_date(coordinator: Client, annecy: Rally) -> None:
    url = reverse("evaluation:follow_up", args=[annecy.pk])
    today = timezone.localdate()
    end_rally_on(annecy, today)  # the last day itself: the rally is still going on
    assert coordinator.post(url, _rows(annecy, {"P01": (Outcome.CDI.value, "")})).status_code == 409
    end_rally_on(annecy, today - dt.timedelta(days=1))  # over: people sometimes call early
    assert "<select" in text(coordinator.get(url))
    assert coordinator.post(url, _rows(annecy, {"P01": (Outcome.CDI.value, "")})).status_code == 302
    assert FollowUp.objects.get(participant__rally=annecy).outcome == Outcome.CDI


def test_a_rally_without_dates_has_no_follow_up_yet(coordinator: Client, annecy: Rally) -> None:
    Session.objects.filter(rally=annecy).delete()
    response = coordinator.get(reverse("evaluation:follow_up", args=[annecy.pk]))
    page = words(response)
    assert "Le rallye n'a pas encore de dates : le suivi à 6 mois se fera six mois après son dernier jour." in page
    assert reverse("rallies:programme", args=[annecy.pk]) in text(response) and "<select" not in text(response)


def test_outcomes_are_saved_and_the_rate_explained(coordinator: Client, held: Rally) -> None:
    url = reverse("evaluation:follow_up", args=[held.pk])
    data = _rows(
        held,
        {
            "P01": (Outcome.CDI.value, "Embauchée chez Usinage Fier Précision"),
            "P02": (Outcome.TRAINING.value, ""),
            "P03": (Outcome.NO_SOLUTION.value, ""),
            "P04": (Outcome.LOST.value, "Ne répond plus au téléphone"),
        },
    )
    response = coordinator.post(url, data)
    assert response.status_code == 302
    recorded = {
        f.participant.code: f for f in FollowUp.objects.filter(participant__rally=held).select_related("participant")
    }
    assert {code: f.outcome for code, f in recorded.items()} == {
        "P01": "cdi",
        "P02": "training",
        "P03": "none",
        "P04": "lost",
    }
    assert recorded["P01"].recorded_on == timezone.localdate()
    page = words(coordinator.get(url))
    assert "Suivi enregistré : 4 situations modifiées." in page
    assert "Solution professionnelle à 6 mois : 50 %" in page
    assert (
        "2 personnes avec une solution sur 4 suivis renseignés, dont 1 perdue de vue. "
        "22 suivis pas encore renseignés, non comptés." in page
    )
    assert RATE_METHOD in page
    assert 'value="Embauchée chez Usinage Fier Précision"' in text(coordinator.get(url))


def test_one_wrong_row_saves_nothing_and_is_shown(coordinator: Client, held: Rally) -> None:
    url = reverse("evaluation:follow_up", args=[held.pk])
    data = _rows(
        held,
        {"P01": (Outcome.CDI.value, ""), "P02": ("", "A trouvé quelque chose ?"), "P03": ("embauche", "")},
    )
    response = coordinator.post(url, data)
    assert response.status_code == 200
    page = words(response)
    assert "Rien n'est enregistré : corrigez les lignes signalées ci-dessous" in page
    assert "Choisissez la situation de la personne : un commentaire seul ne suffit pas." in page
    assert "« embauche » n'est pas une situation de la liste : choisissez-en une." in page
    assert text(response).count('<tr class="has-error">') == 2
    assert not FollowUp.objects.filter(participant__rally=held).exists()
    assert '<option value="cdi" selected>CDI</option>' in text(response)  # what was entered stays


def test_read_only_users_see_the_follow_up_but_cannot_save(reader: Client, held: Rally) -> None:
    FollowUp.objects.create(participant=_person(held, "P01"), outcome=Outcome.INTERIM, recorded_on=dt.date(2026, 10, 1))
    url = reverse("evaluation:follow_up", args=[held.pk])
    response = reader.get(url)
    assert "Intérim" in words(response) and "<select" not in text(response)
    assert "le 1er octobre 2026" in words(response)
    assert reader.post(url, _rows(held, {"P01": (Outcome.CDI.value, "")})).status_code == 403
    assert FollowUp.objects.get(participant__rally=held).outcome == Outcome.INTERIM


def test_other_structures_and_evaluators_get_404(other_coordinator: Client, evaluator: Client, held: Rally) -> None:
    url = reverse("evaluation:follow_up", args=[held.pk])
    for client in (other_coordinator, evaluator):
        assert client.get(url).status_code == 404
        assert client.post(url, _rows(held, {"P01": (Outcome.CDI.value, "")})).status_code == 404
    assert not FollowUp.objects.filter(participant__rally=held).exists()


# --- Follow-ups to do -------------------------------------------------------------------------


def test_follow_ups_to_do_are_listed_per_rally_oldest_first(
    coordinator: Client, other_coordinator: Client, federation_admin: Client, annecy: Rally, foreign: Rally
) -> None:
    today = timezone.localdate()
    end_rally_on(annecy, today - dt.timedelta(days=190))  # due about a week ago: late
    end_rally_on(foreign, today - dt.timedelta(days=170))  # due in about two weeks
    FollowUp.objects.create(participant=_person(annecy, "P01"), outcome=Outcome.CDI, recorded_on=today)
    Participant.objects.filter(rally=annecy, code="P02").update(present=False)
    recorded, absent, waiting = _person(annecy, "P01"), _person(annecy, "P02"), _person(annecy, "P03")

    mine = coordinator.get(reverse("evaluation:due"))
    page = words(mine)
    section = page.split(annecy.name)[1]
    assert "en retard · 24 personnes" in section.split("Renseigner le suivi de ce rallye")[0]
    assert f"{waiting.first_name} {waiting.last_name} ({waiting.code})" in section
    assert f"{recorded.first_name} {recorded.last_name}" not in section.split("Renseigner")[0]
    assert f"{absent.first_name} {absent.last_name}" not in section.split("Renseigner")[0]
    assert reverse("evaluation:follow_up", args=[annecy.pk]) in text(mine)
    assert foreign.name not in page  # another structure's rally

    theirs = words(other_coordinator.get(reverse("evaluation:due")))
    assert foreign.name in theirs and annecy.name not in theirs

    both = words(federation_admin.get(reverse("evaluation:due")))
    assert both.index(annecy.name) < both.index(foreign.name)  # the oldest due date first


def test_rallies_due_later_are_not_listed_yet(coordinator: Client, annecy: Rally) -> None:
    end_rally_on(annecy, timezone.localdate() - dt.timedelta(days=120))  # due in about two months
    assert annecy.name not in words(coordinator.get(reverse("evaluation:due")))


def test_evaluators_have_no_follow_up_to_do(evaluator: Client, annecy: Rally) -> None:
    end_rally_on(annecy, timezone.localdate() - dt.timedelta(days=190))
    page = words(evaluator.get(reverse("evaluation:due")))
    assert "Aucun suivi à faire pour l'instant" in page and annecy.name not in page
