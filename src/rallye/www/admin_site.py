"""Django's admin site is for the operator (superusers) and federation administrators who are
staff; nobody else."""

from __future__ import annotations

from django.http import HttpRequest

from rallye.organisations.perms import is_federation_admin


def federation_admin_only(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_staff and (user.is_superuser or is_federation_admin(user)))
