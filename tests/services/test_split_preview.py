"""A split's preview says what the split will do, for every entity an analyst could split — not
for one sample: the preview once left out members with a statement outside the analysis scope
(they were in the run's frame, so the re-clustering kept them and what they held together)."""

from __future__ import annotations

from pathlib import Path

from raffinaderij.clock import FixedClock
from raffinaderij.demo import generate
from raffinaderij.errors import RaffError
from raffinaderij.services import entity, resolution
from raffinaderij.store.db import open_store
from support import NOW, guard_for, ingest_generated, make_world, resolve_persons


def test_every_split_preview_comes_true(tmp_path: Path) -> None:
    generate(tmp_path, persons=400, seed=5)
    clock = FixedClock(NOW)
    store = open_store(":memory:")
    make_world(store, clock)
    ingest_generated(store, clock, tmp_path)
    resolve_persons(store, clock)
    guard = guard_for(store, clock, "analyst4")
    checked = moved = 0
    for (eid,) in store.query(
        "SELECT entity_id FROM entity_clusters GROUP BY entity_id HAVING count(*) > 1"
        " ORDER BY min(entity_key)"
    ):
        try:
            view = entity.entity_view(guard, entity_id=eid)
        except RaffError:
            continue  # not visible to this analyst
        if not view.matches:
            continue
        weakest = min(view.matches, key=lambda m: m.match_weight)
        pair = {"left": weakest.left, "right": weakest.right}
        leaving = entity.split_consequence(guard, entity_id=eid, **pair)
        staying = [m for m in view.members if m not in leaving]
        resolution.review_match(guard, **pair, decision="split", reason="proef")
        of = {m: entity.entity_of_record(guard, entity_key=m) for m in view.members}
        assert len({of[m] for m in staying}) == 1, (eid, staying)
        assert not {of[m] for m in leaving} & {of[m] for m in staying}, (eid, leaving)
        resolution.review_match(guard, **pair, decision="confirm", reason="toch")
        checked += 1
        moved += bool(leaving)
    assert checked >= 5 and moved >= 1
    store.close()
