"""Who reaches which rallies in the evaluation pages.

Structure staff evaluate their own rallies through the usual scoping. Federation
administrators and evaluators reach every rally of their federation, but evaluators only
through pages that show pseudonymised data (no name, phone, e-mail or address of a person):
they get no structure role, so every other page of the workspace answers 404 to them.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from rallye.organisations.models import Federation, Membership, Role, User
from rallye.rallies.models import Rally


def _federations(user: Any, roles: tuple[Role, ...]) -> models.QuerySet[Federation]:
    if not isinstance(user, User) or not user.is_active:
        return Federation.objects.none()
    ids = Membership.objects.filter(user=user, role__in=roles).values("federation")
    return Federation.objects.filter(pk__in=ids)


def is_evaluator(user: Any) -> bool:
    return _federations(user, (Role.EVALUATOR,)).exists()


def network_federations(user: Any) -> models.QuerySet[Federation]:
    """Federations whose whole network the user may study (administrators and evaluators)."""
    return _federations(user, (Role.FEDERATION_ADMIN, Role.EVALUATOR))


def evaluation_rallies(user: Any) -> models.QuerySet[Rally]:
    """Rallies whose evaluation (grid, figures, pseudonymised data) the user may open."""
    return Rally.objects.filter(
        models.Q(structure__federation__in=network_federations(user)) | models.Q(pk__in=Rally.objects.for_user(user))
    ).select_related("structure")


def can_score(user: Any, rally: Rally) -> bool:
    """Confirm or change fidelity scores: the federation's administrators and evaluators."""
    return network_federations(user).filter(pk=rally.structure.federation_id).exists()


def sees_people(user: Any, rally: Rally) -> bool:
    """Whether pages may show this rally's people by name (never to an evaluator)."""
    return Rally.objects.for_user(user).filter(pk=rally.pk).exists()
