"""Documents attached to a message when it is sent: a participant's convocation (PDF), from the
rally's current plan."""

from __future__ import annotations

from rallye.documents.rendering import convocation_pdf
from rallye.messaging.models import Message
from rallye.plans.reading import planned_rally
from rallye.rallies.storage import logo_file

CONVOCATION = "convocation"


class NoAttachment(Exception):
    """The document cannot be made (no plan any more, the person in no team): said in French."""


def attachments(message: Message) -> list[tuple[str, bytes, str]]:
    """(file name, content, type) of the message's attachments."""
    if message.attachment != CONVOCATION:
        return []
    rally, person = message.rally, message.participant
    if rally is None or person is None:
        raise NoAttachment("la convocation ne se retrouve plus (rallye ou personne supprimés)")
    planned = planned_rally(rally)
    data, plan = planned.rally, planned.plan
    if plan is None or data is None:
        raise NoAttachment("le rallye n'a plus de planning : la convocation ne peut pas être faite")
    pdf = convocation_pdf(data, plan, person.code, logo_file(rally))
    if pdf is None:
        raise NoAttachment(f"{person.first_name} {person.last_name} n'est dans aucune équipe du planning")
    return [(f"convocation-{person.code}.pdf", pdf, "application/pdf")]
