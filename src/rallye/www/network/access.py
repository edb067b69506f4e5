"""Who reaches what in the network space.

- The network pages (dashboard, comparison of fidelity grids, federation report) are for the
  federation's administrators and evaluators: anyone else gets 403 (the page exists, their role
  does not open it). They read aggregated or pseudonymised data only, so evaluators see them
  as administrators do.
- A page about one object (a rally's grid, a structure's Ansa report, a funder's report) answers
  404 when the object is out of the user's reach, as everywhere in the workspace.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from rallye.evaluation.access import network_federations
from rallye.organisations.models import Federation, Structure
from rallye.organisations.scoping import visible_structures
from rallye.rallies.models import Rally

NETWORK_ONLY = "Cet espace est réservé à la fédération et aux évaluateurs du réseau."


@dataclass(frozen=True)
class Network:
    """The federations whose whole network the user studies."""

    federations: tuple[Federation, ...]

    @property
    def name(self) -> str:
        return ", ".join(f.name for f in self.federations)

    def structures(self) -> models.QuerySet[Structure]:
        return Structure.objects.filter(federation__in=self.federations).order_by("name")

    def rallies(self) -> models.QuerySet[Rally]:
        return Rally.objects.filter(structure__federation__in=self.federations).select_related("structure")


def network_of(user: Any) -> Network:
    """The user's network, or 403 for users who are neither federation admins nor evaluators."""
    federations = tuple(network_federations(user).order_by("name"))
    if not federations:
        raise PermissionDenied(NETWORK_ONLY)
    return Network(federations)


def has_network(user: Any) -> bool:
    return network_federations(user).exists()


def report_structures(user: Any) -> models.QuerySet[Structure]:
    """Structures whose reports the user may download: their own, and every structure of the
    federations they study."""
    return Structure.objects.filter(
        models.Q(pk__in=visible_structures(user)) | models.Q(federation__in=network_federations(user))
    ).order_by("name")


def report_structure(user: Any, pk: int) -> Structure:
    structure = report_structures(user).filter(pk=pk).first()
    if structure is None:
        raise Http404("Structure introuvable.")
    return structure
