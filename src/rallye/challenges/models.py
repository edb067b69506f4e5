"""The challenges' repertoires and what a rally does with them.

- :class:`NetworkChallenge` is **federation data** (like ``organisations.Membership``: a foreign
  key to the federation, no structure scope): the network's repertoire, curated by the
  federation's administrators, started from Rallye's starter repertoire, enriched by the
  challenges structures share.
- :class:`OwnChallenge` is a structure's own challenge (scoped); sharing it copies it into the
  network's repertoire (``shared``), which the federation may then withdraw.
- :class:`ChallengeRating`: a structure's rating of a network challenge after using it (scoped;
  the network sees only the average and the count, :func:`rallye.challenges.services.usage`).
- :class:`VisitChallenge`: the challenge of one visit of a rally (team code, company code), a copy
  of the repertoire's text taken when it was chosen, so that editing the repertoire never
  changes a printed roadbook; the organiser may edit it (``edited``). The row whose codes are
  both empty is the rally's ice-breaker activity.
- :class:`VisitResult`: what a team achieved at a visit (score bounded by the challenge's
  ``max_points``), written by the organiser or by the accompanier's phone.
- :class:`BonusPoints` given by the organisers, with a reason; :class:`Prize` (« lot ») and
  its donor company, shown as a partner at the closing.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from rallye.domain.challenges import KIND_LABELS, MAX_POINTS, SECTOR_LABELS, Challenge, ChallengeKind
from rallye.organisations.models import Federation, Structure
from rallye.organisations.scoping import StructureScoped
from rallye.rallies.models import Rally

KIND_CHOICES = [(kind.value, label) for kind, label in KIND_LABELS.items()]


class ChallengeFields(models.Model):
    """What a challenge says (shared by the repertoires and the copy kept for a visit)."""

    title = models.CharField("titre", max_length=120)
    instructions = models.TextField("ce que fait l'équipe")
    check_text = models.TextField("ce que vérifie l'hôte ou l'accompagnateur")
    kind = models.CharField("type de défi", max_length=20, choices=KIND_CHOICES, default=ChallengeKind.QUESTION)
    sectors = models.JSONField("secteurs", default=list, blank=True)
    """NAF section letters (``rallye.domain.challenges.SECTOR_LABELS``); empty: every sector."""
    minutes = models.PositiveSmallIntegerField(
        "durée (min)", default=10, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    materials = models.CharField("matériel", max_length=300, blank=True)
    max_points = models.PositiveSmallIntegerField(
        "points au plus", default=10, validators=[MaxValueValidator(MAX_POINTS)]
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    @property
    def sector_labels(self) -> list[str]:
        return [SECTOR_LABELS[s] for s in sorted(self.sectors or ()) if s in SECTOR_LABELS]

    def as_challenge(self, key: str) -> Challenge:
        return Challenge(
            key=key,
            title=self.title,
            instructions=self.instructions,
            check=self.check_text,
            kind=ChallengeKind(self.kind),
            sectors=frozenset(self.sectors or ()),
            minutes=self.minutes,
            materials=self.materials,
            max_points=self.max_points,
        )


class NetworkChallenge(ChallengeFields):
    """A challenge of the federation's repertoire (federation data, read by every structure)."""

    federation = models.ForeignKey(Federation, on_delete=models.CASCADE, related_name="challenges")
    starter_key = models.CharField(max_length=60, blank=True)
    """The starter repertoire's key it was loaded from (loading again adds only what is missing)."""
    shared_by = models.ForeignKey(
        Structure, on_delete=models.SET_NULL, null=True, blank=True, related_name="shared_challenges"
    )
    withdrawn = models.BooleanField("retiré du répertoire", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "défi du réseau"
        verbose_name_plural = "défis du réseau"
        ordering = ("title", "pk")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=("federation", "starter_key"),
                condition=~models.Q(starter_key=""),
                name="one_starter_challenge_per_federation",
            )
        ]

    @property
    def key(self) -> str:
        return f"network:{self.pk}"


