"""Blocking keys of the stored frame, as one hashed column, so link_new finds candidates fast.

Every blocking rule is an equality of frame columns (plus, at most, a condition on one record).
A record's key for a rule is a hash of the rule number and those columns; two records meet under
the rule when their keys are equal. For a rule that compares different columns on each side
(birth date against the swapped birth date, surname against given name) the record gets one key
per side, tagged L and R, and a new record looks up the opposite side. A new batch then needs
one hash join against `resolve_keys` instead of a scan per rule. A hash collision only adds a
candidate: Splink applies the rules themselves when it scores.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from raffinaderij.resolve.settings import BLOCKING_RULES

__all__ = ["KeyRule", "key_rules", "probe_keys_sql", "stored_keys_sql"]

_EQ = re.compile(r"([lr])\.(\w+) = ([lr])\.(\w+)")


@dataclass(frozen=True)
class KeyRule:
    tag: str  # "3", or "3L"/"3R" for one side of an asymmetric rule
    columns: tuple[str, ...]  # the record's columns hashed, in rule order
    condition: str  # a condition on the record itself ("true" when none)


def _key_sql(tag: str, columns: tuple[str, ...], condition: str, alias: str) -> str:
    cols = [f"{alias}.{c}" for c in columns]
    present = " AND ".join(f"{c} IS NOT NULL" for c in cols)
    cond = re.sub(r"\b[lr]\.", f"{alias}.", condition)
    return f"CASE WHEN {present} AND ({cond}) THEN hash('{tag}', {', '.join(cols)}) END"


def key_rules() -> list[tuple[KeyRule, KeyRule]]:
    """Per rule and orientation: (the key a stored record carries, the key a new record probes)."""
    out: list[tuple[KeyRule, KeyRule]] = []
    for i, rule in enumerate(BLOCKING_RULES):
        terms = [t.strip() for t in re.split(r"\bAND\b", rule)]
        eqs = []
        extra: list[str] = []
        for t in terms:
            m = _EQ.fullmatch(t)
            if m and m.group(1) == "l" and m.group(3) == "r":
                eqs.append((m.group(2), m.group(4)))
            elif m and m.group(1) == "r" and m.group(3) == "l":
                eqs.append((m.group(4), m.group(2)))
            else:
                extra.append(t)
        left = tuple(a for a, _ in eqs)
        right = tuple(b for _, b in eqs)
        if left == right and not extra:
            k = KeyRule(str(i), left, "true")
            out.append((k, k))
            continue
        on_l = " AND ".join(t for t in extra if "l." in t) or "true"
        on_r = " AND ".join(t for t in extra if "r." in t) or "true"
        stored_l, stored_r = KeyRule(f"{i}L", left, on_l), KeyRule(f"{i}R", right, on_r)
        # a new record playing l must equal a stored record's R key, and vice versa
        out.append((stored_l, KeyRule(f"{i}L", right, on_r)))
        out.append((stored_r, KeyRule(f"{i}R", left, on_l)))
    return out


def stored_keys_sql(table: str) -> str:
    """(key, unique_id) for every record of `table` (a frame)."""
    exprs = ", ".join(_key_sql(s.tag, s.columns, s.condition, "f") for s, _ in key_rules())
    return (
        f"SELECT key, unique_id FROM (SELECT unnest([{exprs}]) AS key, unique_id FROM {table} f)"
        " WHERE key IS NOT NULL"
    )


def probe_keys_sql(table: str, *, with_ids: bool = False) -> str:
    """The distinct keys the records of `table` (new records) look up among the stored ones
    (with `with_ids`: (key, unique_id) of the record that looks it up)."""
    exprs = ", ".join(_key_sql(p.tag, p.columns, p.condition, "n") for _, p in key_rules())
    ids = ", unique_id" if with_ids else ""
    return (
        f"SELECT DISTINCT key{ids} FROM (SELECT unnest([{exprs}]) AS key{ids} FROM {table} n)"
        " WHERE key IS NOT NULL"
    )
