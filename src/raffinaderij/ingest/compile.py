"""A mapping compiled to set-based SQL over __raw: values, reject reasons, registrations, statements.

Pure builders: every identifier is quoted with `ident`, every value from the mapping is a bound
parameter, so neither a column header nor a mapping key can ever become SQL (injection tests).
"""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from raffinaderij.ingest.dates import date_sql
from raffinaderij.ingest.mapping import DOCUMENT_FORMATS, Mapping, ValueSpec, WhenSpec
from raffinaderij.ingest.staging import PREHASH, ROW, ident
from raffinaderij.model.codes import Codes, codes

__all__ = ["MAX_VALUE_CHARS", "Compiled", "compile_mapping"]

MAX_VALUE_CHARS = 1_000_000
_NOT_EMPTY = "CASE WHEN trim({x}) = '' THEN NULL ELSE {x} END"
# C0 control characters but tab, newline and carriage return, and DEL: never data (a NUL from a
# binary export would otherwise be stored). A regular expression deletes them: translate() with
# these characters cost ten times as much (0.9 s against 0.08 s per million values, DuckDB 2.0).
_CONTROL = "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]"


# Forms of address and academic titles before a name ("Herr Prof. Dr.", "mr. drs.", "De heer").
_TITLE_WORDS = (
    "de heer", "mevrouw", "mevr", "mw", "dhr", "hr", "herr", "frau", "monsieur", "madame", "mme",
    "mr", "mrs", "ms", "miss", "sir", "dame", "prof", "dr", "drs", "ir", "ing", "ds", "mgr",
    "bc", "lic", "dipl\\.-ing",
)  # fmt: skip
_TITLES = "(?i)^\\s*(?:(?:" + "|".join(_TITLE_WORDS) + ")(?:\\.\\s*|\\s+))+"


def _source(name: str) -> str:
    """A source column as text with control characters stripped."""
    return f"regexp_replace({ident(name)}, '{_CONTROL}', '', 'g')"


@dataclass
class Params:
    values: dict[str, Any] = field(default_factory=dict)

    def add(self, value: Any) -> str:
        name = f"p{len(self.values)}"
        self.values[name] = value
        return "$" + name


@dataclass(frozen=True)
class Check:
    condition: str  # true when the row must be refused
    field: str
    reason: str  # SQL expression giving the reason text


@dataclass
class Compiled:
    params: Params
    stage_columns: list[tuple[str, str]]  # (alias, expression over __raw)
    checks: list[Check]
    hash_columns: list[str]
    entity_keys: dict[str, str]  # local entity name -> stage alias of its key
    statements: list[
        str
    ]  # SELECT(s) over __good giving (reg_key, entity_key, schema, prop, value, qualifier)
    reg_id_expr: str  # over __raw, for the duplicate pre-pass
    keep: list[str] = field(default_factory=list)  # stage columns the writes need
    # SELECTs over __good giving (schema, entity_key) of every entity that gets a statement:
    # the per-type entity count without re-reading the statements table.
    entity_rows: list[str] = field(default_factory=list)


def _text(spec: ValueSpec, p: Params, source: Callable[[str], str] = _source) -> str:
    """The spec's raw text as one VARCHAR (NULL when empty), before split and format.
    `source(name)`: the SQL of a source column as clean text."""
    if spec.row_number:
        expr = f"CAST({ident(ROW)} AS VARCHAR)"
    elif spec.column is not None:
        x = source(spec.column)
        expr = _NOT_EMPTY.format(x=x)
    elif spec.const is not None:
        expr = f"CAST({p.add(spec.const)} AS VARCHAR)"
    else:
        assert spec.template is not None
        pieces, names = [], []
        for literal, name, _, _ in string.Formatter().parse(spec.template):
            if literal:
                pieces.append(p.add(literal))
            if name is not None:
                pieces.append(f"coalesce({source(name)}, '')")
                names.append(name)
        joined = f"trim(regexp_replace(concat({', '.join(pieces)}), '\\s+', ' ', 'g'))"
        # A template over only empty columns is empty, not its literal glue.
        all_empty = " AND ".join(f"coalesce(trim({source(n)}), '') = ''" for n in names)
        expr = f"CASE WHEN {all_empty} THEN NULL ELSE {joined} END"
    for t in spec.transforms:
        if t == "strip":
            expr = f"trim({expr})"
        elif t == "upper":
            expr = f"upper({expr})"
        elif t == "lower":
            expr = f"lower({expr})"
        elif t == "digits":
            expr = f"regexp_replace({expr}, '[^0-9]', '', 'g')"
        elif t == "strip_titles":
            expr = f"trim(regexp_replace({expr}, {p.add(_TITLES)}, ''))"
        elif t == "titles":
            expr = f"trim(regexp_extract({expr}, {p.add(_TITLES)}, 0))"
    if spec.transforms:
        expr = f"nullif({expr}, '')"
    if spec.values:
        # `values:` says what a source value means; one translated to "" is empty.
        whens = " ".join(f"WHEN {p.add(src)} THEN {p.add(meant)}" for src, meant in spec.values)
        expr = f"nullif(CASE lower(trim({expr})) {whens} ELSE {expr} END, '')"
    return expr


