"""A store file with one person who will be destroyed and one who stays, plus what is derived
from them (match keys, the full-text index, a comparison hit, a resolution frame row)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from raffinaderij.clock import FixedClock
from raffinaderij.guard.policy import policy
from raffinaderij.search.index import rebuild_index
from raffinaderij.services import access, charts, compare, products, search, signals
from raffinaderij.store.db import Store, open_store
from support import add_case_lead, add_record, entity_id, guard_for, make_world

#: The seeded person's values; none may survive destruction in any byte under the data folder.
NAME = "Zwartekopperman"
GIVEN = "Quirijntje"
BSN = "271828109"
PHONE = "+31687654329"
PLATE = "XK917Q"
VALUES = (NAME, GIVEN, BSN, PHONE, PLATE)
#: What an analyst typed about the person, in other notations than stored: the full name with a
#: birth year in one string, the phone as dialled, the plate with its side-code dashes.
TYPED = (f"{GIVEN} {NAME} 1980", BSN, "06-87654329", "XK-917-Q")
#: The other person, who stays.
KEPT = "Blijfsteenhouwer"
#: A finding the analyst wrote, naming the person four ways and the one who stays.
FINDING = f"{GIVEN} {NAME} (bsn {BSN}) belt met 06-87654329 en rijdt XK-917-Q; {KEPT} niet."
#: The author's session purpose, kept on every audit row of the session.
PURPOSE = f"Beeldvorming {GIVEN} {NAME}"
#: The same finding once the person is destroyed: the rest of the analyst's words stay.
FINDING_AFTER = (
    f"[vernietigd] (bsn [vernietigd]) belt met [vernietigd] en rijdt [vernietigd]; {KEPT} niet."
)

FIRST_PROCESSED = date(2022, 1, 1)
#: Wpg 8 terms of the shipped policy: 1826 days to the art. 14 store, 3652 to destruction.
AT_ART14 = datetime(2027, 1, 2, 12, 0)
AT_DESTRUCTION = datetime(2032, 1, 2, 12, 0)
#: while the record is in its first year (free search): the product, signal and request are made
IN_TERM = datetime(2022, 6, 1, 12, 0)


def seed(folder: Path, clock: FixedClock) -> Store:
    store = open_store(folder / "raff.duckdb")
    make_world(store, clock)
    add_record(
        store,
        source="bvh",
        reg_id="1",
        first_processed=FIRST_PROCESSED,
        entities=[
            ("p1", "Person", {"givenName": GIVEN, "surname": NAME, "bsn": BSN}),
            ("t1", "Phone", {"number": PHONE}),
            ("v1", "Vehicle", {"plate": PLATE}),
        ],
        links=[("p1", "usesPhone", "t1", None), ("p1", "drives", "v1", None)],
    )
    add_record(
        store,
        source="bvh",
        reg_id="2",
        first_processed=date(2026, 6, 1),
        entities=[("p2", "Person", {"givenName": "Anna", "surname": KEPT, "bsn": "111222333"})],
    )
    # derived stores, built by the real code: full-text index, match keys, a comparison hit
    rebuild_index(store, confidential_codes=policy().confidential_codes)
    # picked from search in the record's first year (its search term); the hit names the person
    now, clock.now = clock.now, datetime(2022, 6, 1, 12, 0)
    analyst = guard_for(store, clock, "analyst4")
    result = compare.compare(analyst, entity_ids=[entity_id(store, "bvh/Person/p1")])
    assert result.hits == 1
    clock.now = now
    # the resolution frame row of the person, as a resolution run leaves it
    store.query(
        "INSERT INTO resolve_frame (unique_id, given_first, surname, bsn, phone)"
        " VALUES ('bvh/Person/p1', ?, ?, ?, ?)",
        [GIVEN, NAME.lower(), BSN, PHONE],
    )
    store.query("INSERT INTO resolve_keys VALUES (42, 'bvh/Person/p1')")
    store.query("CHECKPOINT")
    return store


def files_holding(folder: Path, value: str) -> list[str]:
    """Every file under the folder whose bytes contain the value (plain, any case)."""
    needles = {value.encode(), value.lower().encode(), value.upper().encode()}
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if any(n in data for n in needles):
                found.append(str(path.relative_to(folder)))
    return found


def search_typed(store: Store, clock: FixedClock) -> None:
    """Searches by what an analyst typed about the person (LAW-11 logs each `q`), and one for
    the person who stays, which must outlive the destruction."""
    analyst = guard_for(store, clock, "analyst3")
    for q in (*TYPED, KEPT):
        search.search(analyst, q=q)


def cite_everywhere(
    store: Store, clock: FixedClock, *, access_request: bool = True, search_by_name: bool = True
) -> None:
    """A product citing the person, a signal with two items sent (provision record), an access
    request with a withholding; the comparison hit is the seed's."""
    clock.now = IN_TERM
    add_case_lead(store, clock, "lead2")
    # the author opened the session with the person's name as its purpose
    author = guard_for(store, clock, "analyst3", purpose=PURPOSE)
    reviewer = guard_for(store, clock, "analyst4")
    p = products.create_product(author, title="Beeld van de verdachte", purpose="Duiding")
    products.cite_entity(
        author, product_id=p.product_id, entity_id=entity_id(store, "bvh/Person/p1")
    )
    products.cite_entity(
        author, product_id=p.product_id, entity_id=entity_id(store, "bvh/Vehicle/v1")
    )
    # the analyst's own words name the person too: a heading, a finding, a chart's title, a
    # signal's ground, a review note (typed.FREE_TEXT)
    products.add_finding(author, product_id=p.product_id, heading=f"Rol van {NAME}", text=FINDING)
    if search_by_name:  # cited as a table: the query must not outlive them in the product
        products.cite_search(author, product_id=p.product_id, q=NAME)
        search_typed(store, clock)
    charts.chart_save(
        author,
        title=f"Netwerk rond {GIVEN} {NAME}",
        seeds=[entity_id(store, "bvh/Person/p1")],
        positions={entity_id(store, "bvh/Person/p1"): [1.0, 2.0]},
    )
    products.submit_product(author, product_id=p.product_id)
    products.review_product(
        reviewer, product_id=p.product_id, decision="issue", note=f"Akkoord; {PLATE} nagetrokken"
    )
    view = products.product_view(author, product_id=p.product_id)
    facts = {f.prop: f.no for s in view.sections for f in s.facts}
    fg = guard_for(store, clock, "fg", None)
    rid = signals.register_recipient(fg, organisation="Gemeente Utrecht", kind="municipality")
    signal = signals.draft_signal(
        guard_for(store, clock, "lead"),
        product_id=p.product_id,
        recipient_id=rid.recipient_id,
        article="Wpg 19",
        purpose="Bibob-toets vergunning horeca",
        ground="organised_crime",
        ground_facts=f"Witwassen via horecapanden door {NAME}, PV 2022-123",
        fact_nos=[facts["surname"], facts["bsn"], facts["plate"]],
        agreement="OM-2022-17",
    )
    signals.approve_signal(guard_for(store, clock, "lead2"), signal_id=signal.signal_id)
    signals.send_signal(guard_for(store, clock, "lead"), signal_id=signal.signal_id)
    if not access_request:  # the request keeps the requester's name and BSN (Wpg 25 file)
        return
    req = access.access_request_register(
        fg,
        given_name=GIVEN,
        surname=NAME,
        birth_date=date(1980, 1, 1),
        identity_check="paspoort NX12345, balie",
        bsn=BSN,
    )
    access.access_withhold(
        fg, request_id=req.request_id, reg_key="bvh:1", ground="b", reason="lopend onderzoek"
    )
