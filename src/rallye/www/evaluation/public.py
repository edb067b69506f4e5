"""The questionnaire reached through its private link, on a phone, without an account.

The token in the link is the only key: it opens one questionnaire, nothing else, through the one
mechanism of private links (``rallye.links``: rate limits, deactivation, expiry one month after
the six-month follow-up, see ``rallye.evaluation.private_links``). The page shows
the first name and the rally only (the link may have been forwarded), and a questionnaire is
filled once: later submissions are refused, never written over. A questionnaire about the rally
(« après », companies' feedback) says when it opens and takes no answers before; the « après » one
of someone who did not take part takes none. Neither is a 404: the person did nothing wrong."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View
from django.views.decorators.cache import never_cache

from rallye.domain import french
from rallye.domain.questionnaires import InvalidAnswers, Phase
from rallye.evaluation.models import Questionnaire
from rallye.evaluation.private_links import end_of_questionnaire
from rallye.evaluation.services import AlreadyFilled, QuestionnaireClosed, questionnaire_closed, submit_answers
from rallye.links.models import PrivateLink, Purpose
from rallye.links.services import Refusal, open_link
from rallye.www.evaluation.answers_form import question_blocks, submitted
from rallye.www.evaluation.wording import closed_sentence, problems_sentence
from rallye.www.links.pages import refusal_page
from rallye.www.middleware import link_scoped


def questionnaire_of(request: HttpRequest, token: str) -> Questionnaire | Refusal:
    """The questionnaire of a private link, or why the link does not open (a person whose data
    was erased has no questionnaire left to open: unknown).

    Deliberately not scoped by user: whoever holds the link may answer, as the link says."""
    opened = open_link(token, request, Purpose.QUESTIONNAIRE, end_of_purpose=end_of_questionnaire)
    if isinstance(opened, Refusal):
        return opened
    found: Questionnaire = (
        Questionnaire.objects.select_related("rally__structure", "participant", "company")
        .filter(pk=opened.questionnaire_id)
        .get()
    )
    if found.participant is not None and found.participant.anonymised_at is not None:
        return Refusal.UNKNOWN
    return found


class FillView(View):
    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        questionnaire = questionnaire_of(request, token)
        if isinstance(questionnaire, Refusal):
            return refusal_page(request, questionnaire)
        if questionnaire.filled:
            return self.thanks(questionnaire)
        closed = questionnaire_closed(questionnaire, timezone.localdate())
        if closed is not None:
            return self.closed(questionnaire, closed)
        return self.form(questionnaire)

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        questionnaire = questionnaire_of(request, token)
        if isinstance(questionnaire, Refusal):
            return refusal_page(request, questionnaire)
        raw = submitted(request.POST, Phase(questionnaire.phase))
        try:
            submit_answers(questionnaire, raw)
        except InvalidAnswers as invalid:
            return self.form(questionnaire, raw, invalid.problems)
        except QuestionnaireClosed as closed:
            return self.closed(questionnaire, closed, refused=True)
        except AlreadyFilled:
            questionnaire.refresh_from_db()
            return self.thanks(questionnaire, refused=True)
        return redirect("evaluation:fill", token=token)

    def form(
        self,
        questionnaire: Questionnaire,
        given: dict[str, str] | None = None,
        problems: dict[str, str] | None = None,
    ) -> HttpResponse:
        phase = Phase(questionnaire.phase)
        context = {
            **_heading(questionnaire),
            "blocks": question_blocks(phase, given, problems),
            "problems": problems_sentence(len(problems)) if problems else "",
        }
        return render(self.request, "www/evaluation/fill.html", context)

    def thanks(self, questionnaire: Questionnaire, *, refused: bool = False) -> HttpResponse:
        submitted_at = questionnaire.submitted_at
        context = {
            **_heading(questionnaire),
            "filled_on": french.day_long(timezone.localdate(submitted_at)) if submitted_at else "",
            "refused": refused,
        }
        return render(self.request, "www/evaluation/thanks.html", context, status=409 if refused else 200)

    def closed(
        self, questionnaire: Questionnaire, closed: QuestionnaireClosed, *, refused: bool = False
    ) -> HttpResponse:
        context = {
            **_heading(questionnaire),
            "closed": closed_sentence(closed),
            "absent": closed.absent,
            "refused": refused,
        }
        return render(self.request, "www/evaluation/closed.html", context, status=409 if refused else 200)


def _heading(questionnaire: Questionnaire) -> dict[str, str]:
    """What the page may say about whom it is for: a first name or a company, and the rally."""
    person = questionnaire.participant
    return {
        "greeting": f"Bonjour {person.first_name}" if person is not None else "Bonjour",
        "company": str(questionnaire.company.name) if questionnaire.company is not None else "",
        "rally_name": questionnaire.rally.name,
        "organiser": questionnaire.rally.organiser or questionnaire.rally.structure.name,
        "title": Phase(questionnaire.phase).label,
    }


fill = login_not_required(never_cache(link_scoped(PrivateLink)(FillView.as_view())))
