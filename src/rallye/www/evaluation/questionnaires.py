"""The questionnaires of a rally for staff: each person's private links (to copy, or as a QR code
to scan with a phone), what is filled and by whom, and filling one in for someone. A questionnaire
about the rally says when it opens, and takes no answers before (``services.closed_reason``);
people who did not take part have no « après » questionnaire. Each link says whether it was
opened, until when it works, and staff who hand links out can deactivate one (``rallye.links``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from rallye.domain import french
from rallye.domain.questionnaires import InvalidAnswers, Phase
from rallye.evaluation.models import Questionnaire
from rallye.evaluation.private_links import link_expiry, rally_link_expiry, reissue_questionnaire_link
from rallye.evaluation.records import rally_dates, took_part
from rallye.evaluation.services import (
    AlreadyFilled,
    QuestionnaireClosed,
    closed_reason,
    prepare_questionnaires,
    questionnaire_closed,
    submit_answers,
)
from rallye.links.models import PrivateLink
from rallye.links.perms import can_hand_out
from rallye.links.services import current, link_state, link_url, qr_data_uri, revoke
from rallye.messaging.models import Message
from rallye.messaging.questionnaire_links import PHASE_WORDS
from rallye.www.evaluation.answers_form import question_blocks, submitted
from rallye.www.evaluation.base import EvaluationMixin
from rallye.www.evaluation.sending import PHASES
from rallye.www.evaluation.wording import closed_sentence, problems_sentence, who
from rallye.www.messaging.states import message_state


@dataclass(frozen=True)
class LinkCell:
    """One questionnaire in the table: its state, and its private link while it is not filled
    (``url`` is empty for users who may not hand links out, and for a link that no longer opens).
    ``closed``: why it takes no answers yet (the link can still be handed out: it says when it
    opens). ``link_state``: opened or not, until when, deactivated or expired."""

    questionnaire: Questionnaire
    url: str
    closed: QuestionnaireClosed | None = None
    link: PrivateLink | None = None
    link_state: str = ""

    @property
    def qr(self) -> str:
        return qr_data_uri(self.url)

    @property
    def message(self) -> Message | None:
        """The last message that carried the link (prefetched, newest first)."""
        return next(iter(self.questionnaire.messages.all()), None)

    @property
    def message_state(self) -> str:
        """« lien envoyé par SMS le 7 décembre 2026 », « envoi… en attente », « échec de l'envoi… »."""
        return message_state(self.message, "lien envoyé")

    @property
    def link_open(self) -> bool:
        """Whether the link still opens (neither deactivated nor expired)."""
        return self.link is not None and not self.link.revoked and not self.link.expired(timezone.now())

    @property
    def state(self) -> str:
        if self.closed is not None and not self.questionnaire.filled:
            return opening_state(self.closed)
        return filled_state(self.questionnaire)


def opening_state(closed: QuestionnaireClosed) -> str:
    """« s'ouvre le 19 mars 2027, dernier jour du rallye »."""
    if closed.opens_on is None:
        return "s'ouvrira le dernier jour du rallye (pas encore de dates)"
    return f"s'ouvre le {french.date(closed.opens_on)}, dernier jour du rallye"


def filled_state(questionnaire: Questionnaire) -> str:
    """« rempli le 3 avril 2027, par la personne » / « saisi le …, par … » / « pas encore rempli »."""
    if questionnaire.submitted_at is None:
        return "pas encore rempli"
    day = french.day_long(timezone.localdate(questionnaire.submitted_at))
    by = questionnaire.entered_by
    if by is None:
        return f"rempli le {day}, par la personne"
    return f"saisi le {day}, par {by.get_full_name() or by.email}"


