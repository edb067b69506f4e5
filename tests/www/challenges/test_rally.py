"""A rally's challenges: one per visit, editable (in the history), results bounded by the
challenge, bonus points, prizes, the closing's leaderboard and the diplomas."""

from __future__ import annotations

import pytest
from django.test import Client

from rallye.challenges.models import BonusPoints, Prize, VisitChallenge, VisitResult
from rallye.challenges.services import ICEBREAKER, Refused, record_result, team_scores, visit_challenges, visit_rows
from rallye.documents import render_html
from rallye.history.models import HistoryEntry
from rallye.plans.reading import planned_rally
from rallye.rallies.models import Rally
from tests.logins import TI38, logged_in

pytestmark = pytest.mark.django_db


def test_every_visit_of_the_plan_gets_a_challenge_from_the_network_repertoire(
    mife_rally: Rally, coordinator: Client
) -> None:
    plan = planned_rally(mife_rally).plan
    assert plan is not None
    chosen = visit_challenges(mife_rally)
    assert set(chosen) == {(t.id, v.company) for t in plan.teams for v in t.visits}
    assert all(c.key.startswith("network:") for c in chosen.values())
    assert visit_rows(mife_rally)[ICEBREAKER].kind == "icebreaker"
    # Kept: asking again writes nothing new and gives the same challenges.
    count = VisitChallenge.objects.filter(rally=mife_rally).count()
    mife_rally = Rally.objects.get(pk=mife_rally.pk)
    assert visit_challenges(mife_rally) == chosen
    assert VisitChallenge.objects.filter(rally=mife_rally).count() == count
    page = coordinator.get(f"/rallyes/{mife_rally.pk}/defis/").content.decode()
    team = plan.teams[0]
    first = chosen[(team.id, team.visits[0].company)]
    assert team.name in page and first.title.replace("'", "&#x27;") in page


def test_the_organiser_changes_a_visit_s_challenge_and_the_history_says_so(
    mife_rally: Rally, coordinator: Client, reader: Client
) -> None:
    plan = planned_rally(mife_rally).plan
    assert plan is not None
    team, visit = plan.teams[0], plan.teams[0].visits[0]
    url = f"/rallyes/{mife_rally.pk}/defis/visite/{team.id}/{visit.company}/"
    assert coordinator.get(url).status_code == 200
    assert reader.get(url).status_code == 403
    assert logged_in(TI38).get(url).status_code == 404
    response = coordinator.post(
        url,
        {
            "title": "Le geste de l'accueil",
            "kind": "question",
            "instructions": "Demandez comment on accueille un client ici.",
            "check_text": "L'hôte confirme.",
            "minutes": "5",
            "materials": "",
            "max_points": "6",
        },
    )
    assert response.status_code == 302
    mife_rally = Rally.objects.get(pk=mife_rally.pk)
    changed = visit_challenges(mife_rally)[(team.id, visit.company)]
    assert changed.title == "Le geste de l'accueil" and changed.max_points == 6
    entry = HistoryEntry.objects.filter(rally=mife_rally).latest("pk")
    assert entry.object_label.startswith(f"Défi de {team.name} chez ")
    assert {"field": "max_points", "label": "Points au plus", "before": "10", "after": "6"} in entry.changes
    # Another challenge of the repertoire.
    other = next(k for k in (v.key for v in visit_challenges(mife_rally).values()) if k.startswith("network:"))
    coordinator.post(url, {"source": other})
    mife_rally = Rally.objects.get(pk=mife_rally.pk)
    assert visit_challenges(mife_rally)[(team.id, visit.company)].key == other
    # An unknown visit is a 404; bad fields change nothing.
    assert coordinator.get(f"/rallyes/{mife_rally.pk}/defis/visite/T99/C01/").status_code == 404
    bad = coordinator.post(
        url, {"title": "", "kind": "quiz", "instructions": "x", "check_text": "y", "minutes": "5", "max_points": "1000"}
    )
    assert bad.status_code == 400
    mife_rally = Rally.objects.get(pk=mife_rally.pk)
    assert visit_challenges(mife_rally)[(team.id, visit.company)].key == other


