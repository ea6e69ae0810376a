"""Dutch normalisers: examples from registrations and properties that must hold for any input."""

from __future__ import annotations

import string
from datetime import date

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from raffinaderij.model.normalise import normalise, normalise_many
from raffinaderij.model.normalise.address import (
    clean_house_number,
    clean_postcode,
    parse_postcode_house,
)
from raffinaderij.model.normalise.bsn import clean_bsn, is_valid_bsn
from raffinaderij.model.normalise.dates import clean_date, is_day_month_swap, swap_day_month
from raffinaderij.model.normalise.names import (
    clean_name,
    official_initials,
    split_full_name,
    split_given,
    split_surname,
    surname_parts,
)
from raffinaderij.model.normalise.phones import clean_phone
from raffinaderij.model.normalise.phonetic import dutch_phonetic
from raffinaderij.model.normalise.plates import (
    SIDECODES,
    clean_plate,
    format_plate,
    plate_key,
    sidecode,
)

# --- names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    ["van den Berg", "Berg, van den", "v.d. Berg", "V/D Berg", "VAN DEN BERG", "van der Berg"],
)
def test_particles_split_off_and_canonicalised(written: str) -> None:
    s = split_surname(written)
    assert s is not None and (s.core, s.particles) == ("berg", "vd")


def test_issue_example_is_one_person() -> None:
    g1, s1 = split_full_name("J. v.d. Berg")
    g2, s2 = split_full_name("Jan van den Berg")
    a, b = split_surname(s1), split_surname(s2)
    assert a is not None and b is not None and (a.core, a.particles) == (b.core, b.particles)
    i1, i2 = split_given(g1), split_given(g2)
    assert i1 is not None and i2 is not None and i1.initials == i2.initials == "j"
    assert i2.first == "johannes"  # roepnaam Jan folds to the official name
    assert is_day_month_swap(clean_date("3-2-1980"), clean_date("02-03-1980"))
    assert parse_postcode_house("1234 ab 5")[0] == clean_postcode("1234AB")


def test_given_names_initials_and_roepnaam() -> None:
    g = split_given("J.P.")
    assert g is not None and g.initials == "jp" and g.names == () and g.first is None
    g = split_given("Johannes Petrus (Jan)")
    assert g is not None and g.names == ("johannes", "petrus") and g.initials == "jp"
    g = split_given("Kees")
    assert g is not None and g.first == "cornelis"


def test_diacritics_fold() -> None:
    assert clean_name("Zoë  Ölçer-Ünal") == "zoe olcer-unal"


words = st.text(alphabet="bdklmnprst" + "aou", min_size=2, max_size=8).filter(
    lambda w: any(c in "aou" for c in w)
)


@settings(deadline=None)
@given(words)
def test_surname_with_any_particle_keeps_its_core(core: str) -> None:
    for prefix in ("van", "de", "van der", "van den", "ter", "van 't", "in 't"):
        a = split_surname(f"{prefix} {core}")
        b = split_surname(f"{core}, {prefix}")
        assert a is not None and b is not None
        assert a.core == b.core == core
        assert a.particles == b.particles


# --- phonetic -------------------------------------------------------------------------------

SOUNDS = [
    ("Bijl", "Byl"),
    ("Bijl", "Beil"),
    ("Smit", "Smidt"),
    ("Claessen", "Klaasen"),
    ("Philips", "Filips"),
    ("Goedhart", "Goethart"),
    ("Schouten", "Schoutten"),
    ("Thijssen", "Tyssen"),
    ("Willemsen", "Willemse"),
]


@pytest.mark.parametrize(("a", "b"), SOUNDS)
def test_dutch_spelling_variants_share_a_key(a: str, b: str) -> None:
    assert dutch_phonetic(a) == dutch_phonetic(b)


def test_different_names_keep_different_keys() -> None:
    assert dutch_phonetic("Jansen") != dutch_phonetic("Janssens" + "ma")
    assert dutch_phonetic("de Vries") != dutch_phonetic("de Wit")


syllables = st.lists(
    st.sampled_from(["ba", "do", "ku", "lo", "ma", "nu", "po", "ra", "so", "tu"]),
    min_size=1,
    max_size=3,
).map("".join)