class _Builder:
    def __init__(self, mapping: Mapping) -> None:
        self.m = mapping
        self.p = Params()
        self.cols: list[tuple[str, str]] = []
        self.checks: list[Check] = []
        self.hash_cols: list[str] = []
        self.n = 0
        # Control characters are rare: one test of the row's columns together says whether its
        # values need the regular expression at all (half the cost of running it on each value).
        read = ", ".join(ident(c) for c in mapping.columns())
        self.dirty = (
            self.col(f"regexp_matches(concat({read}), '{_CONTROL}')", hashed=False)
            if read
            else "false"
        )

    def source(self, name: str) -> str:
        """A source column as clean text (see `_source`)."""
        return f"CASE WHEN {self.dirty} THEN {_source(name)} ELSE {ident(name)} END"

    def col(self, expr: str, *, hashed: bool = True) -> str:
        alias = f"__c{self.n}"
        self.n += 1
        self.cols.append((alias, expr))
        if hashed:
            self.hash_cols.append(alias)
        return alias

    def reason(self, template: str, *values: str) -> str:
        """format() with the offending value cut short: enough to find it, not a data dump."""
        args = "".join(f", left(CAST({v} AS VARCHAR), 60)" for v in values)
        return f"printf({self.p.add(template)}{args})"

    def value(self, spec: ValueSpec, *, limit: bool = True) -> str:
        """Stage alias of a property/key value: text or (split) a list; dates parsed to ISO."""
        text = _text(spec, self.p, self.source)
        if spec.split is not None:
            raw = self.col(
                f"list_distinct(list_filter(list_transform(string_split({text}, {self.p.add(spec.split)}), "
                "lambda e: trim(e)), lambda e: e <> ''))",
                hashed=False,
            )
            raw_ref = f"nullif({raw}, [])"
        else:
            raw = self.col(text, hashed=False)
            raw_ref = raw
        if limit:
            size = (
                f"list_max(list_transform({raw}, lambda e: length(e)))"
                if spec.split
                else f"length({raw})"
            )
            self.checks.append(
                Check(f"coalesce({size}, 0) > {MAX_VALUE_CHARS}", spec.label,
                      self.reason(f"value too large (over {MAX_VALUE_CHARS} characters)"))
            )  # fmt: skip
        if not spec.formats:
            out = self.col(raw_ref)
            return out
        fmt_text = self.p.add(", ".join(spec.formats))
        if spec.split is not None:
            each = date_sql("e", spec.formats, spec.pivot, self.p.add)
            parsed = self.col(f"list_transform({raw}, lambda e: {each})", hashed=False)
            out = self.col(f"nullif(list_filter({parsed}, lambda e: e <> ''), [])")
            bad = f"list_contains(list_transform({parsed}, lambda e: e IS NULL), true)"
        else:
            parsed = self.col(date_sql(raw, spec.formats, spec.pivot, self.p.add), hashed=False)
            out = self.col(f"nullif({parsed}, '')")
            bad = f"{raw} IS NOT NULL AND {parsed} IS NULL"
        if not spec.optional:
            self.checks.append(
                Check(
                    bad,
                    spec.label,
                    f"format('not a date in the formats {{}}: {{}}', {fmt_text}, left(CAST({raw} AS VARCHAR), 60))",
                )
            )
        return out

    def coded(self, raw: str, name: str, known: Codes) -> str:
        """The stored spelling of the code `raw` (after `values:`), NULL when it is none."""
        whens = " ".join(
            f"WHEN {self.p.add(code.lower())} THEN {self.p.add(code)}"
            for code in known.allowed(name)
        )
        return f"CAST(CASE lower(trim({raw})) {whens} ELSE NULL END AS VARCHAR)"

    def unknown_code(self, name: str, known: Codes, *, law: str = "LAW-01") -> str:
        allowed = ", ".join(known.allowed(name)).replace("%", "%%")
        return (
            f"{name}: %s is not a known code ({allowed}); translate it with values: "
            f"in the mapping ({law})"
        )

    def when(self, cond: WhenSpec) -> str:
        """True on the rows where a conditional entity exists."""
        text = _text(cond.value, self.p, self.source)
        if cond.op == "not_empty":
            return f"({text} IS NOT NULL)"
        return f"(lower(trim({text})) IN ({', '.join(self.p.add(v) for v in cond.values)}))"

    def required(self, name: str, spec: ValueSpec) -> str:
        text = self.col(_text(spec, self.p, self.source), hashed=False)
        self.checks.append(
            Check(
                f"{text} IS NULL",
                spec.label,
                self.reason(f"missing {name} (every record needs it, LAW-01)"),
            )
        )
        return text

    def registration(self) -> dict[str, str]:
        r = self.m.registration
        out: dict[str, str] = {}
        rid = self.required("registration id", r["id"])
        out["id"] = self.col(f"trim({rid})")
        known = codes()
        raw_basis = self.required("legal basis", r["legal_basis"])
        basis = self.col(
            f"TRY_CAST(regexp_extract(lower({raw_basis}), "
            "'^\\s*(?:wpg\\s*)?(?:art(?:ikel|\\.)?\\s*)?(\\d+)\\s*$', 1) AS SMALLINT)"
        )
        out["legal_basis"] = basis
        self.checks.append(
            Check(
                f"{basis} = 12",
                r["legal_basis"].label,
                self.reason("legal basis 12 (informants) is never ingested (Wpg 12, LAW-01)"),
            )
        )
        bases = ", ".join(known.allowed("legal_basis"))
        self.checks.append(Check(f"{raw_basis} IS NOT NULL AND coalesce({basis} NOT IN ({bases}) AND {basis} <> 12, true)",
                                 r["legal_basis"].label, self.reason(self.unknown_code("legal_basis", known), raw_basis)))  # fmt: skip
        fp = r["first_processed"]
        raw_fp = self.required("first-processing date", fp)
        if fp.formats:
            # A term starts on a day: a partial date is no first-processing date.
            parsed = f"TRY_CAST({date_sql(raw_fp, fp.formats, fp.pivot, self.p.add)} AS DATE)"
        else:
            parsed = f"coalesce(TRY_CAST({raw_fp} AS DATE), CAST(TRY_CAST({raw_fp} AS TIMESTAMP) AS DATE))"
        out["first_processed"] = self.col(parsed)
        self.checks.append(
            Check(
                f"{raw_fp} IS NOT NULL AND {out['first_processed']} IS NULL",
                fp.label,
                self.reason(
                    "first-processing date %s is not a date in the mapping's format", raw_fp
                ),
            )
        )
        self.checks.append(
            Check(
                f"{out['first_processed']} > CAST($today AS DATE)",
                fp.label,
                self.reason("first-processing date %s lies in the future", out["first_processed"]),
            )
        )
        raw_level = self.required("authorisation level", r["level"])
        out["level"] = self.col(f"TRY_CAST(trim({raw_level}) AS SMALLINT)")
        levels = ", ".join(known.allowed("level"))
        self.checks.append(
            Check(
                f"{raw_level} IS NOT NULL AND coalesce({out['level']} NOT IN ({levels}), true)",
                r["level"].label,
                self.reason(self.unknown_code("level", known), raw_level),
            )
        )
        for name, what in (
            ("confidentiality", "confidentiality code"),
            ("reliability", "reliability code"),
            ("acquisition", "acquisition method"),
            ("fact_judgement", "fact/judgement flag"),
            ("role", "data-subject role"),
        ):
            raw = self.required(what, r[name])
            out[name] = self.col(self.coded(raw, name, known))
            self.checks.append(
                Check(
                    f"{raw} IS NOT NULL AND {out[name]} IS NULL",
                    r[name].label,
                    self.reason(self.unknown_code(name, known), raw),
                )
            )
        if "covert" in r:
            raw = self.col(_text(r["covert"], self.p, self.source), hashed=False)
            out["covert"] = self.col(self.coded(raw, "covert", known))
            self.checks.append(
                Check(
                    f"{raw} IS NOT NULL AND {out['covert']} IS NULL",
                    r["covert"].label,
                    self.reason(self.unknown_code("covert", known, law="LAW-14"), raw),
                )
            )
        else:
            out["covert"] = "NULL"
        out["case"] = (
            self.col(f"trim({_text(r['case'], self.p, self.source)})") if "case" in r else "NULL"
        )
        return out


