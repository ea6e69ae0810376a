"""The index while it is rebuilt (issue 13): searches keep answering from the index they have
instead of waiting for a build; a store that a job is `refreshing` serves its index until the job
brings it up to date; a forgotten index (a rectification, a destruction) is never served, not
even when a build that began before it ends later."""

from __future__ import annotations

import threading
from pathlib import Path

from raffinaderij.clock import FixedClock
from raffinaderij.search import index as ix
from raffinaderij.services import search
from raffinaderij.store.db import Store, open_store
from support import add_record, guard_for, make_world

CODES = ("V",)


def _store(tmp_path: Path, clock: FixedClock) -> Store:
    store = open_store(tmp_path / "raff.duckdb")
    make_world(store, clock)
    add_record(store, reg_id="old", entities=[("p0", "Person", {"surname": "Eerstman"})])
    return store


def _surnames(si: ix.SearchIndex, q: str) -> list[str]:
    return ix.candidates(si, q).table.column("reg_key").to_pylist()


def test_a_refreshing_store_serves_its_index_until_the_refresh_ends(
    tmp_path: Path, clock: FixedClock
) -> None:
    store = _store(tmp_path, clock)
    before = ix.index_for(store, confidential_codes=CODES)
    with ix.refreshing(store):
        add_record(store, reg_id="new", entities=[("p1", "Person", {"surname": "Nieuwman"})])
        assert ix.index_for(store, confidential_codes=CODES) is before  # no build in a search
        assert _surnames(before, "Nieuwman") == []
        search.refresh_search_index(store)
        now = ix.index_for(store, confidential_codes=CODES)
        assert now is not before and _surnames(now, "Nieuwman") == ["src:new"]
    # outside a refresh a changed store is indexed before the search answers, as before
    add_record(store, reg_id="late", entities=[("p2", "Person", {"surname": "Laatman"})])
    assert _surnames(ix.index_for(store, confidential_codes=CODES), "Laatman") == ["src:late"]
    # one generation on disk: the older ones are gone
    generations = [p.name for p in (tmp_path / "index").iterdir() if p.is_dir()]
    assert len(generations) == 1
    store.close()


def test_searches_answer_while_an_index_is_built(tmp_path: Path, clock: FixedClock) -> None:
    store = _store(tmp_path, clock)
    before = ix.index_for(store, confidential_codes=CODES)
    add_record(store, reg_id="new", entities=[("p1", "Person", {"surname": "Nieuwman"})])
    building, release = threading.Event(), threading.Event()

    def parked(phase: str, done: int, total: int) -> None:
        if phase == "commit":  # the documents are written; hold the build here
            building.set()
            assert release.wait(60)

    with ix.refreshing(store):
        builder = threading.Thread(
            target=ix.rebuild_index, args=(store,), kwargs={"confidential_codes": CODES,
                                                           "progress": parked},
        )  # fmt: skip
        builder.start()
        try:
            assert building.wait(60)
            answered: list[object] = []
            guard = guard_for(store, clock, "analyst2")
            searcher = threading.Thread(
                target=lambda: answered.append(search.search(guard, q="Eerstman").total)
            )
            searcher.start()
            searcher.join(30)  # a search that waited for the build would still be waiting
            assert answered == [1]
            assert ix.index_for(store, confidential_codes=CODES) is before
        finally:
            release.set()
            builder.join(60)
    assert _surnames(ix.index_for(store, confidential_codes=CODES), "Nieuwman") == ["src:new"]
    store.close()


def test_a_forgotten_index_is_not_served_nor_replaced_by_an_older_build(
    tmp_path: Path, clock: FixedClock
) -> None:
    store = _store(tmp_path, clock)
    ix.index_for(store, confidential_codes=CODES)
    building, release = threading.Event(), threading.Event()
    results: list[ix.SearchIndex] = []

    def parked(phase: str, done: int, total: int) -> None:
        if phase == "commit" and not building.is_set():
            building.set()
            assert release.wait(60)

    with ix.refreshing(store):
        builder = threading.Thread(
            target=lambda: results.append(
                ix.rebuild_index(store, confidential_codes=CODES, progress=parked)
            )
        )
        builder.start()
        assert building.wait(60)
        # a rectification while the build runs: the value changes where no fingerprint sees it
        store.query("UPDATE statements SET value = 'Anderman' WHERE value = 'Eerstman'")
        ix.forget_index(store)
        release.set()
        builder.join(60)
        served = ix.index_for(store, confidential_codes=CODES)
        # the build that read the old value was thrown away and built again
        assert results and results[0] is served
        assert _surnames(served, "Eerstman") == [] and _surnames(served, "Anderman") == ["src:old"]
    files = [p for p in (tmp_path / "index").rglob("*") if p.is_file()]
    assert not [p for p in files if b"Eerstman" in p.read_bytes()]
    store.close()


def test_an_index_built_in_a_child_process_is_the_same_index(
    tmp_path: Path, clock: FixedClock
) -> None:
    store = _store(tmp_path, clock)
    add_record(store, reg_id="v", entities=[("v1", "Vehicle", {"plate": "12-ABC-3"})])
    here = ix.build_index(store, tmp_path / "here", confidential_codes=CODES)
    apart = ix.build_index_apart(store, tmp_path / "apart", confidential_codes=CODES)
    order = [("entity_key", "ascending"), ("reg_key", "ascending")]  # DuckDB's row order varies
    assert apart.docs.sort_by(order).equals(here.docs.sort_by(order))
    assert apart.fingerprint == here.fingerprint
    for q in ("Eerstman", "Eerstmann", "12ABC3"):
        assert sorted(_surnames(apart, q)) == sorted(_surnames(here, q)) != []
    assert sorted(p.name for p in (tmp_path / "apart").iterdir() if p.suffix == ".arrow") == [
        "docs.arrow"
    ]  # the rows handed to the child are gone
    store.close()


def test_the_fingerprint_sees_which_record_changed_not_only_how_many(
    tmp_path: Path, clock: FixedClock
) -> None:
    """Blocking one record while unblocking another, or moving a level from one record to
    another, leaves every count and sum as it was: the fingerprint still changes."""
    store = _store(tmp_path, clock)
    add_record(store, reg_id="two", level=3, entities=[("p2", "Person", {"surname": "Tweede"})])
    seen = {ix.fingerprint(store)}

    def change(sql: str) -> None:
        with store.transaction() as tx:
            tx.execute(sql)
        assert ix.fingerprint(store) not in seen, sql
        seen.add(ix.fingerprint(store))

    change("UPDATE registrations SET blocked = true WHERE reg_key = 'src:old'")
    change(
        "UPDATE registrations SET blocked = (reg_key = 'src:two')"
        " WHERE reg_key IN ('src:old', 'src:two')"
    )
    levels = dict(store.query("SELECT reg_key, level FROM registrations"))
    assert levels["src:old"] != levels["src:two"]
    change(
        "UPDATE registrations SET level = CASE reg_key WHEN 'src:old' THEN"
        f" {levels['src:two']} ELSE {levels['src:old']} END"
        " WHERE reg_key IN ('src:old', 'src:two')"
    )
    store.close()