@settings(deadline=None)
@given(syllables, syllables)
def test_ij_and_y_are_one_sound(a: str, b: str) -> None:
    assert dutch_phonetic(a + "ij" + b) == dutch_phonetic(a + "y" + b)


@settings(deadline=None)
@given(st.text(alphabet=string.ascii_letters, max_size=12))
def test_phonetic_ignores_case_and_diacritics(s: str) -> None:
    assert dutch_phonetic(s) == dutch_phonetic(s.upper())
    accented = s.replace("e", "é").replace("o", "ö")
    assert dutch_phonetic(accented) == dutch_phonetic(s)


# --- dates ----------------------------------------------------------------------------------

dates_ = st.dates(min_value=date(1900, 1, 1), max_value=date(2029, 12, 31))


@settings(deadline=None)
@given(dates_)
def test_dutch_date_formats(d: date) -> None:
    iso = d.isoformat()
    for written in (
        f"{d.day}-{d.month}-{d.year}",
        d.strftime("%d-%m-%Y"),
        d.strftime("%d.%m.%Y"),
        d.strftime("%d/%m/%Y"),
        d.strftime("%Y%m%d"),
        iso,
        f"{d.day} {_NL[d.month]} {d.year}",
    ):
        assert clean_date(written) == iso, written


_NL = [
    "",
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


@settings(deadline=None)
@given(dates_)
def test_swap_is_an_involution(d: date) -> None:
    iso = d.isoformat()
    swapped = swap_day_month(iso)
    if swapped is not None:
        assert swap_day_month(swapped) == iso and is_day_month_swap(iso, swapped)
    else:
        assert d.day > 12 or d.day == d.month


def test_partial_and_bad_dates() -> None:
    assert clean_date("00-00-1980") == "1980"
    assert clean_date("00-03-1985") == "1985-03"
    assert clean_date("31-02-1980") is None
    assert clean_date("gisteren") is None
    assert clean_date(None) is None


# --- postcode, house number -----------------------------------------------------------------


@settings(deadline=None)
@given(
    st.integers(1000, 9999),
    st.sampled_from(["AB", "ZZ", "KL", "XY"]),
    st.sampled_from(["", " ", "-"]),
)
def test_postcode_forms(n: int, letters: str, sep: str) -> None:
    assert clean_postcode(f"{n}{sep}{letters.lower()}") == f"{n}{letters}"
    assert clean_postcode(clean_postcode(f"{n}{letters}")) == f"{n}{letters}"


def test_invalid_postcodes() -> None:
    assert clean_postcode("0123AB") is None
    assert clean_postcode("1234SS") is None  # never issued
    assert clean_postcode("12345") is None


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("5", "5"),
        ("5a", "5-A"),
        ("5-A", "5-A"),
        ("5 a", "5-A"),
        ("12 II", "12-2"),
        ("12-2", "12-2"),
        ("5 hs", "5-H"),
    ],
)
def test_house_numbers(written: str, key: str) -> None:
    hn = clean_house_number(written)
    assert hn is not None and hn.key() == key


# --- plates ---------------------------------------------------------------------------------

LETTERS = "BDFGHJKLNPRSTVXZ"


@st.composite
def plates(draw: st.DrawFn) -> tuple[int, str]:
    code = draw(st.sampled_from(sorted(SIDECODES)))
    chars = [
        draw(st.sampled_from(string.digits if p == "D" else LETTERS))
        for p in SIDECODES[code].replace("-", "")
    ]
    return code, "".join(chars)


@settings(deadline=None)
@given(plates())
def test_plate_forms(plate: tuple[int, str]) -> None:
    code, compact = plate
    assert sidecode(compact) == code
    dashed = format_plate(compact, code)
    assert clean_plate(compact.lower()) == dashed
    assert clean_plate(dashed) == dashed


@settings(deadline=None)
@given(plates(), st.data())
def test_plate_key_survives_ocr_confusions(plate: tuple[int, str], data: st.DataObject) -> None:
    _, compact = plate
    swaps = {"0": "O", "8": "B", "5": "S", "2": "Z", "1": "I", "6": "G"}
    spots = [i for i, c in enumerate(compact) if c in swaps]
    if spots:
        i = data.draw(st.sampled_from(spots))
        misread = compact[:i] + swaps[compact[i]] + compact[i + 1 :]
        assert plate_key(misread) == plate_key(compact)


