"""Sending the questionnaires' links to a rally's participants (« Envoyer les liens »), sending a
failed message again, and the printable sheet of QR codes for those who receive no message."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from rallye.domain import french
from rallye.domain.questionnaires import PHASE_LABELS, Phase
from rallye.evaluation.models import Questionnaire
from rallye.links.services import current, link_url, qr_data_uri
from rallye.messaging.convocations import PURPOSE as CONVOCATION
from rallye.messaging.models import Message
from rallye.messaging.questionnaire_links import PHASE_WORDS, recipients, send_links
from rallye.messaging.services import send_again
from rallye.www.evaluation.base import EvaluationMixin
from rallye.www.evaluation.wording import who

PHASES = {"avant": Phase.BEFORE, "apres": Phase.AFTER}
"""The phase in the URL → the questionnaires sent."""


def phase_of(slug: str) -> Phase:
    if slug not in PHASES:
        raise Http404("Questionnaire inconnu : « avant » ou « après » le rallye.")
    return PHASES[slug]


class SendLinksView(EvaluationMixin):
    section = "questionnaires"
    edit_only = True

    def post(self, request: HttpRequest, pk: int, phase: str) -> HttpResponse:
        chosen = phase_of(phase)
        done = send_links(self.rally, chosen, request.user, request)
        label = PHASE_WORDS[chosen]
        if done.queued:
            messages.success(
                request,
                f"{french.count(done.queued, 'message part', 'messages partent')} avec le lien du questionnaire"
                f" {label} ; leur état s'affiche dans le tableau.",
            )
        else:
            messages.info(request, f"Aucun nouveau message à envoyer pour le questionnaire {label}.")
        if done.already:
            messages.info(
                request, f"{french.count(done.already, 'personne avait', 'personnes avaient')} déjà reçu le lien."
            )
        if done.not_sent:
            messages.warning(
                request,
                f"{french.count(len(done.not_sent), 'personne ne reçoit', 'personnes ne reçoivent')} pas de message "
                "(raisons dans la feuille des QR codes à imprimer).",
            )
        return redirect("evaluation:questionnaires", pk=self.rally.pk)


class SendAgainView(EvaluationMixin):
    section = "questionnaires"
    edit_only = True

    def post(self, request: HttpRequest, pk: int, message: int) -> HttpResponse:
        about_rally = Message.objects.filter(Q(questionnaire__rally=self.rally) | Q(rally=self.rally))
        found = get_object_or_404(about_rally, pk=message)
        if send_again(found):
            messages.success(request, f"Le message à {found.recipient} repart.")
        else:
            messages.info(request, "Ce message n'était pas en échec : rien n'a changé.")
        if found.purpose == CONVOCATION:
            return redirect("messaging:convocations", pk=self.rally.pk)
        return redirect("evaluation:questionnaires", pk=self.rally.pk)


class QrSheetView(EvaluationMixin):
    """The people who receive no message for a phase, each with the QR code of their link, to print
    and hand out (or to enter their answers on paper)."""

    section = "questionnaires"
    edit_only = True

    def get(self, request: HttpRequest, pk: int, phase: str) -> HttpResponse:
        chosen = phase_of(phase)
        rows = []
        for recipient in recipients(self.rally, chosen):
            if recipient.channel is not None:
                continue
            url = link_url(recipient.link, request) if recipient.link is not None else ""
            rows.append({"recipient": recipient, "url": url, "qr": qr_data_uri(url) if url else ""})
        context = self.evaluation_context(rows=rows, phase_label=PHASE_WORDS[chosen])
        return render(request, "www/evaluation/qr_sheet.html", context)


class AllLinksSheetView(EvaluationMixin):
    """Every questionnaire link of the rally that still opens, with its QR code, to print: for
    the closing, where everyone scans theirs, or to hand each person their own sheet."""

    section = "questionnaires"
    edit_only = True

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        now = timezone.now()
        found = (
            Questionnaire.objects.for_user(request.user)
            .filter(rally=self.rally, answers__isnull=True)
            .select_related("participant", "company")
            .prefetch_related("links")
            .order_by("phase", "participant__code", "company__code")
        )
        groups: dict[str, list[dict[str, str]]] = {}
        for questionnaire in found:
            link = current(questionnaire.links.all())
            if link is None or link.revoked or link.expired(now):
                continue
            if questionnaire.participant is not None and questionnaire.participant.anonymised_at is not None:
                continue
            url = link_url(link, request)
            groups.setdefault(PHASE_LABELS[Phase(questionnaire.phase)], []).append(
                {"who": who(questionnaire), "qr": qr_data_uri(url)}
            )
        return render(request, "www/evaluation/qr_all.html", self.evaluation_context(groups=groups))
