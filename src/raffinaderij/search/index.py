"""The full-text index: derived from statements, rebuilt at will, never the truth.

One tantivy document per (entity_key, reg_key) with Dutch-aware text, name tokens with a Dutch
phonetic key, normalised identifiers (plate, phone, postcode, BSN) and the registration's level.
Each document carries `doc_no`, a fast field pointing into an Arrow table of (entity_key,
reg_key, schema) kept next to the index, so proposing thousands of candidates reads one column
and no stored documents; stored values are read only for the few hits that are shown.

The index only proposes candidates; the guard's SQL predicate decides what is visible, so
results, counts and facets come from SQL (LAW-06). Confidential, blocked and art. 14
registrations never enter it (LAW-02, Wpg 14/28).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import uuid
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc as ipc
import tantivy

from raffinaderij.errors import StoreError
from raffinaderij.model.normalise import normalise
from raffinaderij.model.normalise.address import parse_postcode_house
from raffinaderij.model.normalise.phonetic import dutch_phonetic
from raffinaderij.model.ontology import ontology
from raffinaderij.search.keys import PLATE_FORMATTED
from raffinaderij.store.db import Store

__all__ = [
    "INDEX_VERSION",
    "Candidates",
    "SearchIndex",
    "build_index",
    "build_index_apart",
    "candidates",
    "fingerprint",
    "forget_index",
    "index_for",
    "rebuild_index",
    "refreshing",
    "stored_values",
]

INDEX_VERSION = "fts-v2"
_NAME_KINDS = {"name"}
_IDENT_KINDS = {"plate", "phone", "postcode", "bsn", "email"}
_DERIVED = _NAME_KINDS | _IDENT_KINDS
_JSON = json.JSONEncoder(ensure_ascii=False)  # what json.dumps(..., ensure_ascii=False) writes
_WORD = re.compile(r"[0-9a-z]+")
_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]")
_PLATE_FORMATTED = re.compile(PLATE_FORMATTED)
_DOCS_FILE = "docs.arrow"
_ROWS_FILE = "rows.arrow"  # the document rows a child process indexes (build_index_apart)
_META_FILE = "raff-index.json"
_DOCS_SCHEMA = pa.schema(
    [("entity_key", pa.string()), ("reg_key", pa.string()), ("schema", pa.string())]
)


@dataclass(frozen=True)
class Candidates:
    """Matching documents, best first, not yet checked against any policy.

    `table` has entity_key, reg_key, schema, rank and doc_no; `matched` is how many documents
    match in all (visible or not: never shown to anyone, it only says whether to look further).
    """

    table: pa.Table
    addresses: list[Any]  # by rank
    matched: int
    searcher: Any = None

    def __len__(self) -> int:
        return self.table.num_rows

    @property
    def complete(self) -> bool:
        return self.table.num_rows >= self.matched


class SearchIndex:
    def __init__(
        self, index: tantivy.Index, fp: tuple[Any, ...], docs: pa.Table, folder: Path | None = None
    ) -> None:
        self.index = index
        self.fingerprint = fp
        self.docs = docs
        self.folder = folder  # its generation folder on disk; None in memory
        self._folder = _analyzer()
        self._stemmer = _dutch()

    def fold(self, text: str) -> list[str]:
        return list(self._folder.analyze(text))

    def stems(self, text: str) -> list[str]:
        return list(self._stemmer.analyze(text))


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
    b.add_integer_field("doc_no", fast=True, indexed=False, stored=False)
    b.add_text_field("text", tokenizer_name="raff_nl")
    b.add_text_field("names", tokenizer_name="raff_fold")
    b.add_text_field("phon", tokenizer_name="raw")
    b.add_text_field("ident", tokenizer_name="raw")
    b.add_text_field("values", stored=True, tokenizer_name="raw", index_option="basic")
    # A coarse prefilter only: the guard's predicate always requires level <= the user's level
    # (Bpg 2:11), so this can only drop what SQL would drop too; SQL still decides (LAW-06).
    b.add_integer_field("level", stored=False, fast=True, indexed=True)
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
    """Cheap: changes whenever statements or registrations are added, removed, re-ingested,
    blocked, moved to art. 14 or change level (the index holds the level as a prefilter)."""
    # Asked before every search: each part is its own scan of as few columns as it needs (one
    # aggregate with a FILTER read every reg_key: 110 ms a search at 10M, now ~18 ms). Rows are
    # told apart by rowid, which DuckDB keeps for a row until rows are deleted (and a deletion
    # changes the count anyway).
    row = store.query(
        "SELECT (SELECT count(*) FROM statements), (SELECT count(*) FROM registrations),"
        " (SELECT CAST(max(ingested_at) AS VARCHAR) FROM registrations),"
        # which records are excluded, not how many: blocking one while unblocking another counts
        " (SELECT bit_xor(hash(rowid)) FROM registrations WHERE blocked OR stage <> 'active'),"
        # which record has which level: a level moved from one record to another counts too
        # (one number per pair: hash(a, b) combines its arguments' hashes in a way a swap of
        # levels between two rows cancels out in the xor)
        " (SELECT bit_xor(hash(rowid * 1000003 + level)) FROM registrations)"
    )[0]
    return (INDEX_VERSION, *row)


#: what the memo of derived terms may hold (estimated bytes): bounded by bytes, not entries, so
#: long values cannot make it grow past what an index build may take
_MEMO_BYTES = 64 << 20


class _Derived:
    """Index terms of a name (sound keys) or an identifier (its normalised form) per distinct
    value: bulk data repeats values, so each is worked out once, as long as the memo has room
    (`budget`, estimated bytes). Every value's compact form comes from `_compact`, not here."""

    def __init__(self, budget: int = _MEMO_BYTES) -> None:
        self.memo: dict[str, dict[str, tuple[list[str], list[str]]]] = {}
        self.room = budget

    def __call__(self, kind: str, value: str) -> tuple[list[str], list[str]]:
        memo = self.memo.get(kind)
        if memo is None:
            memo = self.memo[kind] = {}
        got = memo.get(value)
        if got is not None:
            return got
        phon: list[str] = []
        ident: list[str] = []
        if kind in _NAME_KINDS:
            for word in _WORD.findall(value.lower()):
                # a sound key drops digits: "naam12" would sound like every "naam<n>"
                k = dutch_phonetic(word) if word.isalpha() else None
                if k:
                    phon.append(k)
        if kind in _IDENT_KINDS:
            # a plate already in its side-code's format is its own clean form (see search.keys)
            plain = kind == "plate" and _PLATE_FORMATTED.fullmatch(value)
            clean = value if plain else normalise(kind, value)
            if clean:
                ident.append(clean.upper())
        got = (phon, ident)
        if self.room > 0:
            memo[value] = got
            # the dict slot, the value, the tuple and two lists, then each term (CPython sizes)
            self.room -= 330 + len(value) + sum(65 + len(t) for t in phon + ident)
        return got


