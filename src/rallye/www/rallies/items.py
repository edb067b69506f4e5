"""Lists and add/edit/delete pages of a rally's companies, participants and vehicles.

Each kind is a small subclass naming its model, form and words; items are always fetched
through ``for_user`` and within the rally of the URL, so another rally's item answers 404.
"""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar

from django import forms
from django.contrib import messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from rallye.history.models import Action
from rallye.history.services import Change, form_changes, record, values_of
from rallye.rallies.models import RallyPart
from rallye.www.rallies.access import RallyMixin
from rallye.www.rallies.revisions import PREFIX, Conflict, RevisionForm, claim, form_conflicts, revision_form

Item = TypeVar("Item", bound=RallyPart)


class ItemMixin(RallyMixin, Generic[Item]):
    model: type[Item]
    list_url: ClassVar[str]
    edit_url: ClassVar[str]

    def items(self) -> QuerySet[Item]:
        items: QuerySet[Item] = self.model.objects.for_user(self.request.user).filter(rally=self.rally)
        return items

    def get_item(self) -> Item:
        return get_object_or_404(self.items(), pk=self.kwargs["item"])

    def back(self) -> HttpResponseRedirect:
        return redirect(self.list_url, pk=self.rally.pk)


class ItemListView(ItemMixin[Item]):
    template_name: ClassVar[str]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return render(request, self.template_name, self.rally_context(items=self.items()))


class ItemFormView(ItemMixin[Item]):
    """Add an item (URL without ``item``) or change one; extra formsets are saved with it.

    A change is refused when someone saved the item since the form was loaded (``revisions``);
    every save is one entry of the rally's history."""

    edit_only = True
    form_class: type[forms.ModelForm[Any]]
    template_name: ClassVar[str] = "www/rallies/item_form.html"
    add_title: ClassVar[str]
    saved_message: ClassVar[str]
    """With ``{item}``, e.g. « L'entreprise « {item} » est enregistrée. »"""

    title: str

    def instance(self) -> Item:
        """The item to change (and the page's title, named before the form touches it)."""
        if "item" not in self.kwargs:
            self.title = self.add_title
            return self.model(rally=self.rally)
        item = self.get_item()
        self.title = f"Modifier « {item} »"
        return item

    def extra_forms(self, item: Item, data: Any = None) -> dict[str, forms.BaseFormSet[Any]]:
        return {}

    def get(self, request: HttpRequest, pk: int, item: int | None = None) -> HttpResponse:
        instance = self.instance()
        return self.page(self.form_class(instance=instance), self.extra_forms(instance), revision_form(instance))

    def post(self, request: HttpRequest, pk: int, item: int | None = None) -> HttpResponse:
        instance = self.instance()
        creating = instance.pk is None
        form = self.form_class(request.POST, instance=instance)
        extra = self.extra_forms(instance, request.POST)
        if not (form.is_valid() and all(formset.is_valid() for formset in extra.values())):
            return self.page(form, extra, RevisionForm(request.POST, prefix=PREFIX))
        with transaction.atomic():
            if not creating and not claim(instance, request.POST):
                return self.stale(form)
            changes = values_of(form) if creating else form_changes(form)
            changes += self.save(form, extra)
            if creating or changes:
                action = Action.CREATED if creating else Action.CHANGED
                record(self.rally, request.user, action, form.instance, changes=changes)
        messages.success(request, self.saved_message.format(item=form.instance))
        return self.back()

    def save(self, form: forms.ModelForm[Any], extra: dict[str, forms.BaseFormSet[Any]]) -> list[Change]:
        """Save the item and its extra forms; the changes of the extra forms, for the history."""
        form.save()
        return []

    def stale(self, form: forms.ModelForm[Any]) -> HttpResponse:
        """Someone saved the item meanwhile: what the user typed next to the current values, and
        the form again with the current values and revision."""
        current = self.get_item()
        current_form = self.form_class(instance=current)
        conflicts = form_conflicts(form, current_form)
        return self.page(
            current_form, self.extra_forms(current), revision_form(current), conflicts=conflicts, status=409
        )

    def page(
        self,
        form: forms.ModelForm[Any],
        extra: dict[str, forms.BaseFormSet[Any]],
        revision: RevisionForm,
        *,
        conflicts: list[Conflict] | None = None,
        status: int = 200,
    ) -> HttpResponse:
        context = self.rally_context(form=form, title=self.title, revision=revision, conflicts=conflicts, **extra)
        return render(self.request, self.template_name, context, status=status)


class ItemDeleteView(ItemMixin[Item]):
    edit_only = True
    template_name: ClassVar[str] = "www/rallies/confirm_delete.html"
    deleted_message: ClassVar[str]
    warning: ClassVar[str] = ""

    def get(self, request: HttpRequest, pk: int, item: int) -> HttpResponse:
        return self.page(self.get_item())

    def post(self, request: HttpRequest, pk: int, item: int) -> HttpResponse:
        """Refused, like a stale edit, when someone changed the item since this page was loaded:
        the user confirms again, seeing the item as it is now."""
        instance = self.get_item()
        name = str(instance)
        with transaction.atomic():
            if not claim(instance, request.POST):
                return self.page(self.get_item(), changed=True, status=409)
            record(self.rally, request.user, Action.DELETED, instance)
            self.delete(instance)
        messages.success(request, self.deleted_message.format(item=name))
        return self.back()

    def page(self, item: Item, *, changed: bool = False, status: int = 200) -> HttpResponse:
        context = self.rally_context(
            item=item,
            warning=self.warning,
            cancel_url=self.back().url,
            revision=revision_form(item),
            changed=changed,
            item_url=self.item_url(item),
        )
        return render(self.request, self.template_name, context, status=status)

    def item_url(self, item: Item) -> str:
        """Where the item's current values are shown (its edit page)."""
        return reverse(self.edit_url, args=[self.rally.pk, item.pk])

    def delete(self, item: Item) -> None:
        item.delete()