def test_ocr_repair_to_the_side_code() -> None:
    assert clean_plate("xl-i2-bb") == "XL-12-BB"
    assert clean_plate("GB-123-X") == "GB-123-X"


# --- phones, BSN ----------------------------------------------------------------------------


@settings(deadline=None)
@given(st.integers(10_000_000, 99_999_999))
def test_mobile_numbers_to_e164(n: int) -> None:
    e164 = f"+316{n}"
    for written in (f"06-{n}", f"06 {n}", f"+31 6 {n}", f"00316{n}", f"(06){n}"):
        assert clean_phone(written) == e164, written


def _with_check_digit(eight: str) -> str | None:
    total = sum(int(c) * w for c, w in zip(eight, range(9, 1, -1), strict=True))
    check = total % 11
    return eight + str(check) if check < 10 else None


@settings(deadline=None)
@given(st.text(alphabet=string.digits, min_size=8, max_size=8).filter(lambda s: s[0] != "0"))
def test_bsn_eleven_test(eight: str) -> None:
    bsn = _with_check_digit(eight)
    if bsn is None:
        return
    assert clean_bsn(bsn) == bsn
    assert clean_bsn(f"{bsn[:4]}.{bsn[4:6]}.{bsn[6:]}") == bsn
    for i in range(9):  # the 11-proef catches every single-digit error
        wrong = bsn[:i] + str((int(bsn[i]) + 1) % 10) + bsn[i + 1 :]
        assert not is_valid_bsn(wrong)


def test_bsn_too_short_is_not_a_bsn() -> None:
    assert clean_bsn("1234567") is None


# --- dispatcher and vectorised variants -----------------------------------------------------


def test_dispatcher_by_kind() -> None:
    assert normalise("postcode", "1234 ab") == "1234AB"
    assert normalise("date", "3-2-1980") == "1980-02-03"
    assert normalise("email", " Jan@Example.NL ") == "jan@example.nl"
    assert normalise("code", "5 a") == "5-A"
    with pytest.raises(ValueError, match="unknown property kind"):
        normalise("colour", "rood")


@settings(deadline=None)
@given(
    st.lists(
        st.one_of(st.none(), st.sampled_from(["1234 ab", "3-2-1980", "06-12345678", "x"])),
        max_size=20,
    ),
    st.sampled_from(["postcode", "date", "phone", "name", "text"]),
)
def test_vectorised_equals_scalar(values: list[str | None], kind: str) -> None:
    expected = [normalise(kind, v) for v in values]
    assert normalise_many(kind, values) == expected
    assert normalise_many(kind, pa.array(values, pa.string())) == expected


# --- double surnames, roepnamen -------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "parts"),
    [
        ("de Bruin-de Vries", ("bruin", "vries")),
        ("Vliet-van den Berg", ("vliet", "berg")),
        ("Jansen - de Vries", ("jansen", "vries")),
        ("van den Berg", ("berg",)),
        ("Berg, van den", ("berg",)),
    ],
)
def test_double_surname_parts_lose_their_particles(written: str, parts: tuple[str, ...]) -> None:
    assert surname_parts(written) == parts


def test_one_line_married_name_keeps_the_double_surname_together() -> None:
    assert split_full_name("Saskia Nicole Laagveen-van Heijden") == (
        "saskia nicole",
        "laagveen-van heijden",
    )
    # a hyphenated given name is not a surname
    assert split_full_name("Jan-Willem de Vries") == ("jan-willem", "de vries")


@pytest.mark.parametrize(
    ("roepnaam", "official_initial"),
    [("hans", "j"), ("jan", "j"), ("mina", "w"), ("bert", "h"), ("bert", "a"), ("ria", "m")],
)
def test_roepnaam_fits_the_official_initial(roepnaam: str, official_initial: str) -> None:
    fits = official_initials(roepnaam)
    assert fits is not None and official_initial in fits and roepnaam[0] in fits


def test_ordinary_name_fits_only_its_own_initial() -> None:
    assert official_initials("sanne") == "s"
    assert official_initials(None) is None


def test_meijer_and_meyer_sound_alike() -> None:
    assert dutch_phonetic("Meijer") == dutch_phonetic("Meyer") == dutch_phonetic("Meier")
