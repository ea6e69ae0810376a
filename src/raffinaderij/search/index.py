"""The full-text index: derived from statements, rebuilt at will, never the truth.

One tantivy document per (entity_key, reg_key) with Dutch-aware text, name tokens with a Dutch
phonetic key, normalised identifiers (plate, phone, postcode, BSN) and the registration's filter
fields. The index only proposes candidates; the guard's SQL predicate decides what is visible,
so counts and facets come from SQL (LAW-06). Confidential, blocked and art. 14 registrations
never enter it (LAW-02, Wpg 14/28).
"""

from __future__ import annotations

import json
import re
import shutil
import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tantivy

from raffinaderij.model.normalise import normalise
from raffinaderij.model.normalise.address import parse_postcode_house
from raffinaderij.model.normalise.phonetic import dutch_phonetic
from raffinaderij.model.ontology import ontology
from raffinaderij.store.db import Store

__all__ = [
    "INDEX_VERSION",
    "Candidate",
    "SearchIndex",
    "build_index",
    "candidates",
    "fingerprint",
    "index_for",
    "rebuild_index",
]

INDEX_VERSION = "fts-v1"
_NAME_KINDS = {"name"}
_IDENT_KINDS = {"plate", "phone", "postcode", "bsn", "email"}
_WORD = re.compile(r"[0-9a-z]+")


@dataclass(frozen=True)
class Candidate:
    entity_key: str
    reg_key: str
    schema: str
    rank: int
    values: list[tuple[str, str]]


class SearchIndex:
    def __init__(self, index: tantivy.Index, fp: tuple[Any, ...]) -> None:
        self.index = index
        self.fingerprint = fp
        self._folder = _analyzer()

    def fold(self, text: str) -> list[str]:
        return list(self._folder.analyze(text))


def _analyzer() -> Any:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )


def _dutch() -> Any:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .filter(tantivy.Filter.stemmer("dutch"))
        .build()
    )


def _schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    b.add_text_field("entity_key", stored=True, tokenizer_name="raw")
    b.add_text_field("reg_key", stored=True, tokenizer_name="raw")
    b.add_text_field("schema", stored=True, tokenizer_name="raw", fast=True)
    b.add_text_field("text", tokenizer_name="raff_nl")
    b.add_text_field("names", tokenizer_name="raff_fold")
    b.add_text_field("phon", tokenizer_name="raw")
    b.add_text_field("ident", tokenizer_name="raw")
    b.add_text_field("values", stored=True, tokenizer_name="raw", index_option="basic")
    # The registration's filter fields (diagnostics and prefilters; the guard decides in SQL).
    for name in ("level", "basis", "year"):
        b.add_integer_field(name, stored=True, fast=True, indexed=True)
    for name in ("source", "confidentiality", "stage", "case_id", "covert"):
        b.add_text_field(name, stored=True, tokenizer_name="raw", fast=True)
    b.add_boolean_field("blocked", stored=True, fast=True, indexed=True)
    b.add_date_field("first_processed", stored=True, fast=True, indexed=True)
    return b.build()


def _new_index(path: Path | None) -> tantivy.Index:
    schema = _schema()
    if path is not None:
        path.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(schema, path=str(path) if path else None, reuse=False)
    _register(index)
    return index


def _register(index: tantivy.Index) -> None:
    index.register_tokenizer("raff_nl", _dutch())
    index.register_tokenizer("raff_fold", _analyzer())


def fingerprint(store: Store) -> tuple[Any, ...]:
    """Cheap: changes whenever statements or registrations are added, removed or re-ingested."""
    row = store.query(
        "SELECT (SELECT count(*) FROM statements), (SELECT count(*) FROM registrations),"
        " (SELECT CAST(max(ingested_at) AS VARCHAR) FROM registrations),"
        " (SELECT count(*) FROM registrations WHERE blocked OR stage <> 'active')"
    )[0]
    return (INDEX_VERSION, *row)


