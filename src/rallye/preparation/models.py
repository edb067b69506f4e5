"""The retro-planning in the database: the federation's template, each structure's changes to
it, and each rally's own tasks.

Three layers, each copied from the one above only when asked, so that nothing is lost when a
template changes: the federation's template (:class:`FederationTask`, edited by its
administrators for the whole network; the default of ``rallye.retroplanning.template`` until
they edit it), a structure's changes (:class:`StructureTask`: a task of the federation
rewritten or removed, or a task added), and a rally's tasks (:class:`RallyTask`), copied from
its structure's template when the rally is prepared and then the rally's own (moved, added,
assigned, ticked; a later template change never reaches them).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from rallye.organisations.models import Federation, Structure
from rallye.organisations.scoping import StructureScoped
from rallye.rallies.models import Rally, RallyPart
from rallye.retroplanning.template import Phase

PHASE_CHOICES = [(phase.value, f"{phase.number}. {phase.label}") for phase in Phase]


class TaskFields(models.Model):
    """What a template task says (``rallye.retroplanning.template.TaskTemplate``)."""

    key = models.SlugField("identifiant", max_length=60)
    title = models.CharField("tâche", max_length=200)
    phase = models.CharField("phase", max_length=16, choices=PHASE_CHOICES)
    offset_days = models.SmallIntegerField(
        "jours par rapport au premier jour", help_text="négatif : avant le rallye (−21 : trois semaines avant)"
    )
    milestone = models.BooleanField("jalon", default=False)
    fixed_date = models.BooleanField(
        "date fixe", default=False, help_text="une réservation : la date ne suit pas le rallye quand il est déplacé"
    )
    pathway_only = models.BooleanField("seulement pour un rallye inscrit dans un parcours", default=False)
    tips = models.JSONField("conseils", default=list, blank=True)
    description = models.TextField("précisions", blank=True)

    class Meta:
        abstract = True


class FederationTask(TaskFields):
    """A task of a federation's template (federation data: no structure, edited by its
    administrators)."""

    federation = models.ForeignKey(Federation, on_delete=models.CASCADE, related_name="preparation_tasks")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "tâche du modèle de la fédération"
        ordering = ("offset_days", "position", "pk")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("federation", "key"), name="federation_task_key_unique")
        ]

    def __str__(self) -> str:
        return self.title


class StructureTask(StructureScoped, TaskFields):
    """A structure's change to its federation's template: the task of the same ``key``
    rewritten, or removed (``removed``), or a task of its own."""

    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="preparation_tasks")
    removed = models.BooleanField("retirée du modèle de la structure", default=False)

    class Meta:
        verbose_name = "tâche du modèle de la structure"
        ordering = ("offset_days", "pk")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("structure", "key"), name="structure_task_key_unique")
        ]

    def __str__(self) -> str:
        return self.title


class Preparation(RallyPart):
    """A rally's preparation: whether it is part of a longer pathway, and the first day its
    tasks are dated from (a programme that starts on another day moves them)."""

    rally = models.OneToOneField(Rally, on_delete=models.CASCADE, related_name="preparation")
    pathway = models.BooleanField(
        "rallye inscrit dans un parcours",
        default=False,
        help_text="environ trois semaines d'accompagnement avant, un mois d'accompagnement intensif vers "
        "l'entreprise après",
    )
    first_day = models.DateField("premier jour du rallye")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "préparation"


class RallyTask(RallyPart):
    rally = models.ForeignKey(Rally, on_delete=models.CASCADE, related_name="tasks")
    key = models.CharField("tâche du modèle", max_length=60, blank=True)
    """The template task it was copied from; « » for a task added to the rally."""
    title = models.CharField("tâche", max_length=200)
    phase = models.CharField("phase", max_length=16, choices=PHASE_CHOICES)
    due = models.DateField("pour le")
    milestone = models.BooleanField("jalon", default=False)
    fixed_date = models.BooleanField(
        "date fixe", default=False, help_text="une réservation : la date ne suit pas le rallye quand il est déplacé"
    )
    to_check = models.BooleanField("à vérifier", default=False)
    """A fixed date that stayed where it was while the rally moved."""
    pathway_only = models.BooleanField(default=False, editable=False)
    tips = models.JSONField("conseils", default=list, blank=True)
    description = models.TextField("précisions", blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="preparation_tasks",
        verbose_name="responsable",
    )
    done_at = models.DateTimeField("faite le", null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "tâche de préparation"
        ordering = ("due", "pk")

    def __str__(self) -> str:
        return self.title

    @property
    def done(self) -> bool:
        return self.done_at is not None

    @property
    def phase_enum(self) -> Phase:
        return Phase(self.phase)
