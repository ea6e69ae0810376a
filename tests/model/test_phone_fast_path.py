"""The Dutch fast path of clean_phone gives exactly what parsing with `phonenumbers` gives."""

from __future__ import annotations

import phonenumbers
from hypothesis import given, settings
from hypothesis import strategies as st

from raffinaderij.model.normalise.phones import clean_phone


def _parsed(value: str) -> str | None:
    s = value.strip()
    if s.startswith("00"):
        s = "+" + s[2:]
    try:
        parsed = phonenumbers.parse(s, "NL")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


@st.composite
def dutch_numbers(draw: st.DrawFn) -> str:
    prefix = draw(st.sampled_from(["0", "+31", "0031", "+31 ", "0031 ", "(0", "+31-", ""]))
    digits = draw(st.text("0123456789", min_size=7, max_size=11))
    out = prefix
    for d in digits:
        out += draw(st.sampled_from(["", "", "", " ", "-", ".", ")"])) + d
    return draw(st.sampled_from(["", " "])) + out


@settings(max_examples=3000, deadline=None)
@given(dutch_numbers())
def test_fast_path_agrees_with_parsing(value: str) -> None:
    assert clean_phone(value) == _parsed(value)


def test_common_forms() -> None:
    for v in ("06-12345678", "+31 6 1234 5678", "0031612345678", "(06) 123 456 78"):
        assert clean_phone(v) == "+31612345678"
    assert clean_phone("020-1234567") == "+31201234567"
