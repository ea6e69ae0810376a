"""Candidate limits and the guard: the index proposes, SQL decides (LAW-06), and a user who may
see little is never crowded out of the results by better-ranked records they may not see."""

from __future__ import annotations

from datetime import date

import pytest

from raffinaderij.search.index import build_index, candidates
from raffinaderij.services import search
from support import add_record, entity_id, guard_for

OLD = date(2025, 1, 1)  # art. 8 data older than a year: not free-searchable (LAW-03)


@pytest.fixture
def crowded(store):  # type: ignore[no-untyped-def]
    # 40 records that rank higher (the word twice) but that analyst1 may not see:
    # out of the search term, or above the user's level
    for n in range(40):
        add_record(
            store,
            reg_id=f"hidden{n}",
            first_processed=OLD if n % 2 else date(2026, 6, 1),
            level=1 if n % 2 else 3,
            entities=[(f"h{n}", "Person", {"surname": "Doelwit", "fullName": "Doelwit Doelwit"})],
        )
    for n in range(3):
        add_record(
            store,
            reg_id=f"seen{n}",
            entities=[(f"s{n}", "Person", {"surname": "Doelwit", "givenName": f"Zichtbaar{n}"})],
        )
    return store


def _small_batches(monkeypatch) -> list[int]:  # type: ignore[no-untyped-def]
    """Tiny candidate batches, so that looking further is exercised; returns the sizes asked."""
    monkeypatch.setattr(search, "FIRST_CANDIDATES", 2)
    monkeypatch.setattr(search, "PER_HIT", 1)
    monkeypatch.setattr(search, "GROWTH", 2)
    sizes: list[int] = []
    real = search.candidates

    def spy(si, q, *, limit, max_level=None):  # type: ignore[no-untyped-def]
        sizes.append(limit)
        return real(si, q, limit=limit, max_level=max_level)

    monkeypatch.setattr(search, "candidates", spy)
    return sizes


def test_invisible_candidates_do_not_crowd_out_visible_ones(crowded, clock, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    g = guard_for(crowded, clock, "analyst1")
    si = build_index(crowded, None, confidential_codes=("V",))
    top = candidates(si, "Doelwit", limit=5)
    assert all(k.startswith("src:hidden") for k in top.table.column("reg_key").to_pylist())
    sizes = _small_batches(monkeypatch)
    result = search.search(g, q="Doelwit", limit=3)
    assert len(sizes) > 2  # it had to look further down the ranking
    assert {h.entity_id for h in result.hits} == {
        entity_id(crowded, f"src/Person/s{n}") for n in range(3)
    }
    assert result.total == 3 and result.complete
    assert result.facets["source"] == {"src": 3}


def test_truncated_results_are_the_best_visible_ones(crowded, clock, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    g = guard_for(crowded, clock, "analyst1")
    full = search.search(g, q="Doelwit", limit=50)
    sizes = _small_batches(monkeypatch)
    two = search.search(g, q="Doelwit", limit=2)
    assert len(sizes) > 1
    assert [h.entity_id for h in two.hits] == [h.entity_id for h in full.hits][:2]
    # stopping early is said, never silent: the count is then a lower bound
    assert two.total >= 2
    assert two.complete or two.total <= full.total


def test_level_prefilter_only_drops_what_sql_drops(crowded, clock) -> None:  # type: ignore[no-untyped-def]
    si = build_index(crowded, None, confidential_codes=("V",))
    all_levels = candidates(si, "Doelwit", limit=100)
    level1 = candidates(si, "Doelwit", limit=100, max_level=1)
    assert len(all_levels) == 43 and len(level1) == 23
    for user in ("analyst1", "analyst3"):
        g = guard_for(crowded, clock, user)
        hits = {h.entity_id for h in search.search(g, q="Doelwit", limit=100).hits}
        want = {
            r[0]
            for r in crowded.query(
                "SELECT DISTINCT i.entity_id FROM statements s JOIN registrations r"
                " ON r.reg_key = s.reg_key JOIN entity_ids i ON i.entity_key = s.entity_key"
                " WHERE s.value = 'Doelwit' AND r.level <= ?"
                " AND r.first_processed > DATE '2025-11-01'",
                [g.user.level],
            )
        }
        assert hits == want


def test_candidates_read_no_stored_documents_but_hits_show_values(crowded, clock) -> None:  # type: ignore[no-untyped-def]
    si = build_index(crowded, None, confidential_codes=("V",))
    found = candidates(si, "Zichtbaar1")
    keys = found.table.column("entity_key").to_pylist()
    assert keys[0] == "src/Person/s1" and len(keys) == 3  # one typo away: s0 and s2
    assert found.complete and found.matched == 3
    hit = search.search(guard_for(crowded, clock, "analyst1"), q="Zichtbaar1").hits[0]
    assert ("givenName", "Zichtbaar1") in hit.matched and hit.caption == "Zichtbaar1 Doelwit"


def test_index_reopens_from_disk_with_its_document_table(tmp_path, clock) -> None:  # type: ignore[no-untyped-def]
    from raffinaderij.search import index as ix
    from raffinaderij.store.db import open_store
    from support import make_world

    store = open_store(tmp_path / "raff.duckdb")
    make_world(store, clock)
    add_record(store, reg_id="a", entities=[("p", "Person", {"surname": "Schijfman"})])
    built = ix.rebuild_index(store, confidential_codes=("V",))
    assert built.folder is not None and built.folder.parent == tmp_path / "index"
    assert (built.folder / "docs.arrow").exists()
    ix._CACHE.clear()
    opened = ix.index_for(store, confidential_codes=("V",))
    assert opened is not built and opened.docs.equals(built.docs)
    found = ix.candidates(opened, "Schijfman")
    assert found.table.column("reg_key").to_pylist() == ["src:a"]
    store.close()
