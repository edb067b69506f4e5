"""The repertoire of challenges (``/defis/``): the network's, curated by the federation's
administrators, and each structure's own, which it may share with the network; structures rate
the network's challenges after using them. Who may do what: ``organisations.perms``
(``can_curate_challenges``, ``can_edit``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from rallye.challenges.models import NetworkChallenge, OwnChallenge, VisitChallenge
from rallye.challenges.services import Refused, Usage, log_network_change, network_usage, own_usage, rate, share
from rallye.domain.challenges import KIND_LABELS, SECTOR_LABELS, ChallengeKind
from rallye.organisations.models import Federation, Structure
from rallye.organisations.perms import can_curate_challenges, can_edit, editable_structures
from rallye.organisations.scoping import visible_structures
from rallye.www.challenges.forms import NetworkChallengeForm, OwnChallengeForm, RatingForm


def federations_of(user: Any) -> QuerySet[Federation]:
    """The federations whose repertoire the user reads: those of their structures."""
    return Federation.objects.filter(structures__in=visible_structures(user)).distinct()


def _filtered(rows: Any, kind: str, sector: str) -> Any:
    if kind in {k.value for k in ChallengeKind}:
        rows = [r for r in rows if r.kind == kind]
    if sector in SECTOR_LABELS:
        rows = [r for r in rows if not r.sectors or sector in r.sectors]
    return rows


class RepertoireView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        federations = list(federations_of(user))
        kind = request.GET.get("type", "")
        sector = request.GET.get("secteur", "")
        curated = {f.pk for f in federations if can_curate_challenges(user, f)}
        network = NetworkChallenge.objects.filter(federation__in=federations).select_related("shared_by")
        network = network.order_by("withdrawn", "title", "pk")
        if not curated:
            network = network.filter(withdrawn=False)
        usage: dict[int, Usage] = {}
        for federation in federations:
            usage.update(network_usage(federation.pk))
        editable = list(editable_structures(user).filter(pk__in=visible_structures(user)))
        used_by_mine = set(
            VisitChallenge.objects.filter(rally__structure__in=editable, network__isnull=False).values_list(
                "network", flat=True
            )
        )
        own = OwnChallenge.objects.for_user(user).select_related("structure", "shared")
        own_used: dict[int, int] = {}
        for structure in visible_structures(user):
            own_used.update(own_usage(structure))
        network_rows = [
            {
                "challenge": c,
                "usage": usage.get(c.pk, Usage()),
                "may_rate": c.pk in used_by_mine,
                "curate": c.federation_id in curated,
            }
            for c in _filtered(list(network), kind, sector)
        ]
        own_rows = [
            {"challenge": c, "usage": Usage(own_used.get(c.pk, 0)), "can_edit": can_edit(user, c.structure)}
            for c in _filtered(list(own), kind, sector)
        ]
        context = {
            "network": network_rows,
            "own": own_rows,
            "kinds": [(k.value, label) for k, label in KIND_LABELS.items()],
            "sectors": list(SECTOR_LABELS.items()),
            "kind": kind,
            "sector": sector,
            "curate": bool(curated),
            "can_add": bool(editable),
            "rating_form": RatingForm(),
            "rating_structures": editable,
            "several": len(list(visible_structures(user))) > 1,
        }
        return render(request, "www/challenges/repertoire.html", context)


def _curated(request: HttpRequest, challenge: NetworkChallenge) -> None:
    if not can_curate_challenges(request.user, challenge.federation):
        raise PermissionDenied("Seule la fédération modifie le répertoire du réseau.")


class NetworkChallengeFormView(View):
    """Add or change a challenge of the network's repertoire (the federation's administrators)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if "challenge" in kwargs:
            self.challenge = get_object_or_404(
                NetworkChallenge.objects.filter(federation__in=federations_of(request.user)), pk=kwargs["challenge"]
            )
            _curated(request, self.challenge)
        else:
            federation = next((f for f in federations_of(request.user) if can_curate_challenges(request.user, f)), None)
            if federation is None:
                raise PermissionDenied("Seule la fédération ajoute des défis au répertoire du réseau.")
            self.challenge = NetworkChallenge(federation=federation)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, **_: Any) -> HttpResponse:
        return self._page(request, NetworkChallengeForm(instance=self.challenge))

    def post(self, request: HttpRequest, **_: Any) -> HttpResponse:
        form = NetworkChallengeForm(request.POST, instance=self.challenge)
        if not form.is_valid():
            return self._page(request, form, status=400)
        created = self.challenge.pk is None
        changed = [str(form.fields[name].label) for name in form.changed_data]
        with transaction.atomic():
            form.save()
            summary = "ajouté au répertoire" if created else "modifié : " + ", ".join(changed).lower()
            log_network_change(self.challenge, request.user, summary)
        messages.success(request, f"Défi « {self.challenge.title} » enregistré dans le répertoire du réseau.")
        return redirect("challenges:repertoire")

    def _page(self, request: HttpRequest, form: Any, status: int = 200) -> HttpResponse:
        title = "Modifier un défi du réseau" if self.challenge.pk else "Ajouter un défi au répertoire du réseau"
        changes = self.challenge.changes.all()[:20] if self.challenge.pk else []
        context = {"form": form, "title": title, "changes": changes}
        return render(request, "www/challenges/form.html", context, status=status)


