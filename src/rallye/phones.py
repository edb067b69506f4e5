"""Phone numbers: parsed and written the French way (``06 12 34 56 78``; ``+41 22 123 45 67``
abroad), and the ``tel:`` link that dials them from a phone or a printed document.

Pure Python over ``phonenumberslite`` (Google's libphonenumber, without its geocoding and carrier
data); numbers without a country code are French. Nothing here imports Django.
"""

from __future__ import annotations

import re

import phonenumbers

REGION = "FR"
EXAMPLE = "06 12 34 56 78, ou +41 22 123 45 67 pour un numéro étranger"
_SHORT = re.compile(r"^[1-9]\d{1,5}$")
"""Short numbers (112, 3949): dialled as they are, with no country."""


class InvalidPhone(ValueError):
    """Not a phone number; the message says what was expected, in French."""


def _parsed(text: str) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def is_mobile(text: str) -> bool:
    """Whether the number reaches a mobile phone (one that receives SMS)."""
    number = _parsed(text.strip()) if text.strip() else None
    mobile = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    return number is not None and phonenumbers.number_type(number) in mobile


def normalised(text: str) -> str:
    """The number written the usual way (national for France, international otherwise);
    :class:`InvalidPhone` when ``text`` is not a phone number. Empty stays empty."""
    text = text.strip()
    if not text:
        return ""
    if _SHORT.match(text):
        return text
    number = _parsed(text)
    if number is None:
        raise InvalidPhone(f"« {text} » n'est pas un numéro de téléphone (attendu : {EXAMPLE})")
    return formatted(number)


def formatted(number: phonenumbers.PhoneNumber) -> str:
    if phonenumbers.region_code_for_number(number) == REGION:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def tidy(text: str) -> str:
    """:func:`normalised` when ``text`` is a number, else ``text`` as it is (files: nothing refused)."""
    try:
        return normalised(text)
    except InvalidPhone:
        return text.strip()


def tel_uri(text: str) -> str | None:
    """``tel:+33612345678`` for a number, ``tel:112`` for a short one; ``None`` when ``text`` is
    not a phone number (it is then shown as written, without a link)."""
    text = text.strip()
    if _SHORT.match(text):
        return f"tel:{text}"
    number = _parsed(text)
    if number is None:
        return None
    return "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def international_digits(text: str) -> str | None:
    """``33612345678`` for « 06 12 34 56 78 » (what SMS gateways expect); ``None`` when ``text``
    is not a phone number that can receive an SMS."""
    number = _parsed(text.strip())
    if number is None:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164).lstrip("+")
