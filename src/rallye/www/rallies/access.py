"""How every rally view reaches its data: through the one scoping mechanism, then the rules.

A rally of a structure the user cannot see answers 404, whatever the URL below it; a user who
may only read sees every page but gets 403 for any change (``perms.can_edit``).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404
from django.views import View

from rallye.organisations.models import Structure
from rallye.organisations.perms import can_edit, editable_structures
from rallye.rallies.models import Rally

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_rally(request: HttpRequest, pk: int) -> Rally:
    """The rally if the user may see it, else 404 (a foreign rally does not exist for them)."""
    rally: Rally = get_object_or_404(Rally.objects.for_user(request.user).select_related("structure"), pk=pk)
    return rally


def require_some_editable_structure(user: Any) -> QuerySet[Structure]:
    structures = editable_structures(user)
    if not structures.exists():
        raise PermissionDenied("Vous ne pouvez créer de rallye dans aucune structure.")
    return structures


class RallyMixin(View):
    """Base of every view under ``rallyes/<pk>/``: loads ``self.rally`` and ``self.can_edit``.

    ``edit_only`` views (forms that change data) refuse read-only users on every method;
    the others refuse them only on methods that change something (POST…)."""

    edit_only: ClassVar[bool] = False
    tab: ClassVar[str] = "overview"
    rally: Rally
    can_edit: bool

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.rally = get_rally(request, kwargs["pk"])
        self.can_edit = can_edit(request.user, self.rally.structure)
        if not self.can_edit and (self.edit_only or request.method not in SAFE_METHODS):
            raise PermissionDenied("Votre rôle dans cette structure ne permet que la consultation.")
        return super().dispatch(request, *args, **kwargs)

    def rally_context(self, **extra: Any) -> dict[str, Any]:
        """What every rally page shows: the rally, the tabs (with head counts), the edit rights."""
        tabs = {
            "companies": self.rally.companies.count(),
            "participants": self.rally.participants.count(),
            "vehicles": self.rally.vehicles.count(),
        }
        return {"rally": self.rally, "can_edit": self.can_edit, "tab": self.tab, "tab_counts": tabs, **extra}
