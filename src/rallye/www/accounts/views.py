"""Pages of accounts: a structure's members and invitations, joining through an invitation,
a new structure with its first coordinator, and the forgotten password.

Members pages go through ``MembersMixin``: 404 for a structure the user cannot see, 403 for a
user who may not manage its members (``perms.can_manage_members``). The invitation page is
open without an account: its token opens one invitation (``rallye.links``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views import View
from django.views.decorators.cache import never_cache

from rallye.accounts.models import Invitation
from rallye.accounts.services import (
    InvitationRefused,
    LastCoordinator,
    create_account,
    deactivate,
    existing_account,
    invitation_link,
    invite,
    join,
)
from rallye.links.models import PrivateLink, Purpose
from rallye.links.services import Refusal, link_state, open_link
from rallye.messaging.models import Message
from rallye.organisations.models import Membership, Role, Structure
from rallye.organisations.perms import administered_federations, can_manage_members
from rallye.organisations.scoping import visible_structures
from rallye.www.accounts.forms import InvitationForm, NewAccountForm, QueuedPasswordResetForm, StructureForm
from rallye.www.links.pages import refusal_page
from rallye.www.middleware import link_scoped


class MembersMixin(View):
    structure: Structure

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.structure = get_object_or_404(visible_structures(request.user), pk=kwargs["structure"])
        if not can_manage_members(request.user, self.structure):
            raise PermissionDenied("Seules les personnes en coordination de la structure gèrent ses membres.")
        return super().dispatch(request, *args, **kwargs)


class MembersView(MembersMixin):
    def get(self, request: HttpRequest, structure: int) -> HttpResponse:
        return self.page(InvitationForm())

    def post(self, request: HttpRequest, structure: int) -> HttpResponse:
        form = InvitationForm(request.POST)
        if not form.is_valid():
            return self.page(form, status=400)
        try:
            sent = invite(
                self.structure, form.cleaned_data["email"], Role(form.cleaned_data["role"]), request.user, request
            )
        except InvitationRefused as refused:
            form.add_error("email", str(refused))
            return self.page(form, status=400)
        messages.success(
            request,
            f"Invitation envoyée à {sent.invitation.email} : elle est valable 14 jours. "
            "Son état (envoyée, acceptée) s'affiche ci-dessous.",
        )
        return redirect("accounts:members", structure=self.structure.pk)

    def page(self, form: InvitationForm, status: int = 200) -> HttpResponse:
        members = (
            Membership.objects.filter(structure=self.structure, user__is_active=True)
            .select_related("user")
            .order_by("user__last_name", "user__first_name", "user__email")
        )
        invitations = list(
            Invitation.objects.filter(structure=self.structure, accepted_at=None)
            .select_related("invited_by")
            .prefetch_related("links")
        )
        sent = {
            m.recipient: m
            for m in Message.objects.filter(structure=self.structure, purpose="invitation").order_by("created_at")
        }
        now = timezone.now()
        pending = []
        for invitation in invitations:
            link = invitation_link(invitation)
            pending.append(
                {
                    "invitation": invitation,
                    "link_state": link_state(link, now) if link else "",
                    "message": sent.get(invitation.email),
                }
            )
        context = {
            "structure": self.structure,
            "members": members,
            "pending": pending,
            "form": form,
            "me": request_user_pk(self.request),
        }
        return render(self.request, "www/accounts/members.html", context, status=status)


def request_user_pk(request: HttpRequest) -> int | None:
    return getattr(request.user, "pk", None)


class DeactivateMemberView(MembersMixin):
    def post(self, request: HttpRequest, structure: int, membership: int) -> HttpResponse:
        found = get_object_or_404(Membership.objects.select_related("user"), pk=membership, structure=self.structure)
        name = f"{found.user.first_name} {found.user.last_name}".strip() or found.user.email
        try:
            done = deactivate(found, request.user)
        except LastCoordinator:
            messages.error(
                request,
                f"{name} est la seule personne en coordination de {self.structure.name} : "
                "invitez d'abord quelqu'un d'autre en coordination.",
            )
            return redirect("accounts:members", structure=self.structure.pk)
        if not done:
            messages.error(request, "Vous ne pouvez pas retirer votre propre accès.")
        else:
            messages.success(request, f"{name} n'a plus accès à {self.structure.name}.")
        return redirect("accounts:members", structure=self.structure.pk)


# -- joining through an invitation ------------------------------------------------------------

INVITATION_REFUSALS = {
    Refusal.REVOKED: (
        "Invitation déjà utilisée",
        "Cette invitation a déjà servi : elle ne s'utilise qu'une fois.",
        "Si vous avez déjà choisi votre mot de passe, connectez-vous. Sinon, demandez une nouvelle "
        "invitation à la personne qui vous a invité(e).",
    ),
    Refusal.EXPIRED: (
        "Invitation expirée",
        "Cette invitation n'est plus valable : elle servait pendant 14 jours.",
        "Demandez une nouvelle invitation à la personne qui vous a invité(e).",
    ),
}


class JoinView(View):
    invitation: Invitation
    token: str

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        opened = open_link(kwargs["token"], request, Purpose.INVITATION)
        if isinstance(opened, Refusal):
            if opened in INVITATION_REFUSALS:
                title, what, todo = INVITATION_REFUSALS[opened]
                context = {"title": title, "what": what, "todo": todo, "login": True}
                return render(request, "www/accounts/join_refused.html", context, status=opened.status)
            return refusal_page(request, opened)
        assert opened.invitation_id is not None
        self.invitation = Invitation.objects.select_related("structure", "invited_by").get(pk=opened.invitation_id)
        self.token = kwargs["token"]
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        return self.page()

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        account = existing_account(self.invitation)
        if account is not None:
            user = authenticate(request, username=account.email, password=request.POST.get("password", ""))
            if user is None:
                return self.page(wrong_password=True, status=400)
            membership = join(self.invitation, user)
        else:
            form = NewAccountForm(None, request.POST)
            if not form.is_valid():
                return self.page(form, status=400)
            with transaction.atomic():
                user = create_account(
                    self.invitation,
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                    password=form.cleaned_data["new_password1"],
                )
                membership = join(self.invitation, user)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            f"Bienvenue : vous faites partie de {self.invitation.structure.name} ({membership.get_role_display()}).",
        )
        return redirect("home")

    def page(
        self, form: NewAccountForm | None = None, *, wrong_password: bool = False, status: int = 200
    ) -> HttpResponse:
        account = existing_account(self.invitation)
        context = {
            "title": f"Rejoindre {self.invitation.structure.name}",
            "invitation": self.invitation,
            "inviter": self.invitation.invited_by,
            "account": account,
            "form": form or (None if account else NewAccountForm(None)),
            "wrong_password": wrong_password,
        }
        return render(self.request, "www/accounts/join.html", context, status=status)


join_view = login_not_required(never_cache(link_scoped(PrivateLink)(JoinView.as_view())))


# -- a new structure ---------------------------------------------------------------------------


class NewStructureView(View):
    """A federation administrator adds a structure to the network and invites its first
    coordinator, who then invites their team."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.federations = administered_federations(request.user)
        if not self.federations.exists():
            raise PermissionDenied("Seule l'administration de la fédération ajoute des structures.")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.page(StructureForm(federations=self.federations))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = StructureForm(request.POST, federations=self.federations)
        if not form.is_valid():
            return self.page(form, status=400)
        with transaction.atomic():
            structure = form.save()
            sent = invite(structure, form.cleaned_data["coordinator_email"], Role.COORDINATOR, request.user, request)
        messages.success(
            request,
            f"La structure « {structure.name} » est créée ; invitation envoyée à {sent.invitation.email} "
            "pour la coordonner.",
        )
        return redirect("accounts:members", structure=structure.pk)

    def page(self, form: StructureForm, status: int = 200) -> HttpResponse:
        context = {"form": form, "section": "structures"}
        return render(self.request, "www/accounts/new_structure.html", context, status=status)


# -- forgotten password ------------------------------------------------------------------------


class PasswordResetView(auth_views.PasswordResetView):
    """Django's flow; the e-mail's link is built on ``RALLYE_BASE_URL`` when the site has one."""

    form_class = QueuedPasswordResetForm
    template_name = "registration/reset_request.html"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        if settings.BASE_URL:
            parts = urlsplit(settings.BASE_URL)
            self.domain_override = parts.netloc
            self.use_https = parts.scheme == "https"
        else:
            self.use_https = self.request.is_secure()
        return super().form_valid(form)


password_reset = login_not_required(PasswordResetView.as_view())
password_reset_done = login_not_required(
    auth_views.PasswordResetDoneView.as_view(template_name="registration/reset_requested.html")
)
password_reset_confirm = login_not_required(
    auth_views.PasswordResetConfirmView.as_view(
        template_name="registration/reset_confirm.html", success_url=reverse_lazy("password_reset_complete")
    )
)
password_reset_complete = login_not_required(
    auth_views.PasswordResetCompleteView.as_view(template_name="registration/reset_done.html")
)
