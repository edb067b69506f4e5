"""What every page's layout needs to know about the user."""

from __future__ import annotations

from django.http import HttpRequest

from rallye.evaluation.access import network_federations
from rallye.organisations.scoping import visible_structures


def network(request: HttpRequest) -> dict[str, bool]:
    """Which parts the menu offers: ``workspace`` (rallies and follow-ups: people with a role in a
    structure, or federation admins) and ``network_space`` (the network pages: federation admins
    and evaluators). An evaluator gets the network only."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"workspace": False, "network_space": False}
    return {"workspace": visible_structures(user).exists(), "network_space": network_federations(user).exists()}
