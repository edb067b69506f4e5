"""A rally's fidelity grid: the prefilled scores with their evidence, confirmed or changed by the
federation or an evaluator in one form, all or nothing; read-only for the structure's staff."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rallye.domain import french
from rallye.domain.fidelity import HEADING_LABELS, NOT_ASSESSABLE, PRINCIPLES
from rallye.evaluation.models import FidelityScore
from rallye.evaluation.records import fidelity_grid
from rallye.organisations.models import Structure, User
from rallye.rallies.models import Rally
from tests.documents.conftest import flat, pdftotext_path
from tests.logins import FEDERATION
from tests.www.network.conftest import EVALUATOR, PAST_YEAR
from tests.www.network.helpers import get_ok, grid_data, text

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    """The PDF's text in reading order, each table cell whole, whitespace collapsed."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "grille.pdf"
        path.write_bytes(content)
        completed = subprocess.run(
            [pdftotext_path(), "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
        )
    return flat(completed.stdout.replace("\u00a0", " "))


def test_grid_shows_every_principle_under_its_heading_with_the_evidence(admin: Client, annecy: Rally) -> None:
    page = get_ok(admin, reverse("network:fidelity", args=[annecy.pk]))
    for heading in HEADING_LABELS.values():
        assert heading in page
    for principle in PRINCIPLES:
        assert principle.text in page
    for line in fidelity_grid(annecy):
        assert line.prefill.evidence in page
    # The planned example respects the format rules: the data proposes 4 with the rule's figure.
    assert "Règle de la charte respectée" in page
    assert "Moyenne générale" in page and "Notes confirmées" in page
    assert "<svg" in page and 'role="img"' in page


def test_admin_changes_a_score_with_a_comment_and_confirms_the_grid(admin: Client, annecy: Rally) -> None:
    url = reverse("network:fidelity", args=[annecy.pk])
    proposed = {line.principle.code: line.prefill.score for line in fidelity_grid(annecy)}
    new_score = "1" if proposed["C1"] != 1 else "3"
    response = admin.post(url, grid_data(annecy, C1=(new_score, "Le logo du réseau manque sur les affiches.")))
    assert response.status_code == 302 and response["Location"] == url

    scores = {s.principle: s for s in FidelityScore.objects.filter(rally=annecy)}
    assert len(scores) == len(PRINCIPLES)
    assert scores["C1"].score == int(new_score)
    assert scores["C1"].comment == "Le logo du réseau manque sur les affiches."
    assert all(s.assessed_by == User.objects.get(email=FEDERATION) for s in scores.values())
    assert all(scores[code].score == score for code, score in proposed.items() if code != "C1")

    page = get_ok(admin, url)
    assert "Grille enregistrée" in page
    assert "Le logo du réseau manque sur les affiches." in page
    assert f"{len(PRINCIPLES)} sur {len(PRINCIPLES)}" in page  # every score confirmed
    c1 = next(line for line in fidelity_grid(annecy) if line.principle.code == "C1")
    assert c1.score == int(new_score) and c1.prefill.evidence in page  # the evidence stays beside it


def test_a_changed_score_without_comment_saves_nothing_and_says_where(admin: Client, annecy: Rally) -> None:
    url = reverse("network:fidelity", args=[annecy.pk])
    proposed = {line.principle.code: line.prefill.score for line in fidelity_grid(annecy)}
    changed = "0" if proposed["K1"] != 0 else "2"
    response = admin.post(url, grid_data(annecy, K1=(changed, "  "), O1=("4", "Très bons retours des participants.")))
    assert response.status_code == 200
    page = text(response)
    assert "La grille n'a pas été enregistrée" in page
    assert "K1 : la note retenue" in page and "Écrivez en commentaire pourquoi vous la changez." in page
    assert not FidelityScore.objects.filter(rally=annecy).exists()  # all or nothing
    assert "Très bons retours des participants." in page  # what was typed is kept


def test_a_score_outside_the_scale_is_refused(admin: Client, annecy: Rally) -> None:
    url = reverse("network:fidelity", args=[annecy.pk])
    response = admin.post(url, grid_data(annecy, F1=("5", "cinq")))
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in text(response)
    assert not FidelityScore.objects.filter(rally=annecy).exists()


def test_not_assessable_is_a_choice(evaluator: Client, annecy: Rally) -> None:
    url = reverse("network:fidelity", args=[annecy.pk])
    response = evaluator.post(url, grid_data(annecy, K3=("na", "Véhicules pas encore connus avec certitude.")))
    assert response.status_code == 302
    k3 = FidelityScore.objects.get(rally=annecy, principle="K3")
    assert k3.score is None and k3.assessed_by == User.objects.get(email=EVALUATOR)
    assert NOT_ASSESSABLE in text(evaluator.get(url))


def test_lines_left_as_they_were_keep_their_assessor(evaluator: Client, admin: Client, annecy: Rally) -> None:
    url = reverse("network:fidelity", args=[annecy.pk])
    assert evaluator.post(url, grid_data(annecy)).status_code == 302
    response = admin.post(url, grid_data(annecy, O4=("4", "Tous les acteurs du territoire sont venus.")), follow=True)
    assert "1 note modifiée" in text(response)
    by = dict(FidelityScore.objects.filter(rally=annecy).values_list("principle", "assessed_by__email"))
    assert by.pop("O4") == FEDERATION
    assert set(by.values()) == {EVALUATOR}


def test_structure_staff_read_the_grid_without_a_form(coordinator: Client, admin: Client, annecy: Rally) -> None:
    url = reverse("network:fidelity", args=[annecy.pk])
    admin.post(url, grid_data(annecy, R3=("2", "Une seule rencontre du réseau cette année.")))
    page = get_ok(coordinator, url)
    assert "<select" not in page and "Enregistrer la grille" not in page
    assert "Une seule rencontre du réseau cette année." in page
    assert "confirmée le" in page
    assert reverse("rallies:detail", args=[annecy.pk]) in page  # back to their rally
    assert coordinator.post(url, grid_data(annecy)).status_code == 403


def test_grid_pdf_marks_scores_nobody_confirmed_and_keeps_r2_readable(admin: Client, mife: Structure) -> None:
    # The demo's May 2026 rally has taken place, is not the MIFE's first, and nobody confirmed its grid.
    rally = Rally.objects.get(name="Rallye pour l'emploi — Annecy, mai 2026")
    response = admin.get(reverse("network:fidelity_pdf", args=[rally.pk]))
    assert response.status_code == 200
    assert 'filename="grille-fidelite-rallye-pour-l-emploi-annecy-mai-2026.pdf"' in response["Content-Disposition"]
    page = pdf_text(response.content)
    assert f"document établi le {french.date(timezone.localdate())}" in page
    assert "Aucune note n'a encore été confirmée" in page
    assert "confirmées ou modifiées par l'évaluateur" not in page
    r2 = next(line for line in fidelity_grid(rally) if line.principle.code == "R2")
    assert r2.prefill.evidence == "Sans objet : ce n'est pas le premier rallye de la structure."
    assert r2.prefill.evidence in page

    admin.post(reverse("network:fidelity", args=[rally.pk]), grid_data(rally))  # confirms every score
    page = pdf_text(admin.get(reverse("network:fidelity_pdf", args=[rally.pk])).content)
    assert f"Les {len(PRINCIPLES)} notes ont été confirmées ou changées par la fédération ou un évaluateur." in page
    assert "*" not in page


def test_the_dashboard_says_how_many_scores_nobody_confirmed(admin: Client, past: Rally) -> None:
    url = reverse("network:dashboard") + f"?annee={PAST_YEAR}"
    scored = sum(1 for line in fidelity_grid(past) if line.score is not None)
    assert scored > 1
    page = get_ok(admin, url)
    assert f"{scored} notes sur {scored} sont proposées par les données des rallyes et pas encore confirmées" in page
    admin.post(reverse("network:fidelity", args=[past.pk]), grid_data(past))
    assert "Toutes ces notes ont été confirmées par la fédération ou un évaluateur." in get_ok(admin, url)
