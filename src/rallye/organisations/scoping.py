"""The one scoping mechanism for structure data: every query of tenant data goes through it,
and a query made outside any scope is an error (fail closed).

A tenant model derives from :class:`StructureScoped` and names the path from itself to its
structure (``structure_path``). Its default manager limits every query to the structures of the
active scope, and raises :class:`ScopeError` when no scope is active, so that no view, task or
command can forget scoping. Two scopes, side by side:

- the **structure scope** (:func:`visible_structures`): the structures whose data, names
  included, the user may see: their own; every structure of their federation for a federation
  administrator; none for an evaluator. ``rallye.www.middleware.ScopeMiddleware`` opens it for
  every signed-in request; an anonymous request gets no scope at all.
- the **network scope** (:func:`network_structures`): the structure scope plus every structure
  of the federations a user studies as federation administrator or evaluator. Only the network
  pages open it (``www/network/``, the pseudonymised data set), and they show aggregated or
  pseudonymised data only.

A private link opens the scope of the one structure its target belongs to (:func:`link_scope`);
the command line and the background worker act for the operator (:func:`operator_process`).
Inside a scope, ``Model.objects.for_user(user)`` still narrows to what the user may see by name
(a network page that shows a rally's people checks it). The scope's state is django-scopes'
(``scope``, ``scopes_disabled``): tests run their own code under ``scopes_disabled`` while every
request they make is scoped by the middleware.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ClassVar, Self, TypeVar, cast

from django.db import models
from django_scopes import ScopeError, get_scope, scopes_disabled  # type: ignore[import-untyped]
from django_scopes.manager import DisabledQuerySet  # type: ignore[import-untyped]
from django_scopes.state import state  # type: ignore[import-untyped]

from rallye.organisations.models import Membership, Role, Structure, User

__all__ = [
    "ROLE_STRENGTH",
    "ScopeError",
    "ScopedManager",
    "StructureScoped",
    "link_scope",
    "network_scope",
    "network_structures",
    "no_scope",
    "operator_process",
    "role_in",
    "scopes_disabled",
    "structure_scope",
    "visible_structures",
]

DIMENSION = "structure"
"""The one dimension of the scopes: the structures whose data may be read."""


def _active(user: Any) -> bool:
    return isinstance(user, User) and user.is_active


def visible_structures(user: Any) -> models.QuerySet[Structure]:
    """Structures whose data the user may see: their own; every structure of their federation
    for a federation administrator; none for anyone else, evaluators included (default deny)."""
    if not _active(user):
        return Structure.objects.none()
    memberships = Membership.objects.filter(user=user)
    federations = memberships.filter(role=Role.FEDERATION_ADMIN).values("federation")
    own = memberships.filter(structure__isnull=False).values("structure")
    return Structure.objects.filter(models.Q(federation__in=federations) | models.Q(pk__in=own))


def network_federation_ids(user: Any) -> models.QuerySet[Membership, Any]:
    """The federations whose whole network the user studies (administrators and evaluators)."""
    studies = Membership.objects.filter(role__in=(Role.FEDERATION_ADMIN, Role.EVALUATOR))
    return (studies.filter(user=user) if _active(user) else studies.none()).values("federation")


def network_structures(user: Any) -> models.QuerySet[Structure]:
    """The network scope: the user's own structures and every structure of the federations they
    study; what a network page may read (it shows these structures' data pseudonymised)."""
    if not _active(user):
        return Structure.objects.none()
    return Structure.objects.filter(
        models.Q(pk__in=visible_structures(user)) | models.Q(federation__in=network_federation_ids(user))
    )


ROLE_STRENGTH: tuple[Role, ...] = (Role.READ_ONLY, Role.MEMBER, Role.COORDINATOR, Role.FEDERATION_ADMIN)
"""Roles that open a structure, weakest first. A user who holds several for one structure (a
federation administrator who is also read-only in a structure) acts with the strongest: the
rule is explicit, so the role never depends on how a database engine sorts."""


def role_in(user: Any, structure: Structure) -> Role | None:
    """The user's role for a structure: the strongest of their role in it and of a federation
    administrator's role (held everywhere in the federation); evaluators get none."""
    if not _active(user):
        return None
    held = Membership.objects.filter(user=user).filter(
        models.Q(structure=structure) | models.Q(role=Role.FEDERATION_ADMIN, federation=structure.federation_id)
    )
    roles = [Role(role) for role in held.values_list("role", flat=True) if role in ROLE_STRENGTH]
    return max(roles, key=ROLE_STRENGTH.index, default=None)


# -- the scopes --------------------------------------------------------------------------------


@contextmanager
def _exactly(values: dict[str, Any]) -> Iterator[None]:
    """Replace the active scope (never merge with an outer one), and restore it afterwards."""
    token = state.set(values)
    try:
        yield
    finally:
        state.reset(token)


_VISIBLE = "_rallye_visible"
"""Key, in the scope's state, of the user whose structures the scope resolved, with their
primary keys: ``for_user`` of that user then filters on the list instead of a subquery."""


def _ids(structures: models.QuerySet[Structure]) -> list[int]:
    return list(structures.order_by("pk").values_list("pk", flat=True))


def structure_scope(user: Any) -> Any:
    """Every tenant query limited to the structures whose data the user may see.

    The structures are resolved once, when the scope opens (one query): every tenant query of
    the request then filters on a short list of primary keys, instead of compiling and running
    the membership subqueries again (a few milliseconds per query on a busy page). A request
    is short: a membership granted or ended during it applies from the next one."""
    visible = _ids(visible_structures(user))
    return _exactly({"_enabled": True, DIMENSION: visible, _VISIBLE: (user.pk, visible)})


def network_scope(user: Any) -> Any:
    """Every tenant query limited to the user's network (:func:`network_structures`), resolved
    once when the scope opens, as :func:`structure_scope`."""
    visible = _ids(visible_structures(user))
    return _exactly({"_enabled": True, DIMENSION: _ids(network_structures(user)), _VISIBLE: (user.pk, visible)})


def structures_scope(structures: Any) -> Any:
    """Every tenant query limited to the given structures (primary keys or a queryset)."""
    return _exactly({"_enabled": True, DIMENSION: structures})


def no_scope() -> Any:
    """No scope at all: any tenant query raises (anonymous requests)."""
    return _exactly({"_enabled": True})


@contextmanager
def link_scope(model: type[StructureScoped], **lookup: Any) -> Iterator[None]:
    """The scope a private link opens: the one structure of the object it names (found by its
    token), or an empty one (nothing to read) for an unknown link. Whoever holds the link reaches that object,
    as the link says, and nothing of another structure."""
    with scopes_disabled():
        structure = model.objects.filter(**lookup).values_list(model.structure_path, flat=True).first()
    with structures_scope([structure] if structure is not None else []):
        yield


def operator_process() -> None:
    """The command line and the background worker act for the operator, who reaches every
    structure: they run with scopes disabled in their own thread (requests, served by other
    threads, open their own scope in the middleware)."""
    state.set({"_enabled": False})


# -- the tenant models' manager ----------------------------------------------------------------


class ScopedQuerySet(models.QuerySet[Any]):
    def for_user(self, user: Any) -> Self:
        """What the user may see by name (the structure scope's rule, inside any scope)."""
        path: str = self.model.structure_path
        resolved = get_scope().get(_VISIBLE)
        if resolved is not None and _active(user) and resolved[0] == user.pk:
            return self.filter(**{f"{path}__in": resolved[1]})
        return self.filter(**{f"{path}__in": visible_structures(user)})


class _OutOfScope(DisabledQuerySet):  # type: ignore[misc]
    """What a tenant manager returns outside any scope: any use that would read raises."""

    for_user = DisabledQuerySet.error
    exists = DisabledQuerySet.error
    exclude = DisabledQuerySet.error
    in_bulk = DisabledQuerySet.error
    contains = DisabledQuerySet.error
    bulk_update = DisabledQuerySet.error
    select_related = DisabledQuerySet.error
    prefetch_related = DisabledQuerySet.error
    distinct = DisabledQuerySet.error
    explain = DisabledQuerySet.error


_Manager = models.Manager.from_queryset(ScopedQuerySet)
_T = TypeVar("_T", bound=models.Model)


class ScopedManager(_Manager[_T]):
    """The default manager of every tenant model: limited to the active scope's structures."""

    def get_queryset(self) -> ScopedQuerySet:
        current = get_scope()
        queryset = cast(ScopedQuerySet, super().get_queryset())
        if not current.get("_enabled", True):
            return queryset
        if DIMENSION not in current:
            out: ScopedQuerySet = _OutOfScope(self.model, using=self._db, missing_scopes={DIMENSION})
            return out
        return _scoped_base(current, self.model, queryset).all()


_BASES = "_rallye_scoped_bases"
"""Key, in the scope's state, of the querysets already limited to that scope (one per model and
database): building the limit resolves the scope's subquery, about a millisecond; a request that
prefetches thousands of rows asks its related managers for a queryset per row."""


def _scoped_base(current: dict[str, Any], model: type[models.Model], queryset: ScopedQuerySet) -> ScopedQuerySet:
    """``queryset`` limited to the active scope's structures, built once per scope, model and
    database. Never evaluated itself: callers take a copy (``all()``)."""
    structures = current[DIMENSION]
    bases: dict[tuple[type[models.Model], str | None, int], tuple[Any, ScopedQuerySet]] = current.setdefault(_BASES, {})
    key = (model, queryset.db, id(structures))
    cached = bases.get(key)
    if cached is None or cached[0] is not structures:
        path: str = getattr(model, "structure_path")  # noqa: B009 (a tenant model names it)
        cached = (structures, queryset.filter(**{f"{path}__in": structures}))
        bases[key] = cached
    return cached[1]


class StructureScoped(models.Model):
    """Base of every model that belongs to a structure (directly or through a parent)."""

    structure_path: ClassVar[str] = "structure"
    objects = ScopedManager()

    class Meta:
        abstract = True