class QuestionnairesView(EvaluationMixin):
    section = "questionnaires"
    links_end: dt.datetime | None = None
    """When the rally's questionnaire links end, from its dates today."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        found = (
            Questionnaire.objects.for_user(request.user)
            .filter(rally=self.rally)
            .select_related("participant", "company", "entered_by")
            .prefetch_related(
                Prefetch("links", queryset=PrivateLink.objects.select_related("revoked_by")),
                Prefetch("messages", queryset=Message.objects.order_by("-created_at", "-pk")),
            )
        )
        last_day, today = rally_dates(self.rally).last_day, timezone.localdate()
        self.links_end = link_expiry(last_day)
        participating = set(took_part(self.rally).values_list("pk", flat=True))
        cells = {
            (q.participant_id or q.company_id, q.phase): self.cell(
                q, closed_reason(Phase(q.phase), last_day, today, participated=q.participant_id in participating)
            )
            for q in found
        }
        people = [
            (p, cells.get((p.pk, Phase.BEFORE.value)), cells.get((p.pk, Phase.AFTER.value)), p.pk in participating)
            for p in self.rally.participants.all()
        ]
        companies = [(c, cells.get((c.pk, Phase.COMPANY.value))) for c in self.rally.companies.all()]
        missing = sum(1 for _, before, _, _ in people if before is None)
        missing += sum(1 for _, _, after, participated in people if participated and after is None)
        missing += sum(1 for _, cell in companies if cell is None)
        context = self.evaluation_context(
            people=people,
            companies=companies,
            prepared=bool(cells),
            missing=french.count(missing, "lien") if missing else "",
            sending_slugs=[(slug, PHASE_WORDS[phase]) for slug, phase in PHASES.items()],
        )
        return render(request, "www/evaluation/questionnaires.html", context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        created = prepare_questionnaires(self.rally)
        if created:
            messages.success(request, f"{french.count(created, 'lien privé préparé', 'liens privés préparés')}.")
        else:
            messages.info(request, "Chaque personne avait déjà ses liens : rien n'a changé.")
        return redirect("evaluation:questionnaires", pk=self.rally.pk)

    def cell(self, questionnaire: Questionnaire, closed: QuestionnaireClosed | None) -> LinkCell:
        """The cell; the private link only for those who may hand it out (``links.perms``):
        whoever holds a link may answer, so a read-only user must not get one. The link's end
        is the one its rally's dates give today (the one stored is updated when it is opened)."""
        link = current(questionnaire.links.all())
        if link is None:
            return LinkCell(questionnaire, "", closed)
        link.expires_at = self.links_end
        cell = LinkCell(questionnaire, "", closed, link, link_state(link, timezone.now()))
        if not cell.link_open or not can_hand_out(self.request.user, self.rally.structure):
            return cell
        return LinkCell(questionnaire, link_url(link, self.request), closed, link, cell.link_state)


class RevokeLinkView(EvaluationMixin):
    """Deactivate a questionnaire's private link (forwarded by mistake, lost phone…): it opens
    nothing any more; staff can still enter the answers."""

    section = "questionnaires"
    edit_only = True

    def post(self, request: HttpRequest, pk: int, qid: int) -> HttpResponse:
        found = Questionnaire.objects.for_user(request.user).filter(rally=self.rally).select_related("participant")
        questionnaire: Questionnaire = get_object_or_404(found.select_related("company"), pk=qid)
        link = current(questionnaire.links.all())
        if link is None:
            raise Http404("Ce questionnaire n'a pas de lien privé.")
        if not revoke(link, request.user):
            messages.info(request, f"Le lien de {who(questionnaire)} était déjà désactivé : rien n'a changé.")
        else:
            messages.success(
                request,
                f"Le lien de {who(questionnaire)} est désactivé : il n'ouvre plus le questionnaire. "
                "Vous pouvez toujours saisir les réponses pour la personne.",
            )
        return redirect("evaluation:questionnaires", pk=self.rally.pk)


