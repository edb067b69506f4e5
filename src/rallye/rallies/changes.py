"""« The data of these rallies changed », for what keeps results computed from it.

Saving or deleting a model instance already says so through Django's ``post_save`` and
``post_delete`` signals; what changes rows in bulk (an import that replaces a rally's sessions,
a plan version made current by an ``UPDATE``) says it here, inside its transaction, so that
nothing computed from the old data (``rallye.evaluation.stored``) outlives it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.dispatch import Signal

rally_data_changed = Signal()
"""Sent with ``rally_ids``: the rallies whose data changed in bulk."""


def data_changed(rally_ids: Iterable[int]) -> None:
    rally_data_changed.send(sender=None, rally_ids=list(rally_ids))
