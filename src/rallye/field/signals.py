"""A visit's photo is erased with it (and so with its rally, which deletes its visits)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete

from rallye.field.models import VisitMade


def _photo_erased(sender: type[VisitMade], instance: VisitMade, **_: Any) -> None:
    if instance.photo:
        instance.photo.storage.delete(instance.photo.name)


def connect() -> None:
    post_delete.connect(_photo_erased, sender=VisitMade, dispatch_uid="field-photo-erased")
