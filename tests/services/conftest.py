"""The planted network the graph and chart tests share."""

from __future__ import annotations

from typing import Any

import pytest

from raffinaderij.store.db import Store
from support import add_record, entity_id


@pytest.fixture
def net(store: Store) -> dict[str, str]:
    """p1 -phone- p2 -car- p3 (visible); p3 and p4 share an address only in a level-3 record;
    p5 lives alone; p6 is known only from a level-3 record."""
    person = {f"p{n}": ("Person", {"surname": f"Naam{n}"}) for n in range(1, 7)}

    def ents(*keys: str) -> list[tuple[str, str, dict[str, Any]]]:
        objects = {
            "t1": ("Phone", {"number": "+31612345678"}),
            "v1": ("Vehicle", {"plate": "XL-12-BB"}),
            "a1": ("Address", {"postcode": "1234AB", "houseNumber": "5"}),
            "a2": ("Address", {"postcode": "9999ZZ", "houseNumber": "1"}),
        }
        return [(k, *({**person, **objects}[k])) for k in keys]

    add_record(
        store,
        reg_id="r1",
        entities=ents("p1", "p2", "t1"),
        links=[("p1", "usesPhone", "t1", None), ("p2", "usesPhone", "t1", None)],
    )
    add_record(
        store,
        reg_id="r2",
        entities=ents("p2", "p3", "v1"),
        links=[("p2", "drives", "v1", None), ("p3", "registeredKeeper", "v1", None)],
    )
    add_record(
        store,
        reg_id="r3",
        level=3,
        entities=ents("p3", "p4", "a1", "p6"),
        links=[
            ("p3", "livesAt", "a1", None),
            ("p4", "livesAt", "a1", None),
            ("p6", "livesAt", "a1", None),
        ],
    )
    add_record(store, reg_id="r4", entities=ents("p4"))
    add_record(store, reg_id="r5", entities=ents("p5", "a2"), links=[("p5", "livesAt", "a2", None)])
    keys = {k: f"src/{s}/{k}" for k, (s, _) in {**person}.items()}
    keys |= {"t1": "src/Phone/t1", "v1": "src/Vehicle/v1", "a1": "src/Address/a1"}
    keys |= {"a2": "src/Address/a2"}
    return {k: entity_id(store, v) for k, v in keys.items()}
