"""Who may do what: every permission rule, one small function per action, on top of the scopes
of ``scoping.py``. The web's access helpers (``www/rallies/access.py``, ``www/network/access.py``)
only turn these answers into HTTP (404 for what is out of reach, 403 for what a role forbids).

Roles (``role_in``; the strongest wins when a user holds several for one structure):
federation administrators work everywhere in their federation; coordinators and members edit
their structure's rallies; read-only users only read; evaluators hold no structure role: they
reach the network pages and pseudonymised data only.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from rallye.organisations.models import Federation, Membership, Role, Structure
from rallye.organisations.scoping import network_federation_ids, role_in

EDITORS = {Role.FEDERATION_ADMIN, Role.COORDINATOR, Role.MEMBER}
RETENTION_ROLES = {Role.FEDERATION_ADMIN, Role.COORDINATOR}


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_active", False)) and bool(getattr(user, "is_authenticated", False))


def can_view(user: Any, structure: Structure) -> bool:
    """See the structure's rallies and their people by name."""
    return role_in(user, structure) is not None


def can_edit(user: Any, structure: Structure) -> bool:
    """Create and change rallies and their data (read-only users cannot)."""
    return role_in(user, structure) in EDITORS


def can_set_retention(user: Any, structure: Structure) -> bool:
    """Change how long the structure keeps personal data (its coordinators, the federation)."""
    return role_in(user, structure) in RETENTION_ROLES


def is_federation_admin(user: Any) -> bool:
    return _active(user) and Membership.objects.filter(user=user, role=Role.FEDERATION_ADMIN).exists()


def can_curate_challenges(user: Any, federation: Federation) -> bool:
    """Add, change and withdraw the challenges of the network's repertoire: the federation's
    administrators (structures add their own and share them)."""
    return (
        _active(user)
        and Membership.objects.filter(user=user, role=Role.FEDERATION_ADMIN, federation=federation).exists()
    )


def is_evaluator(user: Any) -> bool:
    return _active(user) and Membership.objects.filter(user=user, role=Role.EVALUATOR).exists()


def can_see_network(user: Any) -> bool:
    """Open the network pages (dashboard, comparisons, federation report): federation
    administrators and evaluators."""
    return _active(user) and network_federation_ids(user).exists()


def studies_federation(user: Any, federation_id: int) -> bool:
    """Whether the user studies this federation's whole network (administrator or evaluator)."""
    return _active(user) and network_federation_ids(user).filter(federation=federation_id).exists()


def can_score_fidelity(user: Any, rally: Any) -> bool:
    """Confirm or change a rally's fidelity scores: its federation's administrators and evaluators."""
    return studies_federation(user, rally.structure.federation_id)


def sees_people(user: Any, rally: Any) -> bool:
    """Whether pages may show this rally's people by name (never to an evaluator)."""
    return can_view(user, rally.structure)


MEMBER_MANAGERS = {Role.FEDERATION_ADMIN, Role.COORDINATOR}


def can_manage_members(user: Any, structure: Structure) -> bool:
    """Invite people to the structure and end their access: its coordinators, the federation."""
    return role_in(user, structure) in MEMBER_MANAGERS


def administered_federations(user: Any) -> models.QuerySet[Federation]:
    """The federations the user administers (where they may add structures)."""
    if not _active(user):
        return Federation.objects.none()
    return Federation.objects.filter(memberships__user=user, memberships__role=Role.FEDERATION_ADMIN).distinct()


def managed_structures(user: Any) -> models.QuerySet[Structure]:
    """The structures whose members the user manages (:func:`can_manage_members`), at once."""
    if not _active(user):
        return Structure.objects.none()
    coordinated = Membership.objects.filter(user=user, role=Role.COORDINATOR).values("structure")
    return Structure.objects.filter(
        models.Q(federation__in=administered_federations(user)) | models.Q(pk__in=coordinated)
    )


def editable_structures(user: Any) -> models.QuerySet[Structure]:
    """The structures whose rallies the user edits (:func:`can_edit`), at once."""
    if not _active(user):
        return Structure.objects.none()
    editing = Membership.objects.filter(user=user, role__in=(Role.COORDINATOR, Role.MEMBER)).values("structure")
    return Structure.objects.filter(models.Q(federation__in=administered_federations(user)) | models.Q(pk__in=editing))


def can_edit_federation_template(user: Any, federation: Federation) -> bool:
    """The federation's retro-planning template: its administrators edit it for the network."""
    return administered_federations(user).filter(pk=federation.pk).exists()


def can_adapt_structure_template(user: Any, structure: Structure) -> bool:
    """A structure's changes to the template: its coordinators and the federation's administrators."""
    return can_manage_members(user, structure)
