"""The index build in bounded memory (issue 13): documents come from statements read in document
order, however the rows are cut into batches, and are the documents a GROUP BY of those
statements gives: none lost, none split in two, the same values; the docs table is written in
chunks and read chunk by chunk; the memo of derived terms is bounded by bytes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import tantivy

from raffinaderij.search import index as ix
from raffinaderij.store.db import Store, open_store
from support import add_record, make_world

CODES = ("V",)
QUERIES = ("Jansen", "Janssen", "Pieter", "XL12BB", "0612345678", "Piet3", "snelheid", "Geheim")


@pytest.fixture
def many(tmp_path: Path, clock: Any) -> Store:
    """Records of several entities each, with repeated and multi-valued properties, links
    (never indexed), a confidential and a blocked record; on disk, so the docs file is used."""
    store = open_store(tmp_path / "raff.duckdb")
    make_world(store, clock)
    for n in range(12):
        add_record(
            store,
            reg_id=f"r{n:02d}",
            source="src" if n % 3 else "bron2",
            level=1 + n % 3,
            confidentiality="V" if n == 5 else "N",
            blocked=n == 7,
            entities=[
                ("p", "Person", {"givenName": ["Pieter", f"Piet{n}"], "surname": "Jansen"}),
                ("q", "Person", {"surname": f"Geheim{n}" if n in (5, 7) else f"de Vries{n}"}),
                ("v", "Vehicle", {"plate": "XL-12-BB" if n % 2 else f"{n:02d}-ABC-1"}),
                ("t", "Phone", {"number": "06-12345678"}),
                ("d", "Document", {"text": f"Reed met hoge snelheid, zaak {n}"}),
            ],
            links=[("p", "drives", "v", None), ("p", "involvedIn", "d", "suspect")],
        )
    return store


def _grouped(store: Store) -> dict[tuple[str, str], list[list[str]]]:
    """The documents as one GROUP BY of the same statements gives them: the reference."""
    sql = (
        "SELECT s.entity_key, s.reg_key, list([s.prop, s.value] ORDER BY s.prop, s.value)"
        f" {ix._DOCS_FROM} GROUP BY s.entity_key, s.reg_key"
    )
    cur = store.cursor()
    try:
        rows = cur.execute(sql, ix._doc_params(CODES)).fetchall()
    finally:
        cur.close()
    return {(ek, rk): [list(pair) for pair in pairs] for ek, rk, pairs in rows}


def _indexed(si: ix.SearchIndex) -> dict[tuple[str, str], list[list[str]]]:
    """Every document in the index: its docs-table key and its stored values."""
    searcher = si.index.searcher()
    hits = searcher.search(tantivy.Query.all_query(), 10_000).hits
    addresses = [address for _, address in hits]
    doc_nos = searcher.fast_field_values("doc_no", addresses)
    keys = ix._take_docs(si.docs, ix.pa.array(doc_nos, ix.pa.int64()))
    out: dict[tuple[str, str], list[list[str]]] = {}
    eks, rks = keys.column("entity_key").to_pylist(), keys.column("reg_key").to_pylist()
    for ek, rk, address in zip(eks, rks, addresses, strict=True):
        assert (ek, rk) not in out, f"document {ek} in {rk} indexed twice"
        out[(ek, rk)] = json.loads(str(searcher.doc(address).get_first("values")))
    assert len(out) == si.docs.num_rows == searcher.num_docs
    return out


def _answers(si: ix.SearchIndex) -> dict[str, list[tuple[str, str]]]:
    out = {}
    for q in QUERIES:
        found = ix.candidates(si, q).table
        eks, rks = found.column("entity_key").to_pylist(), found.column("reg_key").to_pylist()
        out[q] = sorted(zip(eks, rks, strict=True))
    return out


@pytest.mark.parametrize("rows_per_batch", [1, 2, 3, 7])
def test_documents_are_whole_however_the_rows_are_batched(
    many: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows_per_batch: int
) -> None:
    reference = _grouped(many)
    assert len(reference) == 10 * 5  # 12 records, less the confidential and the blocked one
    whole = ix.build_index(many, tmp_path / "whole", confidential_codes=CODES)
    assert _indexed(whole) == reference
    # batches smaller than a document and docs-table chunks of two rows: every document's
    # rows and many docs-table rows cross a boundary
    monkeypatch.setattr(ix, "_ROWS_PER_BATCH", rows_per_batch)
    monkeypatch.setattr(ix, "_DOCS_CHUNK", 2)
    cut = ix.build_index(many, tmp_path / "cut", confidential_codes=CODES)
    assert cut.docs.column(0).num_chunks == 25
    assert _indexed(cut) == reference
    assert _answers(cut) == _answers(whole)
    assert [q for q in QUERIES if not _answers(whole)[q]] == ["Geheim"]
    assert _answers(whole)["Geheim"] == []  # the confidential and the blocked record
    # the child-process build gets the same rows in the same small batches
    apart = ix.build_index_apart(many, tmp_path / "apart", confidential_codes=CODES)
    assert _indexed(apart) == reference
    assert _answers(apart) == _answers(whole)
    many.close()


def test_docs_are_taken_chunk_by_chunk_in_the_order_asked() -> None:
    docs = ix.pa.Table.from_pylist(
        [{"entity_key": f"e{n}", "reg_key": f"r{n}", "schema": "Person"} for n in range(10)],
        schema=ix._DOCS_SCHEMA,
    )
    chunked = ix.pa.Table.from_batches(docs.to_batches(max_chunksize=3))
    assert chunked.column(0).num_chunks == 4
    wanted = [9, 0, 4, 3, 8, 1, 7, 2]
    taken = ix._take_docs(chunked, ix.pa.array(wanted, ix.pa.int64()))
    assert taken.column("entity_key").to_pylist() == [f"e{n}" for n in wanted]
    assert taken.column("reg_key").to_pylist() == [f"r{n}" for n in wanted]


def test_the_memo_of_derived_terms_is_bounded_by_bytes() -> None:
    # long names: ~1 kB each, with a sound key per word
    long = [
        f"Van der Berg {'Abcdefghijklmnopqrstuvwxyz' * (n % 7 + 1)} {n} " * 12 for n in range(200)
    ]
    bounded, unbounded = ix._Derived(budget=40_000), ix._Derived(budget=1 << 40)
    for value in long + long:
        assert bounded("name", value) == unbounded("name", value) != ([], [])
    assert len(unbounded.memo["name"]) == 200
    assert 2 <= len(bounded.memo["name"]) <= 40
    assert bounded.room <= 0


def test_compact_forms_are_worked_out_as_the_python_pattern_does() -> None:
    values = ["XL-12-BB", "06 1234 5678", "Müller-Lüdenscheid", "straße 1a", "ﬁets", "Ærø",
              "ı İ", "a\nb\tc", "😀 x", "", "---", "1234 ab"]  # fmt: skip
    want = [re.sub(r"[^0-9A-Za-z]", "", v).upper() for v in values]
    assert ix._compact(ix.pa.array(values)) == want