def _compact(values: pa.Array) -> list[str]:
    """Each value with all but [0-9A-Za-z] removed, upper-cased: an identifier term of every
    value, worked out for a whole batch at once."""
    kept = pc.replace_substring_regex(values, pattern=_NOT_ALNUM.pattern, replacement="")
    return list(pc.ascii_upper(kept).to_pylist())


#: the statements search may ever find: one document per (entity, registration) of them
_DOCS_FROM = """
            FROM statements s JOIN registrations r ON r.reg_key = s.reg_key
            WHERE NOT list_contains($links, s.prop)
              AND NOT list_contains($special, s.schema || chr(31) || s.prop)
              AND NOT list_contains($codes, r.confidentiality) AND NOT r.blocked
              AND r.stage = 'active'
"""
#: (stage, done, total): documents written of all, then 'commit'
Report = Callable[[str, int, int], None]

#: The statements in document order: each document's rows arrive together, in (prop, value)
#: order, however they are cut into batches. DuckDB sorts within its memory limit and spills
#: the rest to its temporary folder, so no GROUP BY of every document's values sits in memory.
_ROWS_SELECT = (
    "SELECT s.entity_key, s.reg_key, s.schema, s.prop, s.value, r.level"
    + _DOCS_FROM
    + "ORDER BY s.reg_key, s.entity_key, s.prop, s.value"
)
_DOCS_COUNT = f"SELECT count(*) FROM (SELECT 1 {_DOCS_FROM} GROUP BY s.entity_key, s.reg_key)"
#: statement rows per batch read from DuckDB (and per batch handed to the child process)
_ROWS_PER_BATCH = 100_000
#: documents per chunk of the docs table: every chunk but the last has exactly this many rows,
#: so a doc_no finds its chunk by division (`_take_docs`)
_DOCS_CHUNK = 1 << 18


