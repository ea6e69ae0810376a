from __future__ import annotations

import re

import numpy as np
import phonenumbers
import pytest
from stdnum.nl import bsn as stdnum_bsn

from raffinaderij.demo import identifiers as ids


def test_bsn_pool_passes_11_proef_and_starts_9999() -> None:
    pool = ids.bsn_pool(np.random.default_rng(3))
    assert len(pool) == len(set(pool.tolist())) == 9091
    for b in pool.tolist():
        s = str(b)
        assert s.startswith("9999") and ids.bsn_valid(s) and stdnum_bsn.is_valid(s)


def test_bsn_valid_rejects_wrong_check_digit() -> None:
    assert ids.bsn_valid("999990019") == stdnum_bsn.is_valid("999990019")
    assert not ids.bsn_valid("999990018") or stdnum_bsn.is_valid("999990018")
    assert not ids.bsn_valid("12345678")


_PATTERN = {
    code: re.compile("^" + p.replace("X", "[BDFGHJKLNPRSTVXZ]").replace("9", "[0-9]") + "$")
    for code, (p, _, _) in ids.SIDECODES.items()
}


@pytest.mark.parametrize("code", sorted(ids.SIDECODES))
def test_plates_follow_side_code_and_letter_rules(code: int) -> None:
    plates, nxt = ids.plates(code, 0, 3000)
    assert nxt >= 3000 and len(set(plates)) == 3000
    for p in plates:
        assert _PATTERN[code].match(p), p
        letters = "".join(ch for ch in p if ch.isalpha())
        assert not re.search("[AEIOUCMQWY]", letters)
        assert "SS" not in p.replace("-", "") and "SD" not in p.replace("-", "")


def test_sidecode_for_year_covers_every_year() -> None:
    assert ids.sidecode_for_year(1995) == 5
    assert ids.sidecode_for_year(2010) == 8
    assert ids.sidecode_for_year(2026) == 12
    for y in range(1991, 2027):
        ids.sidecode_for_year(y)


def test_postcode_letters_never_sa_sd_ss() -> None:
    pairs = ids.postcode_letters(np.arange(5000))
    assert not {"SA", "SD", "SS"} & set(pairs)
    assert all(re.fullmatch("[A-Z]{2}", p) and not set(p) & set("FIOQUY") for p in pairs)


def test_phone_numbers_are_valid_dutch_numbers() -> None:
    mobiles = ids.mobile_numbers(0, 500)
    fixed = ids.fixed_numbers(["020", "010", "0318", "0592"] * 50, 0)
    assert len(set(mobiles)) == 500
    for n in mobiles + fixed:
        assert len(n) == 10 and n.startswith("0")
        assert phonenumbers.is_valid_number(phonenumbers.parse(n, "NL")), n
    assert all(
        phonenumbers.number_type(phonenumbers.parse(n, "NL")) == phonenumbers.PhoneNumberType.MOBILE
        for n in mobiles
    )
