"""The questionnaires' private links, on ``rallye.links``: when they end, and issuing them.

When a questionnaire link expires: one month after the rally's six-month follow-up falls due.
The questionnaires feed the rally's evaluation, which is complete once the six-month follow-up
is recorded; until then a late answer still counts, and a person who kept the link from the
closing can still use it (the « avant » one too: staff often collect it late). After that, the
link has no purpose left, and a forgotten link in a phone or a mailbox opens nothing. The date
follows the rally: it is computed again from its dates each time the link is opened (a rally
can be moved after its links were sent); a rally without dates has links without end yet.
A filled questionnaire stays closed whatever its link (filled once, never written over)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from rallye.domain.outcomes import follow_up_due
from rallye.evaluation.models import Questionnaire
from rallye.evaluation.records import rally_dates
from rallye.links.models import PrivateLink, Purpose
from rallye.links.services import issue_link, issue_links, set_expiry
from rallye.rallies.models import Rally

DAYS_AFTER_FOLLOW_UP = 30
"""A questionnaire link works until this many days after the rally's six-month follow-up is due."""


def link_expiry(last_day: dt.date | None) -> dt.datetime | None:
    """The first moment a questionnaire link of a rally ending on ``last_day`` no longer opens:
    midnight (French time) after the last day it works."""
    if last_day is None:
        return None
    last_valid = follow_up_due(last_day) + dt.timedelta(days=DAYS_AFTER_FOLLOW_UP)
    return timezone.make_aware(dt.datetime.combine(last_valid + dt.timedelta(days=1), dt.time.min))


def rally_link_expiry(rally: Rally) -> dt.datetime | None:
    return link_expiry(rally_dates(rally).last_day)


def end_of_questionnaire(link: PrivateLink) -> dt.datetime | None:
    """``rallye.links.services.EndOfPurpose`` of questionnaire links."""
    questionnaire = link.questionnaire
    assert questionnaire is not None  # the model's constraint
    return rally_link_expiry(questionnaire.rally)


def issue_questionnaire_links(rally: Rally) -> int:
    """A private link to each questionnaire of ``rally`` still to fill that never had one; the
    end of every link of the rally set again from its dates. Returns how many were issued."""
    expires_at = rally_link_expiry(rally)
    waiting = Questionnaire.objects.filter(rally=rally, answers__isnull=True, links__isnull=True)
    issued = issue_links(list(waiting.select_related("rally")), Purpose.QUESTIONNAIRE, expires_at)
    set_expiry(rally_links(rally), expires_at)
    return len(issued)


def reissue_questionnaire_link(questionnaire: Questionnaire) -> PrivateLink:
    """A new link to a questionnaire whose link was deactivated (sent to the wrong person, then
    the right address found): the new one is handed out, the old one stays deactivated."""
    return issue_link(questionnaire, Purpose.QUESTIONNAIRE, rally_link_expiry(questionnaire.rally))


def rally_links(rally: Rally) -> QuerySet[PrivateLink]:
    return PrivateLink.objects.filter(purpose=Purpose.QUESTIONNAIRE, questionnaire__rally=rally)