class ReissueLinkView(EvaluationMixin):
    """A new private link for a questionnaire whose link was deactivated, to send to the right
    person; only while the questionnaire is still to fill and open."""

    section = "questionnaires"
    edit_only = True

    def post(self, request: HttpRequest, pk: int, qid: int) -> HttpResponse:
        found = Questionnaire.objects.for_user(request.user).filter(rally=self.rally).select_related("participant")
        questionnaire: Questionnaire = get_object_or_404(found.select_related("company", "rally"), pk=qid)
        link = current(questionnaire.links.all())
        if questionnaire.filled or questionnaire_closed(questionnaire, timezone.localdate()) is not None:
            messages.error(
                request, f"Le questionnaire de {who(questionnaire)} n'attend plus de réponse : pas de nouveau lien."
            )
        elif link is not None and not link.revoked and not link.expired(timezone.now()):
            messages.info(request, f"Le lien de {who(questionnaire)} fonctionne toujours : rien n'a changé.")
        elif (end := rally_link_expiry(self.rally)) is not None and end <= timezone.now():
            messages.error(
                request,
                "Les questionnaires de ce rallye ne se remplissent plus par lien (un mois après le suivi à 6 mois) : "
                "saisissez les réponses pour la personne.",
            )
        else:
            reissue_questionnaire_link(questionnaire)
            messages.success(
                request,
                f"Nouveau lien prêt pour {who(questionnaire)} : copiez-le ou montrez son QR code ci-dessous. "
                "L'ancien lien reste désactivé.",
            )
        return redirect("evaluation:questionnaires", pk=self.rally.pk)


class EntryView(EvaluationMixin):
    """Staff fill a questionnaire for someone (on paper, by phone…), with the same questions."""

    section = "questionnaires"
    edit_only = True

    def get(self, request: HttpRequest, pk: int, qid: int) -> HttpResponse:
        questionnaire = self.questionnaire()
        return self.page(questionnaire, questionnaire.answers or {})

    def post(self, request: HttpRequest, pk: int, qid: int) -> HttpResponse:
        questionnaire = self.questionnaire()
        raw = submitted(request.POST, Phase(questionnaire.phase))
        try:
            submit_answers(questionnaire, raw, entered_by=request.user)
        except InvalidAnswers as invalid:
            return self.page(questionnaire, raw, invalid.problems)
        except QuestionnaireClosed:
            messages.error(request, "Ce questionnaire n'est pas ouvert : vos réponses ne sont pas enregistrées.")
            return self.page(questionnaire, {}, status=409)
        except AlreadyFilled:
            questionnaire.refresh_from_db()
            messages.error(request, "Ce questionnaire était déjà rempli : vos réponses ne sont pas enregistrées.")
            return self.page(questionnaire, questionnaire.answers or {}, status=409)
        messages.success(request, f"Les réponses de {who(questionnaire)} sont enregistrées.")
        return redirect("evaluation:questionnaires", pk=self.rally.pk)

    def questionnaire(self) -> Questionnaire:
        found = Questionnaire.objects.for_user(self.request.user).filter(rally=self.rally)
        questionnaire: Questionnaire = get_object_or_404(
            found.select_related("participant", "company", "entered_by").exclude(
                participant__anonymised_at__isnull=False
            ),
            pk=self.kwargs["qid"],
        )  # an erased person's questionnaires are closed, as their private links are
        return questionnaire

    def page(
        self,
        questionnaire: Questionnaire,
        given: Mapping[str, object],
        problems: dict[str, str] | None = None,
        status: int = 200,
    ) -> HttpResponse:
        phase = Phase(questionnaire.phase)
        closed = None if questionnaire.filled else questionnaire_closed(questionnaire, timezone.localdate())
        context = self.evaluation_context(
            questionnaire=questionnaire,
            phase=phase,
            who=who(questionnaire),
            closed=staff_closed_sentence(closed, questionnaire) if closed is not None else "",
            state=filled_state(questionnaire),
            blocks=question_blocks(phase, given, problems),
            problems=problems_sentence(len(problems)) if problems else "",
        )
        return render(self.request, "www/evaluation/entry.html", context, status=status)


def staff_closed_sentence(closed: QuestionnaireClosed, questionnaire: Questionnaire) -> str:
    """Why staff cannot enter answers: the person did not take part, or the rally is not over."""
    if closed.absent and questionnaire.participant is not None:
        person = questionnaire.participant
        return (
            f"{person.first_name} {person.last_name} n'a pas participé au rallye : "
            "ce questionnaire après le rallye ne se remplit pas."
        )
    return f"{closed_sentence(closed)} Vous pourrez alors saisir les réponses."
