"""Splink settings: ours (the Dutch layer) and a generic baseline for the benchmark.

Ours compares normalised columns of the person frame, with Dutch levels (initials vs full name,
roepnaam, particles, swapped day/month) and a household comparison whose weights are fixed, not
learnt: members of one household share surname and address, so that agreement must not carry a
twin, a parent or a child into one cluster.
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
    "l.surname_key = r.surname_key AND l.given_key = r.given_key",
    "l.given_initials = r.given_initials AND l.birth_date = r.birth_date",
    "l.surname_key = r.surname_key AND l.given_initials = r.given_initials"
    " AND length(l.given_initials) >= 2",
    "l.postcode = r.postcode AND l.birth_date = r.birth_date",
    "l.postcode = r.postcode AND l.surname_key = r.surname_key",
    "l.surname_key = r.given_key AND l.given_key = r.surname_key",
)


def dutch_settings() -> dict[str, Any]:
    given = {
        "output_column_name": "given_name",
        "comparison_levels": [
            _lvl(
                "(given_first_l IS NULL AND given_initials_l IS NULL) OR "
                "(given_first_r IS NULL AND given_initials_r IS NULL)",
                "null",
                is_null_level=True,
            ),
            _lvl("given_first_l = given_first_r", "exact (roepnaam folded)"),
            _lvl("given_key_l = given_key_r", "same Dutch sound"),
            _lvl(
                "jaro_winkler_similarity(given_first_l, given_first_r) >= 0.88",
                "jaro-winkler >= 0.88",
            ),
            _lvl("damerau_levenshtein(given_first_l, given_first_r) <= 2", "edit distance <= 2"),
            _lvl("given_initials_l = given_initials_r", "same initials"),
            _lvl(
                "(given_first_l IS NULL OR given_first_r IS NULL) AND "
                "left(given_initials_l, 1) = left(given_initials_r, 1)",
                "initial fits the name",
            ),
            _lvl(
                "(given_first_l IS NULL) <> (given_first_r IS NULL)",
                "initials against a call name",
            ),
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
                "(contains(surname_l, '-') OR contains(surname_r, '-')) AND "
                "list_has_any(string_split(surname_l, '-'), string_split(surname_r, '-'))",
                "one part of a double surname",
            ),
            _lvl("surname_key_l = surname_key_r", "same Dutch sound"),
            _lvl(
                "surname_l = given_first_r AND given_first_l = surname_r",
                "given name and surname swapped",
            ),
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
            _lvl("damerau_levenshtein(birth_date_l, birth_date_r) <= 1", "one typo"),
            _lvl(
                "birth_year_l = birth_year_r AND (birth_date_l IS NULL OR birth_date_r IS NULL)",
                "partial date fits",
            ),
            _lvl("damerau_levenshtein(birth_date_l, birth_date_r) <= 2", "two typos"),
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
                f"{same_home} AND birth_year_l IS NOT NULL AND birth_year_r IS NOT NULL AND "
                "abs(TRY_CAST(birth_year_l AS INTEGER) - TRY_CAST(birth_year_r AS INTEGER)) >= 14",
                "same home, a generation apart",
                m_probability=0.0005,
                u_probability=0.2,
                fix_m_probability=True,
                fix_u_probability=True,
            ),
            _lvl(
                f"{same_home} AND given_first_l IS NOT NULL AND given_first_r IS NOT NULL "
                "AND given_key_l <> given_key_r "
                "AND jaro_winkler_similarity(given_first_l, given_first_r) < 0.8",
                "same home, other given name",
                m_probability=0.0005,
                u_probability=0.5,
                fix_m_probability=True,
                fix_u_probability=True,
            ),
            _lvl(
                f"{same_home} AND (given_first_l IS NULL) <> (given_first_r IS NULL) "
                "AND left(given_initials_l, 1) <> left(given_initials_r, 1)",
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