class NetworkChallengeChange(models.Model):
    """Who changed the network's repertoire, and how (federation data, like the repertoire)."""

    challenge = models.ForeignKey(NetworkChallenge, on_delete=models.CASCADE, related_name="changes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    author_name = models.CharField(max_length=200, blank=True)
    summary = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "modification du répertoire du réseau"
        ordering = ("-created_at", "-pk")


class OwnChallenge(StructureScoped, ChallengeFields):
    """A challenge a structure wrote for its rallies."""

    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="own_challenges")
    shared = models.OneToOneField(
        NetworkChallenge, on_delete=models.SET_NULL, null=True, blank=True, related_name="original"
    )
    """Its copy in the network's repertoire, once shared."""
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "défi de la structure"
        verbose_name_plural = "défis de la structure"
        ordering = ("title", "pk")

    @property
    def key(self) -> str:
        return f"own:{self.pk}"


class ChallengeRating(StructureScoped):
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="challenge_ratings")
    challenge = models.ForeignKey(NetworkChallenge, on_delete=models.CASCADE, related_name="ratings")
    stars = models.PositiveSmallIntegerField("note", validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.CharField("commentaire", max_length=300, blank=True)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "note d'un défi"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("structure", "challenge"), name="one_rating_per_structure"),
            models.CheckConstraint(condition=models.Q(stars__gte=1, stars__lte=5), name="rating_from_1_to_5"),
        ]


class VisitChallenge(StructureScoped, ChallengeFields):
    structure_path: ClassVar[str] = "rally__structure"
    rally = models.ForeignKey(Rally, on_delete=models.CASCADE, related_name="visit_challenges")
    team_code = models.CharField(max_length=40, blank=True)
    company_code = models.CharField(max_length=40, blank=True)
    network = models.ForeignKey(NetworkChallenge, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    own = models.ForeignKey(OwnChallenge, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    source_key = models.CharField(max_length=60, blank=True)
    """The repertoire's key it was copied from (« starter:… », « network:12 », « own:3 »)."""
    edited = models.BooleanField("modifié par l'organisateur", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "défi d'une visite"
        verbose_name_plural = "défis des visites"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("rally", "team_code", "company_code"), name="one_challenge_per_visit")
        ]

    @property
    def is_icebreaker(self) -> bool:
        return not self.team_code and not self.company_code


class ResultSource(models.TextChoices):
    ORGANISER = "organiser", "Organisateur"
    ACCOMPANIER = "accompanier", "Accompagnateur"


class VisitResult(StructureScoped):
    """What a team achieved at one visit. ``score`` is at most the visit challenge's ``max_points``
    (``services.record_result`` refuses more)."""

    structure_path: ClassVar[str] = "rally__structure"
    rally = models.ForeignKey(Rally, on_delete=models.CASCADE, related_name="visit_results")
    team_code = models.CharField(max_length=40)
    company_code = models.CharField(max_length=40)
    score = models.PositiveSmallIntegerField("points", validators=[MaxValueValidator(MAX_POINTS)])
    result_text = models.TextField("résultat", blank=True)
    recorded_at = models.DateTimeField("noté le")
    source = models.CharField("noté par", max_length=20, choices=ResultSource.choices, default=ResultSource.ORGANISER)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        verbose_name = "résultat d'une visite"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("rally", "team_code", "company_code"), name="one_result_per_visit"),
            models.CheckConstraint(condition=models.Q(score__lte=MAX_POINTS), name="score_at_most_max"),
        ]


class BonusPoints(StructureScoped):
    structure_path: ClassVar[str] = "rally__structure"
    rally = models.ForeignKey(Rally, on_delete=models.CASCADE, related_name="bonus_points")
    team_code = models.CharField(max_length=40)
    points = models.PositiveSmallIntegerField(
        "points", validators=[MinValueValidator(1), MaxValueValidator(MAX_POINTS)]
    )
    reason = models.CharField("raison", max_length=200)
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "points en plus"
        verbose_name_plural = "points en plus"
        ordering = ("created_at", "pk")


class Prize(StructureScoped):
    structure_path: ClassVar[str] = "rally__structure"
    rally = models.ForeignKey(Rally, on_delete=models.CASCADE, related_name="prizes")
    name = models.CharField("lot", max_length=200)
    donor = models.CharField("offert par (entreprise)", max_length=200)
    team_code = models.CharField("remis à l'équipe", max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "lot"
        ordering = ("created_at", "pk")

    def __str__(self) -> str:
        return self.name
