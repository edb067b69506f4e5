"""Template filters for French figures shared with the domain's wording."""

from __future__ import annotations

from django import template

from rallye.domain.clock import hhmm

register = template.Library()


@register.filter(name="hhmm")
def hhmm_filter(minutes: int) -> str:
    """570 → ``09:30``."""
    return hhmm(int(minutes))
