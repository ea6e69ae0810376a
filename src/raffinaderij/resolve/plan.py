"""Which rules train a model on this frame: chosen from the fields that are populated.

A source without birth dates (a public crime network, FtM data) or with names only must train
on what it has. EM estimates a comparison's m only in a pass whose blocking rule does not read
that comparison's fields, so the plan takes rules in order of preference until every populated
comparison is trained by some pass; the usual Dutch source (birth date, name, address) gets
the same two passes as before. When fewer than two identifying fields are populated nothing can
be learnt: one line names the missing fields (a RaffError), never a Splink traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

from raffinaderij.errors import RaffError

__all__ = ["FIELDS", "TrainingPlan", "plan_training", "rule_pairs"]

# field -> (frame columns that must be filled, what a user calls it in a mapping)
FIELDS: dict[str, tuple[tuple[str, ...], str]] = {
    "given": (("given_initials",), "given name (givenName, initials or roepnaam)"),
    "surname": (("surname",), "surname"),
    "birth": (("birth_year",), "birth date (birthDate)"),
    "address": (("postcode",), "address (postcode and house number via livesAt)"),
    "bsn": (("id_digits",), "BSN (bsn)"),
    "phone": (("phone",), "phone (usesPhone)"),
    "email": (("email",), "email"),
    "sex": (("sex",), "sex"),
}
# the comparisons EM trains, by the field each reads (household and kin are fixed, not learnt)
COMPARISON_FIELD = {
    "given_name": "given",
    "surname": "surname",
    "birth_date": "birth",
    "address": "address",
    "bsn": "bsn",
    "phone": "phone",
    "email": "email",
    "sex": "sex",
}
IDENTIFYING = ("given", "surname", "birth", "address", "bsn", "phone", "email")


@dataclass(frozen=True)
class _Rule:
    columns: tuple[str, ...]  # equal on both sides
    blocks: tuple[str, ...]  # fields EM cannot train in this pass


# EM passes in order of preference; the first two are the Dutch default
_EM: tuple[_Rule, ...] = (
    _Rule(("birth_date",), ("birth",)),
    _Rule(("surname_key", "postcode"), ("surname", "address")),
    _Rule(("surname_key", "given_key"), ("surname", "given")),
    _Rule(("postcode", "house_number"), ("address",)),
    _Rule(("id_digits",), ("bsn",)),
    _Rule(("phone",), ("phone",)),
    _Rule(("email",), ("email",)),
    _Rule(("surname_key",), ("surname",)),
    _Rule(("given_key",), ("given",)),
)
# rules for lambda (pairs almost surely the same person): those that find pairs, and when none
# does, the first fallback that does
_DETERMINISTIC: tuple[tuple[str, ...], ...] = (
    ("bsn",),
    ("id_digits",),
    ("surname", "given_first", "birth_date"),
)
_DETERMINISTIC_FALLBACK: tuple[tuple[str, ...], ...] = (
    ("surname", "given_first", "postcode", "house_number"),
    ("surname", "given_all", "postcode"),
    ("surname", "given_all", "birth_year"),
    ("surname", "given_first"),
)
_EXTRA: dict[tuple[str, ...], str] = {("id_digits",): " AND length(l.id_digits) >= 7"}
# an EM pass over more pairs than this keeps a seeded share of them (1M "same surname" pairs
# estimate m as well as 50M do)
MAX_EM_PAIRS = 2_000_000
MIN_EM_PAIRS = 50


def _sql(columns: tuple[str, ...]) -> str:
    return " AND ".join(f"l.{c} = r.{c}" for c in columns)


@dataclass
class TrainingPlan:
    populated: dict[str, int]  # field -> records with it filled
    deterministic_rules: list[str] = field(default_factory=list)
    em_rules: list[str] = field(default_factory=list)
    untrained: list[str] = field(default_factory=list)  # populated comparisons no pass trains

    def describe(self) -> dict[str, object]:
        return {
            "populated": self.populated,
            "deterministic_rules": self.deterministic_rules,
            "em_rules": self.em_rules,
            "untrained": self.untrained,
        }


def rule_pairs(con: duckdb.DuckDBPyConnection, table: str, columns: tuple[str, ...]) -> int:
    """Record pairs equal on every one of `columns` (none null) in `table`."""
    cols = ", ".join(columns)
    present = " AND ".join(f"{c} IS NOT NULL" for c in columns)
    row = con.execute(
        f"SELECT coalesce(sum(n * (n - 1) // 2), 0) FROM"
        f" (SELECT count(*) AS n FROM {table} WHERE {present} GROUP BY {cols})"
    ).fetchone()
    return int(row[0]) if row else 0


def plan_training(frame: pa.Table) -> TrainingPlan:
    """The rules that train a model on `frame`, or a RaffError naming what is missing."""
    con = duckdb.connect()
    try:
        con.register("frame", frame)
        counts = con.execute(
            "SELECT "
            + ", ".join(f"count({cols[0]})" for cols, _ in FIELDS.values())
            + " FROM frame"
        ).fetchone()
        populated = {
            name: int(n) for name, n in zip(FIELDS, counts or (), strict=True) if int(n) >= 2
        }
        have = [f for f in IDENTIFYING if f in populated]
        if len(have) < 2:
            missing = [FIELDS[f][1] for f in IDENTIFYING if f not in populated]
            filled = ", ".join(FIELDS[f][1] for f in have) or "none"
            raise RaffError(
                f"cannot train a matching model on {frame.num_rows} person records: they fill"
                f" only {filled}; resolution needs two of: {'; '.join(missing)}"
            )
        plan = TrainingPlan(populated)
        plan.deterministic_rules = [
            _sql(cols) + _EXTRA.get(cols, "")
            for cols in _DETERMINISTIC
            if rule_pairs(con, "frame", cols) > 0
        ]
        for cols in _DETERMINISTIC_FALLBACK if not plan.deterministic_rules else ():
            if rule_pairs(con, "frame", cols) > 0:
                plan.deterministic_rules.append(_sql(cols))
                break
        todo = {c for c, f in COMPARISON_FIELD.items() if f in populated}
        for rule in _EM:
            trains = {c for c in todo if COMPARISON_FIELD[c] not in rule.blocks}
            if not trains:
                continue
            pairs = rule_pairs(con, "frame", rule.columns)
            if pairs < MIN_EM_PAIRS:
                continue
            sql = _sql(rule.columns)
            if pairs > MAX_EM_PAIRS:
                share = max(2, -(-pairs // MAX_EM_PAIRS))
                # a seeded share of the pairs, the same on every run (LAW-15)
                sql += f" AND hash(l.unique_id || r.unique_id) % {share} = 0"
            plan.em_rules.append(sql)
            todo -= trains
            if not todo:
                break
        plan.untrained = sorted(todo)
        if not plan.em_rules:
            raise RaffError(
                f"cannot train a matching model on {frame.num_rows} person records: no two of"
                f" them share a {' or a '.join(FIELDS[f][1] for f in have)}"
            )
        return plan
    finally:
        con.close()
