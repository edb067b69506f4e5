"""What a person sees when a private link does not open: what happened and what to do, in plain
words, with the right status (404 unknown, 410 deactivated or expired, 429 too many requests).
The page says nothing about the link's target: whoever holds a dead or guessed link learns
nothing, not even that it existed."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rallye.links.services import Refusal
from rallye.links.throttle import PER_TOKEN

PAGES: dict[Refusal, tuple[str, str, str]] = {
    Refusal.UNKNOWN: (
        "Lien introuvable",
        "Ce lien ne mène à aucune page.",
        "Vérifiez qu'il a été copié en entier. S'il ne fonctionne toujours pas, demandez-le de "
        "nouveau à la personne qui vous l'a envoyé.",
    ),
    Refusal.REVOKED: (
        "Lien désactivé",
        "Ce lien a été désactivé par l'équipe qui vous l'a envoyé : il n'ouvre plus rien.",
        "Si vous pensez que c'est une erreur, contactez cette équipe.",
    ),
    Refusal.EXPIRED: (
        "Lien expiré",
        "Ce lien n'est plus valable : la période pendant laquelle il servait est terminée.",
        "Si vous avez encore besoin de répondre, contactez l'équipe qui vous l'a envoyé.",
    ),
    Refusal.RATE_LIMITED: (
        "Trop de tentatives",
        "Ce lien a été ouvert trop de fois en peu de temps.",
        "Attendez une dizaine de minutes, puis réessayez.",
    ),
}


def refusal_page(request: HttpRequest, refusal: Refusal) -> HttpResponse:
    title, what, todo = PAGES[refusal]
    context = {"title": title, "what": what, "todo": todo}
    response = render(request, "www/links/refused.html", context, status=refusal.status)
    if refusal is Refusal.RATE_LIMITED:
        response["Retry-After"] = str(PER_TOKEN.seconds)
    return response
