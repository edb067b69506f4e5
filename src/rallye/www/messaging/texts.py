"""« Textes des messages »: a structure rewrites what its messages say, with the variables
listed, checked when saved, and a preview with example values. Structure staff who edit rallies;
404 for a structure out of reach, 403 for read-only users."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from rallye.messaging.models import Channel, MessageText
from rallye.messaging.texts import KINDS, BadText, TextKind, check, check_body, texts
from rallye.organisations.models import Structure
from rallye.organisations.perms import can_edit
from rallye.organisations.scoping import visible_structures


class TextForm(forms.Form):
    email_subject = forms.CharField(label="Objet de l'e-mail", max_length=200)
    email_body = forms.CharField(label="Texte de l'e-mail", widget=forms.Textarea(attrs={"rows": 14}))
    sms_body = forms.CharField(
        label="Texte du SMS",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Court : un SMS fait 160 caractères ; au-delà, il compte pour plusieurs.",
    )

    def __init__(self, kind: TextKind, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind

    def clean_email_subject(self) -> str:
        return self._checked("email_subject", check)

    def clean_email_body(self) -> str:
        return self._checked("email_body", check_body)

    def clean_sms_body(self) -> str:
        return self._checked("sms_body", check_body)

    def _checked(self, name: str, rule: Any) -> str:
        value = str(self.cleaned_data[name])
        try:
            rule(self.kind, value)
        except BadText as bad:
            raise forms.ValidationError(f"Texte non enregistré : {bad}.") from bad
        return value


class StructureTextsMixin(View):
    structure: Structure

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.structure = get_object_or_404(visible_structures(request.user), pk=kwargs["structure"])
        if not can_edit(request.user, self.structure):
            raise PermissionDenied("Votre rôle dans cette structure ne permet que la consultation.")
        return super().dispatch(request, *args, **kwargs)


class TextsView(StructureTextsMixin):
    def get(self, request: HttpRequest, structure: int) -> HttpResponse:
        own = set(MessageText.objects.filter(structure=self.structure).values_list("kind", flat=True))
        kinds = [(name, kind, name in own) for name, kind in KINDS.items()]
        return render(request, "www/messaging/texts.html", {"structure": self.structure, "kinds": kinds})


class TextView(StructureTextsMixin):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if kwargs["kind"] not in KINDS:
            raise Http404("Ce message n'existe pas.")
        self.kind_name = kwargs["kind"]
        self.kind = KINDS[self.kind_name]
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, structure: int, kind: str) -> HttpResponse:
        subject, body = texts(self.structure, self.kind_name, Channel.EMAIL)
        _, sms = texts(self.structure, self.kind_name, Channel.SMS)
        form = TextForm(self.kind, initial={"email_subject": subject, "email_body": body, "sms_body": sms})
        return self.page(form)

    def post(self, request: HttpRequest, structure: int, kind: str) -> HttpResponse:
        if "back_to_default" in request.POST:
            MessageText.objects.filter(structure=self.structure, kind=self.kind_name).delete()
            messages.success(request, f"« {self.kind.label} » reprend le texte d'origine de Rallye.")
            return redirect("messaging:text", structure=self.structure.pk, kind=self.kind_name)
        form = TextForm(self.kind, request.POST)
        if not form.is_valid():
            return self.page(form, status=400)
        MessageText.objects.update_or_create(
            structure=self.structure,
            kind=self.kind_name,
            defaults={**form.cleaned_data, "changed_by": request.user},
        )
        messages.success(request, f"Texte enregistré : les prochains messages « {self.kind.label} » l'utiliseront.")
        return redirect("messaging:text", structure=self.structure.pk, kind=self.kind_name)

    def page(self, form: TextForm, status: int = 200) -> HttpResponse:
        preview: dict[str, str] = {}
        source = form.cleaned_data if form.is_bound and form.is_valid() else form.initial
        if not form.is_bound or form.is_valid():
            preview = {
                key: str(source[key]).format_map(self.kind.sample)
                for key in ("email_subject", "email_body", "sms_body")
            }
        context = {
            "structure": self.structure,
            "kind": self.kind,
            "form": form,
            "variables": [("{" + name + "}", what) for name, what in self.kind.variables.items()],
            "preview": preview,
            "custom": MessageText.objects.filter(structure=self.structure, kind=self.kind_name).exists(),
        }
        return render(self.request, "www/messaging/text.html", context, status=status)