def _doc_params(confidential_codes: Sequence[str]) -> dict[str, Any]:
    onto = ontology()
    return {
        "links": sorted(onto.links),
        "special": sorted(f"{s}\x1f{p}" for s, p in onto.special),
        "codes": list(confidential_codes),
    }


def build_index(
    store: Store,
    path: Path | None,
    *,
    confidential_codes: Sequence[str],
    progress: Report | None = None,
) -> SearchIndex:
    """Build the index from statements into the folder `path` (in memory when None)."""
    fp = fingerprint(store)
    params = _doc_params(confidential_codes)
    cur = store.cursor()
    try:
        total = 0
        if progress is not None:
            total = int(cur.execute(_DOCS_COUNT, params).fetchall()[0][0])
            progress("documents", 0, total)
        reader = cur.sql(_ROWS_SELECT, params=params).to_arrow_reader(_ROWS_PER_BATCH)
        index, docs = _write_index(reader, path, progress=progress, total=total)
    finally:
        cur.close()
    return SearchIndex(index, fp, docs, path)


def build_index_apart(
    store: Store, path: Path, *, confidential_codes: Sequence[str]
) -> SearchIndex:
    """The same index, with the statements read here and the CPU-bound part (grouping,
    tokenising, the tantivy writer) done by a child process: the server's other threads
    (searches) never wait for the GIL while a job rebuilds the index."""
    fp = fingerprint(store)
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    rows = path / _ROWS_FILE
    cur = store.cursor()
    try:
        reader = cur.sql(_ROWS_SELECT, params=_doc_params(confidential_codes)).to_arrow_reader(
            _ROWS_PER_BATCH
        )
        # sorted keys repeat row after row: lz4 keeps the hand-over file small at little CPU
        options = ipc.IpcWriteOptions(compression="lz4")
        with ipc.new_file(str(rows), reader.schema, options=options) as out:
            for batch in reader:
                out.write_batch(batch)
    finally:
        cur.close()
    done = subprocess.run(  # noqa: S603 - this interpreter, this module, our own folder
        [sys.executable, "-m", "raffinaderij.search.index", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    rows.unlink(missing_ok=True)
    if done.returncode:
        raise StoreError(f"building the search index failed: {done.stderr.strip()[-500:]}")
    opened = _read_folder(path, fp)
    if opened is None:
        raise StoreError(f"the search index built in {path} cannot be opened")
    return opened


@dataclass
class _Doc:
    """One document's statements, in (prop, value) order, with each value's `_compact` form."""

    schema: str
    level: int
    props: list[str]
    values: list[str]
    compacts: list[str]


def _starts(batch: pa.RecordBatch) -> list[int]:
    """Where a new (entity_key, reg_key) begins in a batch of sorted statement rows (0 first)."""
    n = batch.num_rows
    if n < 2:
        return [0] if n else []
    ek, rk = batch.column(0), batch.column(1)
    changed = pc.or_(
        pc.not_equal(ek.slice(1), ek.slice(0, n - 1)),
        pc.not_equal(rk.slice(1), rk.slice(0, n - 1)),
    )
    return [0, *pc.add(pc.indices_nonzero(changed), 1).to_pylist()]


def _documents(reader: Iterable[pa.RecordBatch], docs: _DocsTable) -> Iterator[_Doc]:
    """The documents of sorted statement rows (`_ROWS_SELECT`), each whole even when its rows
    span batches. The (entity_key, reg_key, schema) of each go into `docs` in the same order,
    a batch at a time."""
    pending: _Doc | None = None
    last: tuple[str, str] | None = None  # the key of the pending document
    for batch in reader:
        starts = _starts(batch)
        if not starts:
            continue
        n = batch.num_rows
        heads = batch.select([0, 1, 2]).take(pa.array(starts, pa.int64()))
        goes_on = pending is not None and last == (heads[0][0].as_py(), heads[1][0].as_py())
        docs.add(heads.slice(1) if goes_on else heads)
        schemas = heads.column(2).to_pylist()
        levels = batch.column(5).take(pa.array(starts, pa.int64())).to_pylist()
        props, values = batch.column(3).to_pylist(), batch.column(4).to_pylist()
        compacts = _compact(batch.column(4))
        ends = [*starts[1:], n]
        for j, (a, b) in enumerate(zip(starts, ends, strict=True)):
            if j == 0 and goes_on and pending is not None:
                pending.props += props[a:b]
                pending.values += values[a:b]
                pending.compacts += compacts[a:b]
                continue
            if pending is not None:
                yield pending
            pending = _Doc(schemas[j], int(levels[j]), props[a:b], values[a:b], compacts[a:b])
        last = (batch.column(0)[n - 1].as_py(), batch.column(1)[n - 1].as_py())
    if pending is not None:
        yield pending


class _DocsTable:
    """The (entity_key, reg_key, schema) of each document in doc_no order, cut into chunks of
    exactly `_DOCS_CHUNK` rows (the last one shorter) and written to `path` as each fills, so
    the table is never combined in memory; kept in memory when `path` is None."""

    def __init__(self, path: Path | None) -> None:
        self.waiting: list[pa.RecordBatch] = []
        self.rows = 0
        self.kept: list[pa.RecordBatch] = []
        self.path = path
        self.out = ipc.new_file(str(path), _DOCS_SCHEMA) if path is not None else None

    def add(self, heads: pa.RecordBatch) -> None:
        self.waiting.append(heads.rename_columns(_DOCS_SCHEMA.names).cast(_DOCS_SCHEMA))
        self.rows += heads.num_rows
        while self.rows >= _DOCS_CHUNK:
            self._emit(_DOCS_CHUNK)

    def _emit(self, n: int) -> None:
        waiting = pa.Table.from_batches(self.waiting, schema=_DOCS_SCHEMA)
        chunk = waiting.slice(0, n).combine_chunks().to_batches()
        rest = waiting.slice(n)
        self.waiting, self.rows = rest.to_batches(), rest.num_rows
        for batch in chunk:  # one batch: combined above
            if self.out is not None:
                self.out.write_batch(batch)
            else:
                self.kept.append(batch)

    def close(self) -> pa.Table:
        """Write what is left; the whole table (memory-mapped when written to a file)."""
        if self.rows:
            self._emit(self.rows)
        if self.out is not None and self.path is not None:
            self.out.close()
            return _mapped_docs(self.path)
        return pa.Table.from_batches(self.kept, schema=_DOCS_SCHEMA)


def _write_index(
    reader: Iterable[pa.RecordBatch],
    path: Path | None,
    *,
    progress: Report | None = None,
    total: int = 0,
) -> tuple[tantivy.Index, pa.Table]:
    """Index the sorted statement rows of `reader` (batches of _ROWS_SELECT) into `path`."""
    if path is not None and path.exists():
        for stale in path.iterdir():
            if stale.is_dir():
                shutil.rmtree(stale)
            elif stale.name != _ROWS_FILE:
                stale.unlink()
    index = _new_index(path)
    # per schema, the properties whose values give more than their compact form
    special = {
        schema: {p: prop.kind for p, prop in obj.properties.items() if prop.kind in _DERIVED}
        for schema, obj in ontology().objects.items()
    }
    derived = _Derived()
    writer = index.writer(heap_size=256_000_000, num_threads=1)
    table = _DocsTable(path / _DOCS_FILE if path is not None else None)
    doc_no = 0
    for doc in _documents(reader, table):
        if progress is not None and not doc_no % 10_000:
            progress("documents", doc_no, total)
        phon: list[str] = []
        ident: list[str] = []
        names: list[str] = []
        kinds = special.get(doc.schema, {})
        for prop, value, compact in zip(doc.props, doc.values, doc.compacts, strict=True):
            kind = kinds.get(prop)
            if kind is not None:
                if kind in _NAME_KINDS:
                    names.append(value)
                p, i = derived(kind, value)
                phon += p
                ident += i
            if compact:
                ident.append(compact)
        writer.add_document(
            tantivy.Document(
                doc_no=[doc_no],
                text=doc.values,
                names=names,
                phon=phon,
                ident=ident,
                values=[_JSON.encode(list(zip(doc.props, doc.values, strict=True)))],
                level=[doc.level],
            )
        )
        doc_no += 1
    if progress is not None:
        progress("commit", doc_no, total)
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    docs = table.close()
    if progress is not None:
        progress("done", doc_no, total)
    return index, docs


def _mapped_docs(file: Path) -> pa.Table:
    """The docs table of an index folder, memory-mapped: the page cache holds it, not the heap."""
    return ipc.open_file(pa.memory_map(str(file))).read_all()


def _take_docs(docs: pa.Table, doc_nos: pa.Array) -> pa.Table:
    """docs.take(doc_nos) chunk by chunk: Table.take would first join the chunks into one copy
    of the whole table, for every search. Every chunk but the last has the same length."""
    chunks = docs.to_batches()
    if len(chunks) <= 1:
        return docs.take(doc_nos)
    size = chunks[0].num_rows
    chunk_of = pc.divide(doc_nos, size)  # integer division
    parts: list[pa.RecordBatch] = []
    places: list[pa.Array] = []
    for c in pc.unique(chunk_of).to_pylist():
        here = pc.equal(chunk_of, c)
        places.append(pc.indices_nonzero(here))
        parts.append(chunks[c].take(pc.subtract(pc.filter(doc_nos, here), c * size)))
    taken = pa.Table.from_batches(parts, schema=docs.schema)
    return taken.take(pc.sort_indices(pa.chunked_array(places, pa.uint64())))


def _child(folder: str) -> None:
    """`python -m raffinaderij.search.index FOLDER`: index FOLDER's statement rows there. At a
    lower CPU priority: on a busy machine the server's searches come first, the build waits."""
    os.nice(10)
    path = Path(folder)
    with ipc.open_file(str(path / _ROWS_FILE)) as src:
        reader = (src.get_batch(i) for i in range(src.num_record_batches))
        _write_index(reader, path)


# -- one index per store, rebuilt when statements change ----------------------------------
# Each build writes a fresh generation folder (index/g-<id>/) next to the one searches use;
# `raff-index.json` in index/ names the current generation and its fingerprint. A build never
# holds `_LOCK` (which guards the cache only), so searches keep answering from the index they
# have while one is built; `_BUILD` lets one build run at a time. A store marked `refreshing`
# (a server job that will bring the index up to date when it ends) serves its current index
# even when statements changed: the index only proposes candidates and the guard's SQL decides
# what is visible, so a stale index can miss new records but never show what is hidden.
_LOCK = threading.Lock()
_BUILD = threading.Lock()
_CACHE: weakref.WeakKeyDictionary[Store, SearchIndex] = weakref.WeakKeyDictionary()
#: bumped by `forget_index`: a build that started before the bump is thrown away, not served
_EPOCH: weakref.WeakKeyDictionary[Store, int] = weakref.WeakKeyDictionary()
_REFRESHING: weakref.WeakKeyDictionary[Store, int] = weakref.WeakKeyDictionary()
_BUILDING: set[Path] = set()


def _path_for(store: Store) -> Path | None:
    if store.path == ":memory:":
        return None
    return Path(store.path).parent / "index"


def _key(store: Store) -> Store:
    """The store whose index this is (a transaction's view shares its root's)."""
    return getattr(store, "root", store)


@contextmanager
def refreshing(store: Store) -> Iterator[None]:
    """While inside, searches on `store` use the index they have even when statements changed;
    the caller rebuilds it (`rebuild_index`) before leaving. Without an index, one is built."""
    key = _key(store)
    with _LOCK:
        _REFRESHING[key] = _REFRESHING.get(key, 0) + 1
    try:
        yield
    finally:
        with _LOCK:
            _REFRESHING[key] -= 1
            if not _REFRESHING[key]:
                del _REFRESHING[key]


def _build(
    store: Store,
    *,
    confidential_codes: Sequence[str],
    progress: Report | None,
    apart: bool = False,
) -> SearchIndex:
    """Build a new generation and make it current, unless the index was forgotten meanwhile
    (then the new generation may hold what was removed: it is thrown away and built again).
    The caller holds `_BUILD`."""
    key, root = _key(store), _path_for(store)
    while True:
        with _LOCK:
            epoch = _EPOCH.get(key, 0)
        folder = root / f"g-{uuid.uuid4().hex[:12]}" if root is not None else None
        if folder is not None:
            _BUILDING.add(folder)
        try:
            if apart and folder is not None:
                built = build_index_apart(store, folder, confidential_codes=confidential_codes)
            else:
                built = build_index(
                    store, folder, confidential_codes=confidential_codes, progress=progress
                )
            with _LOCK:
                if _EPOCH.get(key, 0) != epoch:
                    continue
                if root is not None and folder is not None:
                    _write_meta(root, folder.name, built.fingerprint)
                    _prune(root, keep=folder.name)
                _CACHE[key] = built
                return built
        finally:
            if folder is not None:
                _BUILDING.discard(folder)
                if _CACHE.get(key) is None or _CACHE[key].folder != folder:
                    shutil.rmtree(folder, ignore_errors=True)


def _write_meta(root: Path, generation: str, fp: tuple[Any, ...]) -> None:
    tmp = root / (_META_FILE + ".tmp")
    tmp.write_text(json.dumps({"fingerprint": list(fp), "generation": generation}))
    os.replace(tmp, root / _META_FILE)


def _prune(root: Path, *, keep: str) -> None:
    """Remove every other generation (and files of the old one-folder layout), except builds
    in progress. A search still holding an old index keeps reading its open files."""
    for child in root.iterdir():
        if child.name in (keep, _META_FILE) or child in _BUILDING:
            continue
        if child.is_dir():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)


def rebuild_index(
    store: Store,
    path: Path | None = None,
    *,
    confidential_codes: Sequence[str],
    progress: Report | None = None,
    apart: bool = False,
) -> SearchIndex:
    """Rebuild the store's index now (after ingest, resolution or retention); searches keep
    using the previous one meanwhile. `path` builds a separate index there instead. `apart`:
    index in a child process (`build_index_apart`; no progress then), for a server job."""
    if path is not None:
        return build_index(store, path, confidential_codes=confidential_codes, progress=progress)
    with _BUILD:
        return _build(store, confidential_codes=confidential_codes, progress=progress, apart=apart)


def forget_index(store: Store) -> None:
    """Drop the store's index (after a change its fingerprint cannot see, such as a rectified
    value, or a destruction whose values must leave the index files now); the next search
    builds it again from the statements, and a build in progress is not served."""
    key = _key(store)
    with _LOCK:
        _EPOCH[key] = _EPOCH.get(key, 0) + 1
        _CACHE.pop(key, None)
        path = _path_for(store)
        if path is not None and path.exists():
            for child in path.iterdir():
                if child in _BUILDING:
                    continue  # its build sees the new epoch and removes it
                if child.is_dir():
                    shutil.rmtree(child, ignore_errors=True)
                else:
                    child.unlink(missing_ok=True)


def _open(root: Path, fp: tuple[Any, ...]) -> SearchIndex | None:
    try:
        meta = json.loads((root / _META_FILE).read_text())
    except (OSError, ValueError):
        return None
    if tuple(meta.get("fingerprint", ())) != fp or not meta.get("generation"):
        return None
    return _read_folder(root / str(meta["generation"]), fp)


def _read_folder(folder: Path, fp: tuple[Any, ...]) -> SearchIndex | None:
    try:
        docs = _mapped_docs(folder / _DOCS_FILE)
        index = tantivy.Index.open(str(folder))
    except (OSError, ValueError, pa.ArrowException):
        return None  # missing or damaged: it is derived, so rebuild it
    _register(index)
    return SearchIndex(index, fp, docs, folder)


def index_for(store: Store, *, confidential_codes: Sequence[str]) -> SearchIndex:
    """The store's index; rebuilt first when statements changed since it was built, unless
    the store is `refreshing` (then the index it has, until the refresh ends)."""
    key = _key(store)
    fp = fingerprint(store)
    with _LOCK:
        current = _CACHE.get(key)
        if current is not None and (current.fingerprint == fp or key in _REFRESHING):
            return current
    with _BUILD:
        with _LOCK:
            current = _CACHE.get(key)
            if current is not None and current.fingerprint == fp:
                return current  # built while this one waited
            path = _path_for(store)
            if current is None and path is not None and (path / _META_FILE).exists():
                opened = _open(path, fp)
                if opened is not None:
                    _CACHE[key] = opened
                    return opened
        return _build(store, confidential_codes=confidential_codes, progress=None)


# -- queries ------------------------------------------------------------------------------
def _query(si: SearchIndex, q: str) -> tantivy.Query | None:
    schema = si.index.schema
    whole: list[tantivy.Query] = []
    for kind in ("phone", "plate", "postcode", "bsn"):
        clean = normalise(kind, q)
        if clean and (kind != "plate" or len(_NOT_ALNUM.sub("", q)) == 6):
            whole.append(tantivy.Query.term_query(schema, "ident", clean.upper()))
    postcode, _ = parse_postcode_house(q)
    if postcode:
        whole.append(tantivy.Query.term_query(schema, "ident", postcode))
    compact = _NOT_ALNUM.sub("", q).upper()
    if compact:
        whole.append(tantivy.Query.term_query(schema, "ident", compact))
    per_token: list[tantivy.Query] = []
    stems = si.stems(q)
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
        key = dutch_phonetic(token) if token.isalpha() else None
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


def _with_level(si: SearchIndex, query: tantivy.Query, max_level: int) -> tantivy.Query:
    level = tantivy.Query.range_query(
        si.index.schema, "level", tantivy.FieldType.Integer, 0, max_level, True, True
    )
    # the level clause filters only; it must not change the ranking
    return tantivy.Query.boolean_query(
        [
            (tantivy.Occur.Must, query),
            (tantivy.Occur.Must, tantivy.Query.const_score_query(level, 0.0)),
        ]
    )


def candidates(
    si: SearchIndex, q: str, *, limit: int = 1_000, max_level: int | None = None
) -> Candidates:
    """The best `limit` documents matching `q` (at most `max_level`), with how many match in all.

    Reads the `doc_no` fast field only: no stored document is loaded here.
    """
    query = _query(si, q)
    empty = pa.table(
        {
            **{f.name: pa.array([], f.type) for f in _DOCS_SCHEMA},
            "rank": pa.array([], pa.int32()),
            "doc_no": pa.array([], pa.int64()),
        }
    )
    if query is None:
        return Candidates(empty, [], 0)
    if max_level is not None:
        query = _with_level(si, query, max_level)
    searcher = si.index.searcher()
    result = searcher.search(query, limit, count=True)
    addresses = [address for _, address in result.hits]
    if not addresses:
        return Candidates(empty, [], 0)
    doc_nos = pa.array(searcher.fast_field_values("doc_no", addresses), pa.int64())
    table = _take_docs(si.docs, doc_nos)
    table = table.append_column("rank", pa.array(range(len(addresses)), pa.int32()))
    table = table.append_column("doc_no", doc_nos)
    matched = max(int(getattr(result, "count", None) or 0), len(addresses))
    return Candidates(table, addresses, matched, searcher)


def stored_values(found: Candidates, ranks: Sequence[int]) -> list[tuple[str, str]]:
    """The (property, value) pairs of these candidates (by rank), for the hits that are shown."""
    searcher = found.searcher
    ek, rk = found.table.column("entity_key"), found.table.column("reg_key")
    out: list[tuple[str, str]] = []
    # in (entity_key, reg_key) order, so a caption does not depend on the ranking
    for rank in sorted(ranks, key=lambda r: (ek[r].as_py(), rk[r].as_py())):
        doc = searcher.doc(found.addresses[rank])
        out += [(str(p), str(v)) for p, v in json.loads(str(doc.get_first("values")))]
    return out


if __name__ == "__main__":
    _child(sys.argv[1])
