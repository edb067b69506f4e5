"""The forms of accounts: invitation, joining, a new structure, the password reset e-mail."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.db.models import QuerySet
from django.template.loader import render_to_string

from rallye.accounts.models import INVITED_ROLES
from rallye.messaging.services import queue_email
from rallye.organisations.models import Federation, Role, Structure, StructureKind

PASSWORD_RESET_PURPOSE = "password_reset"


INVALID_EMAIL = "Cette adresse e-mail n'est pas valide : vérifiez-la (par exemple prenom.nom@exemple.fr)."


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="Adresse e-mail de la personne", max_length=254, error_messages={"invalid": INVALID_EMAIL}
    )
    role = forms.ChoiceField(
        label="Rôle",
        choices=[(r.value, r.label) for r in INVITED_ROLES],
        initial=Role.MEMBER.value,
        help_text="Coordination : gère aussi les membres. Membre : prépare les rallyes. Lecture seule : consulte.",
    )


class NewAccountForm(SetPasswordForm):  # type: ignore[type-arg]
    """Name and password of the person who joins (Django's password rules, in French)."""

    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    field_order = ("first_name", "last_name", "new_password1", "new_password2")


class StructureForm(forms.ModelForm[Structure]):
    coordinator_email = forms.EmailField(
        label="Adresse e-mail de sa première personne en coordination",
        error_messages={"invalid": INVALID_EMAIL},
        help_text="Elle reçoit une invitation par e-mail et invitera ensuite son équipe.",
    )

    class Meta:
        model = Structure
        fields = ("federation", "name", "kind", "territory")

    def __init__(self, *args: Any, federations: QuerySet[Federation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        federation = self.fields["federation"]
        assert isinstance(federation, forms.ModelChoiceField)
        federation.queryset = federations
        federation.label = "Fédération"
        if federations.count() == 1:
            federation.initial = federations.get().pk
            federation.widget = forms.HiddenInput()
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = StructureKind.choices


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, whose e-mail goes through Rallye's messages (sent by a worker,
    retried while the mail server is down). An unknown address gets no e-mail and the same page."""

    email = forms.EmailField(
        label="Adresse e-mail de votre compte",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": INVALID_EMAIL},
    )

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        body = render_to_string(
            "accounts/password_reset_email.txt",
            {**context, "hours": settings.PASSWORD_RESET_TIMEOUT // 3600},
        )
        queue_email(
            recipient=to_email,
            subject="Rallye : choisir un nouveau mot de passe",
            body=body,
            purpose=PASSWORD_RESET_PURPOSE,
            structure=None,
        )
