"""Splink settings: ours (the Dutch layer) and a generic baseline for the benchmark.

Ours compares normalised columns of the person frame, with Dutch levels (initials vs full name,
roepnaam, particles, swapped day/month) and a household comparison whose weights are fixed, not
learnt: members of one household share surname and address, so that agreement must not carry a
twin, a parent or a child into one cluster.

Dutch phenomena handled here: a married double name ("Bruin-de Vries", naamgebruik V or N) is
compared on each part's core against the birth name; a roepnaam is compared with the initials of
the official names it may stand for (`given_fits`: Hans -> J(ohannes), Mina -> W(ilhelmina));
a given name and surname swapped by a clerk; siblings at one address (other birth date) and
namesakes whose further initials conflict are held apart.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "BLOCKING_RULES",
    "GENERIC_BLOCKING_RULES",
    "dutch_settings",
    "generic_settings",
]


def _null(col: str) -> dict[str, Any]:
    return {
        "sql_condition": f'"{col}_l" IS NULL OR "{col}_r" IS NULL',
        "label_for_charts": "null",
        "is_null_level": True,
    }


def _lvl(sql: str, label: str, **kw: Any) -> dict[str, Any]:
    return {"sql_condition": sql, "label_for_charts": label, **kw}


_ELSE = _lvl("ELSE", "else")


def _lazy(cheap: str, costly: str) -> str:
    """`cheap AND costly`, with `costly` (a string distance) computed only where `cheap` holds:
    DuckDB evaluates both sides of an AND on every pair, a CASE only the branch it takes."""
    return f"CASE WHEN {cheap} THEN {costly} ELSE false END"


def _near_date(k: int) -> str:
    """Full birth dates (YYYY-MM-DD) within k <= 2 edits. Two such edits cannot touch all three
    of year, month and day (an edit across a dash would move it), so one part agrees: a cheap
    test that spares the edit distance on most pairs, with the very same outcome."""
    return _lazy(
        "left(birth_date_l, 4) = left(birth_date_r, 4)"
        " OR substr(birth_date_l, 6, 2) = substr(birth_date_r, 6, 2)"
        " OR right(birth_date_l, 2) = right(birth_date_r, 2)",
        f"damerau_levenshtein(birth_date_l, birth_date_r) <= {k}",
    )


# A clerk swapped the given name and the surname ("Slack-Smith, Katelyn" as given "Slack Smith");
# either side may carry a typo, and a double surname may land whole in the given-name field.
_SWAPPED = (
    "CASE WHEN surname_first_l = given_first_r"
    " OR jaro_winkler_similarity(surname_l, given_first_r) >= 0.88"
    " THEN (given_first_l = surname_first_r"
    " OR jaro_winkler_similarity(given_first_l, surname_r) >= 0.88) ELSE false END"
)
_SWAPPED_EITHER = (
    "(jaro_winkler_similarity(surname_l, given_first_r) >= 0.88"
    " OR jaro_winkler_similarity(given_first_l, surname_r) >= 0.88)"
)

# Blocking: each rule is a list of frame columns that must be equal; one rule may use the
# day/month-swapped birth date so a swapped registration still meets its twin record.
BLOCKING_RULES: tuple[str, ...] = (
    "l.id_digits = r.id_digits",
    "l.surname_key = r.surname_key AND l.birth_date = r.birth_date",
    "l.given_key = r.given_key AND l.birth_date = r.birth_date",
    "l.surname_key = r.surname_key AND l.birth_date_swapped = r.birth_date",
    "l.postcode = r.postcode AND l.house_number = r.house_number",
    "l.phone = r.phone",
    "l.email = r.email",
    # same names, birth date unknown on one side or typed wrong within the year (a name alone
    # would pair every Jan Jansen with every other: tens of millions of pairs at 1M records)
    "l.surname_key = r.surname_key AND l.given_key = r.given_key AND l.birth_year = r.birth_year",
    "l.surname_key = r.surname_key AND l.given_key = r.given_key AND l.birth_date IS NULL",
    "l.surname_key = r.surname_key AND l.given_key = r.given_key AND r.birth_date IS NULL",
    "l.given_initials = r.given_initials AND l.birth_date = r.birth_date",
    "l.surname_key = r.surname_key AND l.given_initials = r.given_initials"
    " AND length(l.given_initials) >= 2",
    "l.postcode = r.postcode AND l.birth_date = r.birth_date",
    "l.postcode = r.postcode AND l.surname_key = r.surname_key",
    "l.surname_key = r.given_key AND l.given_key = r.surname_key",
    # married double names (naamgebruik V/N) meet their birth name on either part: on the birth
    # date, or on two or more initials when one side is a double name
    "l.surname_last_key = r.surname_last_key AND l.birth_date = r.birth_date",
    "l.surname_first_key = r.surname_first_key AND l.birth_date = r.birth_date",
    "l.surname_last_key = r.surname_last_key AND l.given_initials = r.given_initials"
    " AND length(l.given_initials) >= 2 AND l.surname_first_key <> l.surname_last_key",
    "l.surname_last_key = r.surname_last_key AND l.given_initials = r.given_initials"
    " AND length(r.given_initials) >= 2 AND r.surname_first_key <> r.surname_last_key",
    "l.surname_first_key = r.surname_first_key AND l.given_initials = r.given_initials"
    " AND length(l.given_initials) >= 2 AND l.surname_first_key <> l.surname_last_key",
    "l.surname_first_key = r.surname_first_key AND l.given_initials = r.given_initials"
    " AND length(r.given_initials) >= 2 AND r.surname_first_key <> r.surname_last_key",
)


def dutch_settings() -> dict[str, Any]:
    # one side has only initials (or a roepnaam), the other a first name: does the name fit?
    fits = (
        "contains(given_fits_l, left(given_initials_r, 1)) OR "
        "contains(given_fits_r, left(given_initials_l, 1))"
    )
    conflict = (
        "length(given_initials_l) >= 2 AND length(given_initials_r) >= 2 AND "
        "NOT starts_with(given_initials_l, given_initials_r) AND "
        "NOT starts_with(given_initials_r, given_initials_l)"
    )
    given = {
        "output_column_name": "given_name",
        "comparison_levels": [
            _lvl(
                "(given_first_l IS NULL AND given_initials_l IS NULL) OR "
                "(given_first_r IS NULL AND given_initials_r IS NULL)",
                "null",
                is_null_level=True,
            ),
            _lvl(
                "given_all_l = given_all_r AND contains(given_all_l, ' ')",
                "all given names (two or more)",
            ),
            # same first name, but the further names conflict: a namesake, a twin, a cousin
            _lvl(
                _lazy("given_first_l = given_first_r", conflict), "first name, other names differ"
            ),
            _lvl("given_first_l = given_first_r", "exact (roepnaam folded)"),
            _lvl("given_key_l = given_key_r", "same Dutch sound"),
            _lvl(
                "jaro_winkler_similarity(given_first_l, given_first_r) >= 0.88",
                "jaro-winkler >= 0.88",
            ),
            _lvl("damerau_levenshtein(given_first_l, given_first_r) <= 2", "edit distance <= 2"),
            _lvl(
                "given_initials_l = given_initials_r AND length(given_initials_l) >= 3",
                "three or more initials",
            ),
            _lvl("given_initials_l = given_initials_r", "same initials"),
            _lvl(
                f"(given_first_l IS NULL OR given_first_r IS NULL) AND ({fits})",
                "initial fits the name (roepnaam aware)",
            ),
            _lvl(
                "(given_first_l IS NULL) <> (given_first_r IS NULL)",
                "initials against a call name",
            ),
            _lvl(f"{fits}", "call name may stand for the other name"),
            # roepnaam vs a second given name aside, true matches rarely disagree on the given name;
            # EM would learn a far milder weight from households, so it is fixed
            _lvl("ELSE", "else", m_probability=0.02, fix_m_probability=True),
        ],
    }
    surname = {
        "output_column_name": "surname",
        "comparison_levels": [
            _null("surname"),
            _lvl(
                "surname_l = surname_r AND coalesce(surname_particles_l, '') = coalesce(surname_particles_r, '')",
                "exact with particles",
            ),
            _lvl("surname_l = surname_r", "exact core, particles differ"),
            # Dutch married names: "Bakker-Grootrooij" is partner's name + own name
            _lvl(
                "surname_first_l = surname_first_r OR surname_last_l = surname_last_r OR "
                "surname_first_l = surname_last_r OR surname_last_l = surname_first_r",
                "one part of a double surname",
            ),
            _lvl("surname_key_l = surname_key_r", "same Dutch sound"),
            _lvl(
                "surname_first_key_l = surname_first_key_r OR surname_last_key_l = surname_last_key_r"
                " OR surname_first_key_l = surname_last_key_r OR surname_last_key_l = surname_first_key_r",
                "one part sounds the same",
            ),
            _lvl(_SWAPPED, "given name and surname swapped"),
            _lvl("jaro_winkler_similarity(surname_l, surname_r) >= 0.9", "jaro-winkler >= 0.9"),
            _lvl("damerau_levenshtein(surname_l, surname_r) <= 2", "edit distance <= 2"),
            _ELSE,
        ],
    }
    birth = {
        "output_column_name": "birth_date",
        "comparison_levels": [
            _lvl(
                "(birth_date_l IS NULL AND birth_year_l IS NULL) OR "
                "(birth_date_r IS NULL AND birth_year_r IS NULL)",
                "null",
                is_null_level=True,
            ),
            _lvl("birth_date_l = birth_date_r", "exact"),
            _lvl("birth_date_swapped_l = birth_date_r", "day and month swapped"),
            _lvl(_near_date(1), "one typo"),
            _lvl(
                "birth_year_l = birth_year_r AND (birth_date_l IS NULL OR birth_date_r IS NULL)",
                "partial date fits",
            ),
            _lvl(_near_date(2), "two typos"),
            # a sibling or a parent is years apart; a mistyped date rarely is
            _lvl(
                "abs(TRY_CAST(birth_year_l AS INTEGER) - TRY_CAST(birth_year_r AS INTEGER)) <= 1",
                "within a year",
            ),
            _ELSE,
        ],
    }
    address = {
        "output_column_name": "address",
        "comparison_levels": [
            _null("postcode"),
            _lvl(
                "postcode_l = postcode_r AND house_number_l = house_number_r", "postcode and number"
            ),
            _lvl(
                "postcode_l = postcode_r AND split_part(house_number_l, '-', 1) = "
                "split_part(house_number_r, '-', 1)",
                "postcode and number, addition differs",
            ),
            _lvl("postcode_l = postcode_r AND street_l = street_r", "postcode and street"),
            _lvl("postcode_l = postcode_r", "postcode"),
            _lvl("street_l = street_r AND house_number_l = house_number_r", "street and number"),
            _lvl("left(postcode_l, 4) = left(postcode_r, 4)", "postcode digits"),
            _lvl(
                "damerau_levenshtein(postcode_l, postcode_r) <= 1 AND house_number_l = house_number_r",
                "postcode typo, same number",
            ),
            _ELSE,
        ],
    }

    def simple(col: str) -> dict[str, Any]:
        return {
            "output_column_name": col,
            "comparison_levels": [_null(col), _lvl(f'"{col}_l" = "{col}_r"', "exact"), _ELSE],
        }

    ident = {
        "output_column_name": "bsn",
        "comparison_levels": [
            _null("id_digits"),
            _lvl("id_digits_l = id_digits_r", "exact"),
            _lvl("bsn_l IS NOT NULL AND bsn_r IS NOT NULL", "two different valid BSNs"),
            _lvl("damerau_levenshtein(id_digits_l, id_digits_r) <= 1", "one typo"),
            _ELSE,
        ],
    }

    # Household: same address but another person (sibling, twin, parent, child).
    # Fixed m/u: training data cannot teach it, matches almost never look like this.
    same_home = "postcode_l = postcode_r AND house_number_l = house_number_r"
    household = {
        "output_column_name": "household",
        "comparison_levels": [
            _lvl(
                _lazy(
                    same_home,
                    "birth_year_l IS NOT NULL AND birth_year_r IS NOT NULL AND abs(TRY_CAST("
                    "birth_year_l AS INTEGER) - TRY_CAST(birth_year_r AS INTEGER)) >= 14",
                ),
                "same home, a generation apart",
                m_probability=0.0005,
                u_probability=0.2,
                fix_m_probability=True,
                fix_u_probability=True,
            ),
            # siblings: both full birth dates, further apart than a typo or a day/month swap
            _lvl(
                _lazy(
                    same_home,
                    "birth_date_l IS NOT NULL AND birth_date_r IS NOT NULL AND "
                    f"birth_date_swapped_l <> birth_date_r AND NOT ({_near_date(2)})",
                ),
                "same home, another birth date",
                m_probability=0.002,
                u_probability=0.3,
                fix_m_probability=True,
                fix_u_probability=True,
            ),
            _lvl(
                _lazy(
                    same_home,
                    _lazy(
                        "given_first_l IS NOT NULL AND given_first_r IS NOT NULL"
                        " AND given_key_l <> given_key_r",
                        "jaro_winkler_similarity(given_first_l, given_first_r) < 0.8"
                        f" AND NOT {_SWAPPED_EITHER}",
                    ),
                ),
                "same home, other given name",
                m_probability=0.0005,
                u_probability=0.5,
                fix_m_probability=True,
                fix_u_probability=True,
            ),
            _lvl(
                _lazy(
                    same_home,
                    "(given_first_l IS NULL) <> (given_first_r IS NULL)"
                    " AND left(given_initials_l, 1) <> left(given_initials_r, 1)",
                ),
                "same home, initials do not fit the call name",
                m_probability=0.01,
                u_probability=0.3,
                fix_m_probability=True,
                fix_u_probability=True,
            ),
            _lvl(
                "ELSE",
                "no household conflict",
                m_probability=1.0,
                u_probability=1.0,
                fix_m_probability=True,
                fix_u_probability=True,
            ),
        ],
    }
    # Kin: twins and a generation apart. Same surname and birth date outweigh a different given
    # name, and a junior shares his father's full name; matches almost never look like this.
    # Fixed m/u like the household: EM on "same birth date" would learn them from the twins.
    other_given = (
        "((given_first_l IS NOT NULL AND given_first_r IS NOT NULL AND given_key_l <> given_key_r"
        " AND jaro_winkler_similarity(given_first_l, given_first_r) < 0.8)"
        " OR (given_first_l IS NULL AND given_first_r IS NULL"
        " AND left(given_initials_l, 1) <> left(given_initials_r, 1)))"
        f" AND NOT ({fits}) AND NOT {_SWAPPED_EITHER}"
    )
    apart = _lazy(
        "abs(TRY_CAST(birth_year_l AS INTEGER) - TRY_CAST(birth_year_r AS INTEGER)) >= 15",
        "CASE WHEN birth_date_l IS NOT NULL AND birth_date_r IS NOT NULL"
        f" THEN NOT ({_near_date(2)})"
        " ELSE damerau_levenshtein(birth_year_l, birth_year_r) > 1 END",
    )
    kin = {
        "output_column_name": "kin",
        "comparison_levels": [
            _lvl(
                _lazy("surname_key_l = surname_key_r AND birth_date_l = birth_date_r", other_given),
                "twins: same surname and birth date, another given name",
                m_probability=0.001,
                u_probability=1.0,
                fix_m_probability=True,
                fix_u_probability=True,
            ),
            _lvl(
                apart,
                "born a generation apart (15 years or more, not a typo)",
                m_probability=0.001,
                u_probability=1.0,
                fix_m_probability=True,
                fix_u_probability=True,
            ),
            _lvl(
                "ELSE",
                "no kin conflict",
                m_probability=1.0,
                u_probability=1.0,
                fix_m_probability=True,
                fix_u_probability=True,
            ),
        ],
    }
    # Vehicles: supporting evidence only. Household members, a driver and the straw-man keeper
    # of his car share plates too, so agreement is worth far less than a BSN or a phone, and no
    # plate in common hardly counts against (people change cars). Fixed, not learnt: EM would
    # learn it from the pairs its blocking rules meet, households among them.
    shared = "plate_a_l IN (plate_a_r, plate_b_r) OR plate_b_l IN (plate_a_r, plate_b_r)"
    vehicle = {
        "output_column_name": "vehicle",
        "comparison_levels": [
            _null("plate_a"),
            _lvl(
                shared,
                "a vehicle in common",
                m_probability=0.5,
                u_probability=0.02,
                fix_m_probability=True,
                fix_u_probability=True,
            ),
            _lvl(
                "ELSE",
                "no vehicle in common",
                m_probability=0.5,
                u_probability=0.98,
                fix_m_probability=True,
                fix_u_probability=True,
            ),
        ],
    }
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": 1e-5,
        "comparisons": [
            given,
            surname,
            birth,
            address,
            ident,
            simple("phone"),
            simple("email"),
            simple("sex"),
            household,
            kin,
            vehicle,
        ],
        "blocking_rules_to_generate_predictions": [
            {"blocking_rule": rule, "sql_dialect": "duckdb"} for rule in BLOCKING_RULES
        ],
        "retain_matching_columns": True,
        "retain_intermediate_calculation_columns": True,
        "max_iterations": 20,
        "em_convergence": 0.0001,
    }


# Generic: what a first Splink model on raw columns looks like (no Dutch cleaning).
GENERIC_BLOCKING_RULES: tuple[str, ...] = (
    "l.first_name = r.first_name AND l.surname = r.surname",
    "l.dob = r.dob",
    "l.postcode = r.postcode",
)


def generic_settings() -> dict[str, Any]:
    import splink.comparison_library as cl

    comparisons: list[Any] = [
        cl.NameComparison("first_name"),
        cl.NameComparison("surname"),
        cl.LevenshteinAtThresholds("dob", [1, 2]),
        cl.ExactMatch("postcode"),
        cl.ExactMatch("house_number"),
        cl.ExactMatch("phone"),
        cl.ExactMatch("bsn"),
    ]
    from splink import SettingsCreator

    creator = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=list[Any](GENERIC_BLOCKING_RULES),
        retain_intermediate_calculation_columns=False,
    )
    return creator.get_settings("duckdb").as_dict()