def build_index(
    store: Store, path: Path | None, *, confidential_codes: Sequence[str]
) -> SearchIndex:
    """Build the index from statements (in memory when `path` is None)."""
    fp = fingerprint(store)
    if path is not None and path.exists():
        shutil.rmtree(path)
    index = _new_index(path)
    onto = ontology()
    links = sorted(onto.links)
    special = {f"{s}\x1f{p}" for s, p in onto.special}
    kinds = {
        (s, p): prop.kind for s, obj in onto.objects.items() for p, prop in obj.properties.items()
    }
    writer = index.writer(heap_size=256_000_000, num_threads=1)
    cur = store.cursor()
    try:
        reader = cur.sql(
            """
            SELECT s.entity_key, s.reg_key, any_value(s.schema),
                   list(s.prop ORDER BY s.prop, s.value), list(s.value ORDER BY s.prop, s.value),
                   any_value(r.level), any_value(r.legal_basis), any_value(r.first_processed),
                   any_value(r.source), any_value(r.confidentiality), any_value(r.stage),
                   any_value(r.case_id), any_value(r.covert), any_value(r.blocked)
            FROM statements s JOIN registrations r ON r.reg_key = s.reg_key
            WHERE NOT list_contains($links, s.prop)
              AND NOT list_contains($special, s.schema || chr(31) || s.prop)
              AND NOT list_contains($codes, r.confidentiality) AND NOT r.blocked
              AND r.stage = 'active'
            GROUP BY s.entity_key, s.reg_key
            """,
            params={"links": links, "special": sorted(special), "codes": list(confidential_codes)},
        ).to_arrow_reader(100_000)
        for batch in reader:
            cols = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
            for row in zip(*cols, strict=True):
                writer.add_document(_document(row, kinds))
    finally:
        cur.close()
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    if path is not None:
        (path / "raff-index.json").write_text(json.dumps({"fingerprint": list(fp)}))
    return SearchIndex(index, fp)


def _document(row: tuple[Any, ...], kinds: dict[tuple[str, str], str]) -> tantivy.Document:
    (entity_key, reg_key, schema, props, values, level, basis, first, source, conf, stage,
     case_id, covert, blocked) = row  # fmt: skip
    doc = tantivy.Document()
    doc.add_text("entity_key", entity_key)
    doc.add_text("reg_key", reg_key)
    doc.add_text("schema", schema)
    pairs = []
    for prop, value in zip(props, values, strict=True):
        pairs.append((prop, value))
        kind = kinds.get((schema, prop), "text")
        doc.add_text("text", value)
        if kind in _NAME_KINDS:
            doc.add_text("names", value)
            for word in _WORD.findall(value.lower()):
                key = dutch_phonetic(word)
                if key:
                    doc.add_text("phon", key)
        if kind in _IDENT_KINDS:
            clean = normalise(kind, value)
            if clean:
                doc.add_text("ident", clean.upper())
        compact = re.sub(r"[^0-9A-Za-z]", "", value).upper()
        if compact:
            doc.add_text("ident", compact)
    doc.add_text("values", json.dumps(pairs, ensure_ascii=False))
    doc.add_integer("level", int(level))
    doc.add_integer("basis", int(basis))
    doc.add_integer("year", int(first.year))
    doc.add_date("first_processed", _midnight(first))
    for name, value in (
        ("source", source),
        ("confidentiality", conf),
        ("stage", stage),
        ("case_id", case_id or ""),
        ("covert", covert or ""),
    ):
        doc.add_text(name, value)
    doc.add_boolean("blocked", bool(blocked))
    return doc


def _midnight(d: Any) -> Any:
    from datetime import datetime

    return datetime(d.year, d.month, d.day)


# -- one index per store, rebuilt when statements change ----------------------------------
_LOCK = threading.Lock()
_CACHE: weakref.WeakKeyDictionary[Store, SearchIndex] = weakref.WeakKeyDictionary()


def _path_for(store: Store) -> Path | None:
    if store.path == ":memory:":
        return None
    return Path(store.path).parent / "index"


