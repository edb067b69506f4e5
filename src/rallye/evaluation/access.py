"""Who reaches which rallies in the evaluation pages: the network scope's rallies.

Structure staff evaluate their own rallies through the structure scope. Federation
administrators and evaluators reach every rally of their federation, but evaluators only
through pages that show pseudonymised data (no name, phone, e-mail or address of a person):
they get no structure role, so every other page of the workspace answers 404 to them. The
rules themselves live in ``rallye.organisations.perms`` and ``rallye.organisations.scoping``;
this module only names them for the evaluation pages.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from rallye.organisations.models import Federation
from rallye.organisations.perms import can_score_fidelity, is_evaluator, sees_people
from rallye.organisations.scoping import network_federation_ids, network_structures
from rallye.rallies.models import Rally

__all__ = ["can_score", "evaluation_rallies", "is_evaluator", "network_federations", "sees_people"]

can_score = can_score_fidelity
"""Confirm or change fidelity scores: the federation's administrators and evaluators."""


def network_federations(user: Any) -> models.QuerySet[Federation]:
    """Federations whose whole network the user may study (administrators and evaluators)."""
    return Federation.objects.filter(pk__in=network_federation_ids(user))


def evaluation_rallies(user: Any) -> models.QuerySet[Rally]:
    """Rallies whose evaluation (grid, figures, pseudonymised data) the user may open."""
    return Rally.objects.filter(structure__in=network_structures(user)).select_related("structure")
