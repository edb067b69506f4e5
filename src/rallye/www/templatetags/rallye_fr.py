"""Template filters for French figures shared with the domain's wording."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from rallye import phones
from rallye.domain.clock import hhmm

register = template.Library()


@register.filter(name="hhmm")
def hhmm_filter(minutes: int) -> str:
    """570 → ``09:30``."""
    return hhmm(int(minutes))


@register.filter(name="tel")
def tel_filter(number: str) -> str:
    """A phone number as a link that dials it (``<a href="tel:+33612345678">06 12 34 56 78</a>``);
    text that is not a number is shown as it is."""
    text = str(number or "")
    uri = phones.tel_uri(text)
    if uri is None:
        return format_html("{}", text)
    return format_html('<a href="{}">{}</a>', uri, phones.tidy(text))