class WithdrawView(View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, challenge: int) -> HttpResponse:
        found = get_object_or_404(
            NetworkChallenge.objects.filter(federation__in=federations_of(request.user)), pk=challenge
        )
        _curated(request, found)
        found.withdrawn = not found.withdrawn
        with transaction.atomic():
            found.save(update_fields=["withdrawn", "updated_at"])
            log_network_change(
                found, request.user, "retiré du répertoire" if found.withdrawn else "remis dans le répertoire"
            )
        if found.withdrawn:
            messages.success(
                request, f"« {found.title} » est retiré : il ne sera plus choisi pour de nouvelles visites."
            )
        else:
            messages.success(request, f"« {found.title} » est de nouveau dans le répertoire du réseau.")
        return redirect("challenges:repertoire")


class OwnChallengeFormView(View):
    """Add or change one of the structure's own challenges."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.structures = list(editable_structures(request.user).filter(pk__in=visible_structures(request.user)))
        if "challenge" in kwargs:
            self.challenge = get_object_or_404(OwnChallenge.objects.for_user(request.user), pk=kwargs["challenge"])
            if not can_edit(request.user, self.challenge.structure):
                raise PermissionDenied("Votre rôle dans cette structure ne permet que la consultation.")
        else:
            if not self.structures:
                raise PermissionDenied("Vous ne pouvez ajouter de défi pour aucune structure.")
            self.challenge = OwnChallenge()
        return super().dispatch(request, *args, **kwargs)

    def _structure(self, request: HttpRequest) -> Structure | None:
        if self.challenge.pk:
            structure: Structure = self.challenge.structure
            return structure
        wanted = request.POST.get("structure", "")
        if len(self.structures) == 1:
            return self.structures[0]
        return next((s for s in self.structures if str(s.pk) == wanted), None)

    def get(self, request: HttpRequest, **_: Any) -> HttpResponse:
        return self._page(request, OwnChallengeForm(instance=self.challenge))

    def post(self, request: HttpRequest, **_: Any) -> HttpResponse:
        form = OwnChallengeForm(request.POST, instance=self.challenge)
        structure = self._structure(request)
        if structure is None:
            form.add_error(None, "Choisissez la structure à qui ce défi appartient.")
        if not form.is_valid() or structure is None:
            return self._page(request, form, status=400)
        challenge = form.save(commit=False)
        challenge.structure = structure
        challenge.save()
        if challenge.shared is not None:
            share(challenge, request.user)
        messages.success(request, f"Défi « {challenge.title} » enregistré pour {structure.name}.")
        return redirect("challenges:repertoire")

    def _page(self, request: HttpRequest, form: Any, status: int = 200) -> HttpResponse:
        title = "Modifier un défi de votre structure" if self.challenge.pk else "Ajouter un défi de votre structure"
        context = {
            "form": form,
            "title": title,
            "structures": self.structures if not self.challenge.pk and len(self.structures) > 1 else [],
        }
        return render(request, "www/challenges/form.html", context, status=status)


class ShareView(View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, challenge: int) -> HttpResponse:
        own = get_object_or_404(OwnChallenge.objects.for_user(request.user), pk=challenge)
        if not can_edit(request.user, own.structure):
            raise PermissionDenied("Votre rôle dans cette structure ne permet que la consultation.")
        share(own, request.user)
        messages.success(
            request, f"« {own.title} » est partagé avec le réseau : les autres structures peuvent l'utiliser."
        )
        return redirect("challenges:repertoire")


class RateView(View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, challenge: int) -> HttpResponse:
        found = get_object_or_404(
            NetworkChallenge.objects.filter(federation__in=federations_of(request.user)), pk=challenge
        )
        structures = list(editable_structures(request.user).filter(pk__in=visible_structures(request.user)))
        wanted = request.POST.get("structure", "")
        structure = (
            structures[0] if len(structures) == 1 else next((s for s in structures if str(s.pk) == wanted), None)
        )
        if structure is None:
            if not structures:
                raise PermissionDenied("Votre rôle ne permet pas de noter les défis.")
            messages.error(request, "Choisissez la structure au nom de laquelle vous notez ce défi.")
            return redirect("challenges:repertoire")
        form = RatingForm(request.POST)
        if not form.is_valid():
            messages.error(request, f"« {found.title} » : choisissez une note de 1 à 5.")
            return redirect("challenges:repertoire")
        try:
            rate(structure, found, form.cleaned_data["stars"], form.cleaned_data["comment"], request.user)
        except Refused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"Merci : la note de {structure.name} pour « {found.title} » est enregistrée.")
        return redirect("challenges:repertoire")