def compile_mapping(mapping: Mapping, *, has_prehash: bool = False) -> Compiled:
    b = _Builder(mapping)
    reg = b.registration()
    reg_key = b.col(f"{b.p.add(mapping.source + ':')} || {reg['id']}", hashed=False)
    keys: dict[str, str] = {}
    props: list[tuple[str, str, str, str, bool]] = []  # entity, schema, prop, alias, is_list
    doc_text = mapping.input.format in DOCUMENT_FORMATS
    for ent in mapping.entities:
        parts = [b.value(spec) for spec in ent.key]
        prefix = b.p.add(f"{mapping.source}/{ent.type}/")
        joined = " || '|' || ".join(f"coalesce({a}, '')" for a in parts)
        none = " AND ".join(f"{a} IS NULL" for a in parts)
        absent = (
            none if ent.when is None else f"({none}) OR NOT coalesce({b.when(ent.when)}, false)"
        )
        keys[ent.name] = b.col(f"CASE WHEN {absent} THEN NULL ELSE {prefix} || {joined} END")
        for pname, spec in ent.properties:
            # Document text may be long; every other value is bounded.
            alias = b.value(
                spec, limit=not (doc_text and ent.type == "Document" and pname == "text")
            )
            props.append((ent.name, ent.type, pname, alias, spec.split is not None))
    roles: list[tuple[int, str]] = []
    for i, link in enumerate(mapping.links):
        if link.role is not None:
            roles.append((i, b.col(_text(link.role, b.p, b.source))))
    if has_prehash:
        b.hash_cols.append(PREHASH)
    rk = "__reg_key"
    # Every statement of a row as one struct in one list, unnested in a single pass over __good:
    # one scan instead of one per property, and a registration's statements stay together.
    singles: list[str] = []
    lists: list[str] = []
    # entity name -> the conditions under which that row gives the entity a statement
    emits: dict[str, list[str]] = {}

    def fact(key: str, schema: str, prop: str, value: str, qualifier: str) -> str:
        return (
            f"{{'e': {key}, 's': CAST({b.p.add(schema)} AS VARCHAR), "
            f"'p': CAST({b.p.add(prop)} AS VARCHAR), 'v': {value}, 'q': {qualifier}}}"
        )

    for ent_name, schema, pname, alias, is_list in props:
        k = f"__k_{ent_name}"
        if is_list:
            lists.append(
                f"list_transform({alias}, lambda v: {fact(k, schema, pname, 'v', 'NULL::VARCHAR')})"
            )
        else:
            singles.append(fact(k, schema, pname, f"CAST({alias} AS VARCHAR)", "NULL::VARCHAR"))
        emits.setdefault(ent_name, []).append(f"{alias} IS NOT NULL")
    role_alias = dict(roles)
    by_name = {e.name: e for e in mapping.entities}
    for i, link in enumerate(mapping.links):
        kf, kt = f"__k_{link.source}", f"__k_{link.target}"
        q = f"CAST(__r{i} AS VARCHAR)" if i in role_alias else "NULL::VARCHAR"
        singles.append(fact(kf, by_name[link.source].type, link.type, kt, q))
        emits.setdefault(link.source, []).append(f"{kt} IS NOT NULL")
    stmts: list[str] = []
    if singles or lists:
        every = f"[{', '.join(singles)}]" if singles else None
        for part in lists:
            every = part if every is None else f"list_concat({every}, {part})"
        stmts.append(
            f"SELECT {rk}, f.e, f.s, f.p, f.v, f.q FROM (SELECT {rk}, unnest({every}) AS f FROM __good) "
            "WHERE f.e IS NOT NULL AND f.v IS NOT NULL"
        )
    entity_rows = [
        f"SELECT {b.p.add(by_name[name].type)}, __k_{name} FROM __good "
        f"WHERE __k_{name} IS NOT NULL AND ({' OR '.join(conds)})"
        for name, conds in emits.items()
    ]
    stage = list(b.cols)
    stage.append(("__reg_key", reg_key))
    for name, alias in keys.items():
        stage.append((f"__k_{name}", alias))
    for i, alias in roles:
        stage.append((f"__r{i}", alias))
    for field_name, alias in reg.items():
        stage.append((f"__reg_{field_name}", alias))
    # The writes need the named columns and the property values, not the intermediate ones.
    named = [a for a, _ in stage[len(b.cols) :]]
    keep = list(dict.fromkeys([*named, *(alias for *_, alias, _ in props)]))
    return Compiled(
        keep=keep, params=b.p, stage_columns=stage, checks=b.checks, hash_columns=b.hash_cols,
        entity_keys={n: f"__k_{n}" for n in keys}, statements=stmts, entity_rows=entity_rows,
        reg_id_expr=f"trim({_text(mapping.registration['id'], b.p)})",
    )  # fmt: skip
