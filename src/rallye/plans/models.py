"""Plan versions: one per solve (or re-planning), whatever its outcome."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from rallye.organisations.scoping import StructureScoped
from rallye.rallies.models import Rally


class PlanKind(models.TextChoices):
    PLAN = "plan", "Calcul du planning"
    REOPTIMISE = "reoptimise", "Ré-optimisation autour des verrous"
    REPLAN = "replan", "Nouveau calcul le jour même"
    MANUAL = "manual", "Modification à la main"


class PlanState(models.TextChoices):
    QUEUED = "queued", "En attente"
    RUNNING = "running", "Calcul en cours"
    SUCCEEDED = "succeeded", "Réussi"
    FAILED = "failed", "Échec"


class PlanVersion(StructureScoped):
    structure_path: ClassVar[str] = "rally__structure"

    rally = models.ForeignKey(Rally, on_delete=models.CASCADE, related_name="plan_versions")
    number = models.PositiveIntegerField("version")
    kind = models.CharField("type", max_length=12, choices=PlanKind.choices, default=PlanKind.PLAN)
    state = models.CharField("état", max_length=10, choices=PlanState.choices, default=PlanState.QUEUED)
    is_current = models.BooleanField("planning en vigueur", default=False)
    based_on = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField("calcul commencé le", null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    time_limit = models.FloatField("temps de calcul (s)", default=30.0)
    absent = models.JSONField("absents", default=list, blank=True)
    cancelled = models.JSONField("entreprises retirées", default=list, blank=True)
    content = models.JSONField("planning (rallye-plan/1)", null=True, blank=True)
    progress = models.JSONField("progression", default=dict, blank=True)
    message = models.TextField("message", blank=True)

    class Meta:
        verbose_name = "version de planning"
        ordering = ("-number",)
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("rally", "number"), name="plan_version_number_unique"),
            models.UniqueConstraint(
                fields=("rally",), condition=models.Q(is_current=True), name="one_current_plan_per_rally"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rally} — version {self.number}"

    @property
    def finished(self) -> bool:
        return self.state in (PlanState.SUCCEEDED, PlanState.FAILED)

    def reasons(self) -> list[str]:
        return [line for line in self.message.splitlines() if line.strip()]

    def summary(self) -> dict[str, Any]:
        return {
            "id": self.pk,
            "number": self.number,
            "state": self.state,
            "state_label": self.get_state_display(),
            "is_current": self.is_current,
            "progress": self.progress,
            "reasons": self.reasons(),
        }
