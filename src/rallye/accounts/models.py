"""An invitation to join a structure with a role, sent by e-mail as a private link."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from rallye.organisations.models import Role, Structure
from rallye.organisations.scoping import StructureScoped

INVITED_ROLES = (Role.COORDINATOR, Role.MEMBER, Role.READ_ONLY)
"""The roles one is invited to in a structure (federation roles are given by the operator)."""


class Invitation(StructureScoped):
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField("adresse e-mail")
    role = models.CharField("rôle", max_length=20, choices=[(r.value, r.label) for r in INVITED_ROLES])
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("invité le", auto_now_add=True)
    accepted_at = models.DateTimeField("acceptée le", null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "invitation"
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"{self.email} ({self.get_role_display()})"

    @property
    def accepted(self) -> bool:
        return self.accepted_at is not None
