"""The network dashboard: key figures, charts across structures and years, the year filter, the
structures and the rallies with their fidelity grid."""

from __future__ import annotations

import re

import pytest
from django.db.models import Max
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rallye.domain.outcomes import RATE_METHOD
from rallye.organisations.models import Structure
from rallye.rallies.models import Rally
from tests.www.network.conftest import PAST_YEAR
from tests.www.network.helpers import get_ok

pytestmark = pytest.mark.django_db


def held_and_to_come() -> tuple[int, int]:
    """Rallies whose last day is over, and dated rallies still to come, counted from the sessions."""
    last_days = list(
        Rally.objects.annotate(last=Max("sessions__date")).exclude(last=None).values_list("last", flat=True)
    )
    today = timezone.localdate()
    return sum(1 for day in last_days if day < today), sum(1 for day in last_days if day >= today)


def figure(page: str, label: str) -> str:
    """The value of a key figure as the page writes it."""
    found = re.search(rf'<span class="label">{re.escape(label)}</span> <strong class="value">([^<]*)</strong>', page)
    assert found, f"chiffre clé « {label} » absent"
    return found.group(1)


def test_year_filter_changes_the_figures(admin: Client, annecy: Rally, voiron: Rally, past: Rally) -> None:
    url = reverse("network:dashboard")
    everything = get_ok(admin, url)
    past_year = get_ok(admin, f"{url}?annee={PAST_YEAR}")

    present = past.participants.filter(present=True)
    assert figure(past_year, "Rallyes") == "1"
    assert figure(past_year, "Participants") == str(present.count())
    women = present.filter(gender="F").count()
    assert figure(past_year, "Femmes") == f"{round(100 * women / present.count())}\u00a0%"
    ages = [PAST_YEAR - p.birth_year for p in present]
    assert (
        figure(past_year, "Âge moyen")
        == f"{round(sum(ages) / len(ages), 1)}".replace(".", ",").removesuffix(",0") + " ans"
    )
    # Four outcomes recorded: a CDI and a training course are solutions, « sans solution » and
    # « perdu de vue » are not: 2 out of 4; the others were due in 2011: late.
    assert figure(past_year, "Solution professionnelle à 6 mois") == "50 %"
    assert "2 sur 4 suivis renseignés (dont 1 personne perdue de vue)." in past_year
    late = present.count() - 4
    assert f"{late} suivis en retard (date passée, situation pas encore renseignée) ne sont pas comptés." in past_year

    held, to_come = held_and_to_come()
    assert figure(everything, "Rallyes") == str(held)
    assert f"{to_come} rallyes à venir, non comptés" in everything
    assert int(figure(everything, "Participants")) > present.count()
    assert RATE_METHOD in everything
    assert f'<option value="{PAST_YEAR}" selected>' in past_year


def test_charts_are_accessible_svg_images(admin: Client, annecy: Rally, past: Rally) -> None:
    page = get_ok(admin, reverse("network:dashboard"))
    svgs = [svg for svg in re.findall(r"<svg[^>]*>", page) if 'class="logo"' not in svg]  # the charts
    assert len(svgs) == 5
    assert all('role="img"' in svg for svg in svgs)
    for title in (
        "Participants par structure et par année",
        "Solution professionnelle à 6 mois, par année",
        "Fidélité au modèle : moyenne par rubrique et par année",
        "Participants par genre",
        "Entreprises visitées par secteur d'activité",
    ):
        assert f">{title}" in page
    assert "<desc" in page  # every value spelled out for screen readers


def test_structures_and_rallies_are_listed(admin: Client, mife: Structure, annecy: Rally, past: Rally) -> None:
    page = get_ok(admin, reverse("network:dashboard"))
    for structure in Structure.objects.filter(federation=mife.federation):
        assert structure.name in page
    assert "MIFE (maison de l'information sur la formation et l'emploi)" in page
    assert f"transmis le 1er juin {PAST_YEAR}" in page  # the MIFE's first rally is the 2011 one
    assert reverse("network:fidelity", args=[past.pk]) in page
    assert reverse("network:fidelity", args=[annecy.pk]) not in page  # to come: not counted yet
    assert reverse("network:ansa_report", args=[mife.pk, "pdf"]) in page


def test_a_year_that_is_not_one_is_explained(admin: Client, past: Rally) -> None:
    page = get_ok(admin, reverse("network:dashboard") + "?annee=l'an+dernier")
    assert "« l'an dernier » n'est pas une année" in page
    assert figure(page, "Rallyes") == str(held_and_to_come()[0])
