"""The one scoping mechanism for structure data: every query of tenant data goes through it.

A tenant model names the path from itself to its structure (``structure_path``) and uses
:class:`ScopedQuerySet` as its manager: ``Model.objects.for_user(user)`` returns only what the
user may see, nothing at all by default. Views fetch single objects from that queryset, so an
object of another structure answers 404 (see ``rallye.www.scoping``).
"""

from __future__ import annotations

from typing import Any, ClassVar, Self

from django.db import models

from rallye.organisations.models import Membership, Role, Structure, User


def visible_structures(user: Any) -> models.QuerySet[Structure]:
    """Structures whose data the user may see: their own; every structure of their federation
    for a federation administrator; none for anyone else, evaluators included (default deny)."""
    if not isinstance(user, User) or not user.is_active:
        return Structure.objects.none()
    memberships = Membership.objects.filter(user=user)
    federations = memberships.filter(role=Role.FEDERATION_ADMIN).values("federation")
    own = memberships.filter(structure__isnull=False).values("structure")
    return Structure.objects.filter(models.Q(federation__in=federations) | models.Q(pk__in=own))


ROLE_STRENGTH: tuple[Role, ...] = (Role.READ_ONLY, Role.MEMBER, Role.COORDINATOR, Role.FEDERATION_ADMIN)
"""Roles that open a structure, weakest first. A user who holds several for one structure (a
federation administrator who is also read-only in a structure) acts with the strongest: the
rule is explicit, so the role never depends on how a database engine sorts."""


def role_in(user: Any, structure: Structure) -> Role | None:
    """The user's role for a structure: the strongest of their role in it and of a federation
    administrator's role (held everywhere in the federation); evaluators get none."""
    if not isinstance(user, User) or not user.is_active:
        return None
    held = Membership.objects.filter(user=user).filter(
        models.Q(structure=structure) | models.Q(role=Role.FEDERATION_ADMIN, federation=structure.federation_id)
    )
    roles = [Role(role) for role in held.values_list("role", flat=True) if role in ROLE_STRENGTH]
    return max(roles, key=ROLE_STRENGTH.index, default=None)


class ScopedQuerySet(models.QuerySet[Any]):
    def for_user(self, user: Any) -> Self:
        path: str = self.model.structure_path
        return self.filter(**{f"{path}__in": visible_structures(user)})


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


class StructureScoped(models.Model):
    """Base of every model that belongs to a structure (directly or through a parent)."""

    structure_path: ClassVar[str] = "structure"
    objects = ScopedManager()

    class Meta:
        abstract = True
