"""The federation, its member structures, and who works in them with which role."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models


class Federation(models.Model):
    name = models.CharField("nom", max_length=200)

    class Meta:
        verbose_name = "fédération"

    def __str__(self) -> str:
        return self.name


class StructureKind(models.TextChoices):
    MIFE = "mife", "MIFE (maison de l'information sur la formation et l'emploi)"
    SIAE_NETWORK = "siae_network", "Réseau de structures d'insertion (SIAE)"
    CREPI = "crepi", "Club CREPI"
    OTHER = "other", "Autre structure"


class Structure(models.Model):
    """A member structure that organises rallies; all its data is visible to its members only."""

    federation = models.ForeignKey(Federation, on_delete=models.PROTECT, related_name="structures")
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type", max_length=20, choices=StructureKind.choices, default=StructureKind.OTHER)
    territory = models.CharField("territoire", max_length=200, blank=True)
    retention_months = models.PositiveSmallIntegerField(
        "durée de conservation des données personnelles (mois après le suivi à 6 mois)", default=24
    )

    class Meta:
        verbose_name = "structure"
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        return self.create_user(email, password, is_staff=True, is_superuser=True, **extra)


class User(AbstractUser):
    """A person who logs in with an e-mail address."""

    username = None  # type: ignore[assignment]
    email = models.EmailField("adresse e-mail", unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = "utilisateur"


class Role(models.TextChoices):
    FEDERATION_ADMIN = "federation_admin", "Administrateur de la fédération"
    COORDINATOR = "coordinator", "Coordinateur de la structure"
    MEMBER = "member", "Membre de la structure"
    READ_ONLY = "read_only", "Lecture seule"
    EVALUATOR = "evaluator", "Évaluateur (données pseudonymisées)"


FEDERATION_ROLES = (Role.FEDERATION_ADMIN, Role.EVALUATOR)
"""Roles held for the whole federation, not in one structure."""


class Membership(models.Model):
    """A user's role in a structure, or in the whole federation (administrators, evaluators).

    Evaluators see no structure's data through the usual scoping (``for_user``): they reach
    the federation's rallies only through the pseudonymised pages (``rallye.evaluation``)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    federation = models.ForeignKey(Federation, on_delete=models.CASCADE, related_name="memberships")
    structure = models.ForeignKey(
        Structure, on_delete=models.CASCADE, related_name="memberships", null=True, blank=True
    )
    role = models.CharField("rôle", max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = "appartenance"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=(models.Q(role__in=("federation_admin", "evaluator"), structure__isnull=True))
                | (~models.Q(role__in=("federation_admin", "evaluator")) & models.Q(structure__isnull=False)),
                name="federation_roles_have_no_structure",
            ),
            models.UniqueConstraint(fields=("user", "structure"), name="one_role_per_structure"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.structure or self.federation}"
