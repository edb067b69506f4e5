"""The rallies of the structures the user can see (the list page, and the home page's list)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, IntegerField, Max, Min, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.views.generic import TemplateView

from rallye.organisations.perms import editable_structures
from rallye.rallies.models import Company, Participant, Rally, Session
from rallye.www.pagination import paginate


def _count(model: type[Company] | type[Participant]) -> Coalesce:
    counted = model.objects.filter(rally=OuterRef("pk")).values("rally").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _day(aggregate: type[Min] | type[Max]) -> Subquery:
    days = Session.objects.filter(rally=OuterRef("pk")).values("rally").annotate(day=aggregate("date")).values("day")
    return Subquery(days)


def visible_rallies(user: Any) -> QuerySet[Rally]:
    """Every rally the user may see, newest first, with its dates and head counts."""
    rallies: QuerySet[Rally] = (
        Rally.objects.for_user(user)
        .select_related("structure")
        .annotate(
            first_day=_day(Min),
            last_day=_day(Max),
            participant_count=_count(Participant),
            company_count=_count(Company),
        )
        .order_by("-created_at", "-pk")
    )
    return rallies


def rally_list_context(request: HttpRequest) -> dict[str, Any]:
    """The requested page of the user's rallies (50 a page)."""
    user = request.user
    return {"rallies": paginate(request, visible_rallies(user)), "can_create": can_create_rally(user)}


def can_create_rally(user: Any) -> bool:
    """Whether the user may edit some structure (one query)."""
    return editable_structures(user).exists()


class RallyListView(TemplateView):
    template_name = "www/rallies/list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), **rally_list_context(self.request)}
