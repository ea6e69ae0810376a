"""Dates the Dutch way, compiled to SQL: Dutch month names, two-digit years only with a declared
pivot, and partial dates (year, year-month, `19650000`, `00-03-1965`) kept with their precision.

The value a date becomes is ISO text of its precision: `1965-03-07`, `1965-03` or `1965`; a date
written as wholly unknown (`00000000`, `00-00-0000`) becomes '' (no statement, no reject); NULL
means "not a date" (the row is refused unless the value is optional).
"""

from __future__ import annotations

from collections.abc import Callable

from raffinaderij.model.normalise.dates import MONTHS

__all__ = ["date_sql", "precision_of"]

# A year as registrations write it (1000-2999); a three-digit "year" is a misread two-digit one.
_Y = "((?:1|2)[0-9]{3})"
_M = "(0?[1-9]|1[0-2])"
_Z2, _Z4 = "0{1,2}", "0{4}"
_S = "[-/. ]"
# (pattern, output template from the groups): tried in order when no format matched.
_PARTIAL = (
    (f"(?:{_Z4}{_S}?{_Z2}{_S}?{_Z2}|{_Z2}{_S}?{_Z2}{_S}?{_Z4})", "''"),  # wholly unknown
    (f"{_Y}0000", "\\1"),
    (f"{_Y}(0[1-9]|1[0-2])00", "\\1-\\2"),
    (f"{_Y}", "\\1"),
    (f"{_Y}{_S}{_M}(?:{_S}{_Z2})?", "\\1-\\2"),
    (f"{_Y}{_S}{_Z2}{_S}{_Z2}", "\\1"),
    (f"(?:{_Z2}{_S})?{_M}{_S}{_Y}", "\\2-\\1"),
    (f"{_Z2}{_S}{_Z2}{_S}{_Y}", "\\1"),
)


def precision_of(fmt: str) -> str:
    """'day', 'month' or 'year': what a strptime format pins down."""
    if "%d" in fmt or "%j" in fmt or "%-d" in fmt:
        return "day"
    if any(c in fmt for c in ("%m", "%b", "%B", "%-m")):
        return "month"
    return "year"


def _month_numbers(x: str) -> str:
    """A month written as a word (Dutch or English, `feb.` too) becomes its number."""
    word = f"lower(regexp_extract({x}, '([A-Za-z]+)', 1))"
    whens = " ".join(f"WHEN '{name}' THEN '{num}'" for name, num in MONTHS.items())
    num = f"(CASE {word} {whens} END)"
    return f"CASE WHEN {num} IS NULL THEN {x} ELSE regexp_replace({x}, '[A-Za-z]+\\.?', {num}) END"


def _numeric(fmt: str) -> str:
    return fmt.replace("%B", "%m").replace("%b", "%m")


def date_sql(
    x: str, formats: tuple[str, ...], pivot: int | None, param: Callable[[str], str]
) -> str:
    """SQL turning the text `x` into ISO text of its precision, '' when wholly unknown, else NULL.

    `param` binds a value and returns its placeholder (mapping formats are data, never SQL)."""
    worded = any("%b" in f or "%B" in f for f in formats)
    t = _month_numbers(x) if worded else x
    groups: dict[tuple[str, bool], list[str]] = {}
    for f in formats:
        groups.setdefault((precision_of(f), "%y" in f), []).append(_numeric(f))
    out_fmt = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}
    parsed = []
    for (precision, two_digit), fmts in groups.items():
        d = f"try_strptime({t}, [{', '.join(param(f) for f in fmts)}])"
        if two_digit:
            assert pivot is not None  # the mapping refuses %y without a pivot
            century = pivot - pivot % 100
            y = f"({century} + year({d}) % 100)"
            year = f"(CASE WHEN {y} < {pivot} THEN {y} + 100 ELSE {y} END)"
            d = f"try(make_date({year}, month({d}), day({d})))"
        else:
            d = f"(CASE WHEN year({d}) >= 1000 THEN {d} END)"
        parsed.append(f"strftime({d}, '{out_fmt[precision]}')")
    full = parsed[0] if len(parsed) == 1 else f"coalesce({', '.join(parsed)})"
    partial = " ".join(
        f"WHEN regexp_full_match(trim({x}), '{pat}') THEN "
        + ("''" if out == "''" else f"regexp_replace(trim({x}), '^{pat}$', '{out}')")
        for pat, out in _PARTIAL
    )
    return f"coalesce({full}, CASE {partial} END)"