def test_scores_are_bounded_by_the_challenge_and_a_retry_counts_once(mife_rally: Rally, coordinator: Client) -> None:
    plan = planned_rally(mife_rally).plan
    assert plan is not None
    team, visit = plan.teams[0], plan.teams[0].visits[0]
    challenge = visit_challenges(mife_rally)[(team.id, visit.company)]
    with pytest.raises(Refused, match=f"de 0 à {challenge.max_points} points"):
        record_result(mife_rally, team.id, visit.company, challenge.max_points + 1)
    with pytest.raises(Refused, match="pas de visite"):
        record_result(mife_rally, team.id, "C99", 1)
    assert not VisitResult.objects.filter(rally=mife_rally).exists()
    url = f"/rallyes/{mife_rally.pk}/defis/resultat/"
    refused = coordinator.post(url, {"team": team.id, "company": visit.company, "score": "99"}, follow=True)
    assert "Résultat non enregistré" in refused.content.decode()
    assert not VisitResult.objects.filter(rally=mife_rally).exists()
    for _ in range(2):
        coordinator.post(url, {"team": team.id, "company": visit.company, "score": "7", "result_text": "Soudeur"})
    assert VisitResult.objects.get(rally=mife_rally).score == 7
    scores = {s.team: s for s in team_scores(Rally.objects.get(pk=mife_rally.pk))}
    assert scores[team.id].points == 7 and scores[team.id].rank == 1 and scores[team.id].achieved == (challenge.title,)


def test_bonus_points_prizes_leaderboard_and_diplomas(mife_rally: Rally, coordinator: Client) -> None:
    plan = planned_rally(mife_rally).plan
    assert plan is not None
    first, second = plan.teams[0], plan.teams[1]
    visit = second.visits[0]
    record_result(mife_rally, second.id, visit.company, 5, "trois métiers trouvés")
    base = f"/rallyes/{mife_rally.pk}/defis/"
    coordinator.post(base + "bonus/", {"team": first.id, "points": "3", "reason": "Esprit d'équipe"})
    refused = coordinator.post(base + "bonus/", {"team": first.id, "points": "3", "reason": ""})
    assert refused.status_code == 400
    assert BonusPoints.objects.filter(rally=mife_rally).count() == 1
    coordinator.post(
        base + "lots/", {"name": "Un panier garni", "donor": "Fromagerie des Aravis", "team_code": second.id}
    )
    assert Prize.objects.filter(rally=mife_rally).count() == 1
    assert coordinator.post(base + "lots/", {"name": "", "donor": ""}).status_code == 400

    closing = coordinator.get(f"/rallyes/{mife_rally.pk}/cloture/").content.decode()
    assert closing.index(second.name) < closing.index(first.name)  # 5 points before 3
    assert "Fromagerie des Aravis" in closing and "Un panier garni" in closing
    domain = planned_rally(mife_rally).rally
    assert domain is not None
    for member in second.members:
        person = domain.participant(member)
        assert person.first_name in closing and person.last_name not in closing

    from rallye.challenges.services import playful

    fresh = Rally.objects.get(pk=mife_rally.pk)
    html = render_html("diploma", domain, plan, playful=playful(fresh))
    assert (
        "Fromagerie des Aravis" in html and "Lot remporté : Un panier garni, offert par Fromagerie des Aravis" in html
    )
    assert "obtenu <strong>5 points</strong> (1re place" in html
    funder = render_html("funder", domain, plan, playful=playful(fresh))
    assert "Entreprises donatrices" in funder and "Fromagerie des Aravis" in funder
    roadbook = render_html("roadbook", domain, plan, playful=playful(fresh))
    assert visit_challenges(fresh)[(first.id, first.visits[0].company)].title.replace("'", "&#39;") in roadbook
    assert coordinator.get(f"/rallyes/{mife_rally.pk}/documents/diploma.pdf").status_code == 200