def rebuild_index(
    store: Store, path: Path | None = None, *, confidential_codes: Sequence[str]
) -> SearchIndex:
    """Rebuild the store's index now (after ingest, resolution or retention)."""
    with _LOCK:
        built = build_index(
            store,
            path if path is not None else _path_for(store),
            confidential_codes=confidential_codes,
        )
        _CACHE[store] = built
        return built


def index_for(store: Store, *, confidential_codes: Sequence[str]) -> SearchIndex:
    """The store's index; rebuilt first when statements changed since it was built."""
    fp = fingerprint(store)
    with _LOCK:
        current = _CACHE.get(store)
        if current is not None and current.fingerprint == fp:
            return current
        path = _path_for(store)
        if current is None and path is not None and (path / "raff-index.json").exists():
            meta = json.loads((path / "raff-index.json").read_text())
            if tuple(meta.get("fingerprint", ())) == fp:
                index = tantivy.Index.open(str(path))
                _register(index)
                current = SearchIndex(index, fp)
                _CACHE[store] = current
                return current
        built = build_index(store, path, confidential_codes=confidential_codes)
        _CACHE[store] = built
        return built


# -- queries ------------------------------------------------------------------------------
def _query(si: SearchIndex, q: str) -> tantivy.Query | None:
    schema = si.index.schema
    whole: list[tantivy.Query] = []
    for kind in ("phone", "plate", "postcode", "bsn"):
        clean = normalise(kind, q)
        if clean and (kind != "plate" or len(re.sub(r"[^0-9A-Za-z]", "", q)) == 6):
            whole.append(tantivy.Query.term_query(schema, "ident", clean.upper()))
    postcode, house = parse_postcode_house(q)
    if postcode:
        whole.append(tantivy.Query.term_query(schema, "ident", postcode))
    compact = re.sub(r"[^0-9A-Za-z]", "", q).upper()
    if compact:
        whole.append(tantivy.Query.term_query(schema, "ident", compact))
    per_token: list[tantivy.Query] = []
    stems = _dutch().analyze(q)
    for i, token in enumerate(si.fold(q)):
        options: list[tantivy.Query] = []
        stem = stems[i] if i < len(stems) else token
        options.append(tantivy.Query.term_query(schema, "text", stem))
        if len(token) >= 3:
            # prefix search, tolerant of one typo in names from four letters on
            distance = 1 if len(token) >= 4 else 0
            options.append(
                tantivy.Query.fuzzy_term_query(schema, "names", token, distance, True, True)
            )
            options.append(tantivy.Query.fuzzy_term_query(schema, "text", token, 0, True, True))
        else:
            options.append(tantivy.Query.term_query(schema, "names", token))
        key = dutch_phonetic(token)
        if key and len(token) >= 3:
            options.append(tantivy.Query.term_query(schema, "phon", key))
        per_token.append(tantivy.Query.boolean_query([(tantivy.Occur.Should, o) for o in options]))
    clauses: list[tuple[tantivy.Occur, tantivy.Query]] = [(tantivy.Occur.Should, w) for w in whole]
    if per_token:
        all_tokens = tantivy.Query.boolean_query([(tantivy.Occur.Must, t) for t in per_token])
        clauses.append((tantivy.Occur.Should, all_tokens))
    if not clauses:
        return None
    return tantivy.Query.boolean_query(clauses)


def candidates(si: SearchIndex, q: str, *, limit: int = 1_000) -> list[Candidate]:
    """Documents matching `q`, best first. Not yet checked against any policy."""
    query = _query(si, q)
    if query is None:
        return []
    searcher = si.index.searcher()
    found = searcher.search(query, limit).hits
    out = []
    for rank, (_, address) in enumerate(found):
        doc = searcher.doc(address)
        out.append(
            Candidate(
                str(doc.get_first("entity_key")),
                str(doc.get_first("reg_key")),
                str(doc.get_first("schema")),
                rank,
                [(str(p), str(v)) for p, v in json.loads(str(doc.get_first("values")))],
            )
        )
    return out
