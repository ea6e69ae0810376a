"""Adversarial review: the derived search index follows blocking (Wpg 28, LAW-02/-04)."""

from __future__ import annotations

from raffinaderij.guard.policy import policy
from raffinaderij.search.index import index_for
from raffinaderij.services import search
from support import add_record, guard_for


def test_index_follows_a_block_that_keeps_the_blocked_count(store, clock) -> None:  # type: ignore[no-untyped-def]
    """Blocking one record while another is unblocked must still drop the blocked one."""
    for reg, blocked in (("a", True), ("b", False)):
        add_record(
            store,
            reg_id=reg,
            blocked=blocked,
            entities=[(reg, "Person", {"surname": f"Zwartkop{reg}", "birthDate": "1980-01-01"})],
        )
    g = guard_for(store, clock, "analyst1")
    assert search.search(g, q="Zwartkopb").total == 1
    store.query(
        "UPDATE registrations SET blocked = NOT blocked WHERE reg_key IN ('src:a', 'src:b')"
    )
    docs = index_for(store, confidential_codes=policy().confidential_codes).docs
    assert "src:b" not in docs.column("reg_key").to_pylist()
