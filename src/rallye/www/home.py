"""The home page: the structures the user works in, and their rallies."""

from __future__ import annotations

from typing import Any

from django.views.generic import TemplateView

from rallye.organisations.perms import administered_federations, editable_structures, managed_structures
from rallye.organisations.scoping import visible_structures
from rallye.www.rallies.listing import rally_list_context


class HomeView(TemplateView):
    template_name = "www/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["structures"] = visible_structures(self.request.user).select_related("federation")
        context["managed"] = set(managed_structures(self.request.user).values_list("pk", flat=True))
        context["editable"] = set(editable_structures(self.request.user).values_list("pk", flat=True))
        context["adds_structures"] = administered_federations(self.request.user).exists()
        context.update(rally_list_context(self.request))
        return context
