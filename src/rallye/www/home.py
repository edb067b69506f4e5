"""The home page: the structures the user works in, and their rallies."""

from __future__ import annotations

from typing import Any

from django.views.generic import TemplateView

from rallye.organisations.scoping import visible_structures
from rallye.www.rallies.listing import rally_list_context


class HomeView(TemplateView):
    template_name = "www/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["structures"] = visible_structures(self.request.user).select_related("federation")
        context.update(rally_list_context(self.request))
        return context
