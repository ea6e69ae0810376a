"""Phone numbers to E.164 (+31612345678) with `phonenumbers`; Dutch numbers need no +31."""

from __future__ import annotations

import re

import phonenumbers

from raffinaderij.model.normalise._vector import vectorise

__all__ = ["clean_phone", "clean_phone_many"]


# a plain Dutch number (0 or +31/0031, then nine digits not starting with 0), separators aside:
# its E.164 form is known without parsing (parsing costs most of a frame's phone cleaning)
_DUTCH = re.compile(r"(?:0|\+31|0031)([1-9]\d{8})")
_SEPARATORS = re.compile(r"[\s\-./()]")


def clean_phone(value: str | None, region: str = "NL") -> str | None:
    """'06-12345678', '+31 6 1234 5678', '0031612345678' -> '+31612345678'; None if not possible."""
    if value is None:
        return None
    s = str(value).strip()
    if region == "NL" and "(0)" not in s:
        m = _DUTCH.fullmatch(_SEPARATORS.sub("", s))
        if m:
            return "+31" + m.group(1)
    if s.startswith("00"):
        s = "+" + s[2:]
    try:
        parsed = phonenumbers.parse(s, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


clean_phone_many = vectorise(clean_phone)
