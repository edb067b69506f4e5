"""The repertoire of challenges: the federation curates the network's, a structure adds its own
and shares them, structures rate what they used; each challenge shows its use and rating."""

from __future__ import annotations

import pytest
from django.test import Client

from rallye.challenges.models import ChallengeRating, NetworkChallenge, OwnChallenge, VisitChallenge
from rallye.challenges.services import network_usage, visit_rows
from rallye.domain.challenges import starter_repertoire
from rallye.organisations.models import Structure
from rallye.rallies.models import Rally
from tests.logins import FEDERATION, TI38, logged_in

pytestmark = pytest.mark.django_db

NEW = {
    "title": "Le métier mystère",
    "kind": "quiz",
    "instructions": "Devinez le métier de la personne qui vous accueille en cinq questions fermées.",
    "check_text": "L'hôte dit si le métier trouvé est le bon.",
    "sectors": ["C", "F"],
    "minutes": "10",
    "materials": "Aucun.",
    "max_points": "12",
}


def test_the_demo_federation_holds_the_starter_repertoire(mife: Structure, coordinator: Client) -> None:
    assert NetworkChallenge.objects.filter(federation=mife.federation).count() == len(starter_repertoire())
    page = coordinator.get("/defis/").content.decode()
    assert "Répertoire des défis" in page
    for challenge in starter_repertoire()[:5]:
        assert challenge.title.replace("'", "&#x27;") in page
    assert "Ajouter un défi au répertoire du réseau" not in page  # only the federation curates
    filtered = coordinator.get("/defis/?type=icebreaker").content.decode()
    assert "Prénom et geste" in filtered and "Trois métiers de la maison" not in filtered


def test_the_federation_adds_changes_and_withdraws_network_challenges(mife: Structure) -> None:
    federation = logged_in(FEDERATION)
    response = federation.post("/defis/reseau/ajouter/", NEW)
    assert response.status_code == 302
    added = NetworkChallenge.objects.get(title="Le métier mystère")
    assert added.sectors == ["C", "F"] and added.max_points == 12 and added.shared_by is None
    federation.post(f"/defis/reseau/{added.pk}/modifier/", {**NEW, "max_points": "8"})
    added.refresh_from_db()
    assert added.max_points == 8
    federation.post(f"/defis/reseau/{added.pk}/retirer/")
    added.refresh_from_db()
    assert added.withdrawn
    log = [c.summary for c in added.changes.order_by("pk")]
    assert log == ["ajouté au répertoire", "modifié : points au plus", "retiré du répertoire"]
    assert "retiré du répertoire" in federation.get(f"/defis/reseau/{added.pk}/modifier/").content.decode()
    coordinator = logged_in("coordination@mife74.demo")
    assert "Le métier mystère" not in coordinator.get("/defis/").content.decode()
    # A structure may not curate the network's repertoire.
    assert coordinator.post("/defis/reseau/ajouter/", NEW).status_code == 403
    assert coordinator.post(f"/defis/reseau/{added.pk}/retirer/").status_code == 403


def test_bad_input_changes_nothing_and_says_what_to_fix(mife: Structure, coordinator: Client) -> None:
    before = OwnChallenge.objects.count()
    response = coordinator.post("/defis/structure/ajouter/", {**NEW, "title": "", "max_points": "500"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Donnez un titre au défi." in text and "Rien n'est enregistré" in text, text[text.find("<form") :][:3000]
    assert OwnChallenge.objects.count() == before


def test_a_structure_adds_its_own_challenge_and_shares_it_with_the_network(
    mife: Structure, coordinator: Client, isere: Structure
) -> None:
    assert coordinator.post("/defis/structure/ajouter/", NEW).status_code == 302
    own = OwnChallenge.objects.get(title="Le métier mystère")
    assert own.structure == mife and own.shared is None
    # Not shared yet: another structure does not see it.
    other = logged_in(TI38)
    assert "Le métier mystère" not in other.get("/defis/").content.decode()
    coordinator.post(f"/defis/structure/{own.pk}/partager/")
    own.refresh_from_db()
    assert own.shared is not None and own.shared.shared_by == mife
    assert [c.summary for c in own.shared.changes.all()] == [f"partagé par {mife.name}"]
    page = other.get("/defis/").content.decode()
    assert "Le métier mystère" in page and f"proposé par {mife.name}" in page
    # Changing it brings the network's copy up to date.
    coordinator.post(f"/defis/structure/{own.pk}/modifier/", {**NEW, "title": "Le métier secret"})
    own.shared.refresh_from_db()
    assert own.shared.title == "Le métier secret"
    # Another structure can neither change nor share it.
    assert other.post(f"/defis/structure/{own.pk}/partager/").status_code == 404


def test_a_read_only_member_cannot_add_share_or_rate(mife: Structure, reader: Client) -> None:
    assert reader.post("/defis/structure/ajouter/", NEW).status_code == 403
    challenge = NetworkChallenge.objects.filter(federation=mife.federation).first()
    assert challenge is not None
    assert reader.post(f"/defis/reseau/{challenge.pk}/noter/", {"stars": "5"}).status_code == 403


def test_structures_rate_a_challenge_after_using_it_and_the_network_sees_use_and_rating(
    mife_rally: Rally, coordinator: Client
) -> None:
    rows = visit_rows(mife_rally)
    used = next(r.network for r in rows.values() if r.network is not None)
    unused = NetworkChallenge.objects.exclude(pk__in=VisitChallenge.objects.values("network")).first()
    assert unused is not None
    refused = coordinator.post(f"/defis/reseau/{unused.pk}/noter/", {"stars": "4"}, follow=True)
    assert "vous pourrez le noter après l&#x27;avoir utilisé" in refused.content.decode()
    assert not ChallengeRating.objects.filter(challenge=unused).exists()
    coordinator.post(f"/defis/reseau/{used.pk}/noter/", {"stars": "4", "comment": "Très apprécié"})
    coordinator.post(f"/defis/reseau/{used.pk}/noter/", {"stars": "5"})  # rating again replaces it
    assert ChallengeRating.objects.get(challenge=used).stars == 5
    bad = coordinator.post(f"/defis/reseau/{used.pk}/noter/", {"stars": "9"}, follow=True)
    assert "choisissez une note de 1 à 5" in bad.content.decode()
    assert ChallengeRating.objects.get(challenge=used).stars == 5
    usage = network_usage(mife_rally.structure.federation_id)[used.pk]
    rallies = VisitChallenge.objects.filter(network=used).values("rally").distinct().count()
    ratings = list(ChallengeRating.objects.filter(challenge=used).values_list("stars", flat=True))
    assert rallies >= 1 and usage.rallies == rallies and usage.ratings == len(ratings)
    assert usage.average == sum(ratings) / len(ratings)
    expected = f"utilisé dans {rallies} rallye{'s' if rallies > 1 else ''}, {usage.average:.1f}/5".replace(".", ",")
    assert usage.text.startswith(expected)
    # Another structure of the network sees the figures, not the rally.
    page = logged_in(TI38).get("/defis/").content.decode()
    assert usage.text in page and mife_rally.name not in page
