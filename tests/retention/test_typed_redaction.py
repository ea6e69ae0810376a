"""What was typed about a destroyed person leaves the audit log with them (issue 12), and only
that: a value another person still holds stays, the log still verifies (with exactly the
redactions its re-anchor rows record), and the supervisor's report still recounts from it."""

from __future__ import annotations

from collections import Counter

import pytest

from raffinaderij.audit.log import verify
from raffinaderij.clock import FixedClock
from raffinaderij.errors import RaffError
from raffinaderij.services import accountability, privacy, products, search
from raffinaderij.services.registry import REGISTRY, typed_fields
from raffinaderij.store.db import Store
from support import add_record, guard_for

REDACTED = "[redacted]"


def _people(store: Store) -> None:
    add_record(
        store,
        reg_id="gone",
        entities=[
            ("p", "Person", {"givenName": "Jan", "surname": "Bakker", "bsn": "111222333"}),
            ("t", "Phone", {"number": "+31612345678"}),
            ("v", "Vehicle", {"plate": "AB123C"}),
        ],
    )
    # namesakes who stay: the surname and the given name are not the destroyed person's alone
    add_record(
        store,
        reg_id="piet",
        entities=[
            ("p2", "Person", {"givenName": "Piet", "surname": "Bakker"}),
            ("t2", "Phone", {"number": "06-11111111"}),
        ],
    )
    add_record(
        store, reg_id="smit", entities=[("p3", "Person", {"givenName": "Jan", "surname": "Smit"})]
    )


def _typed(store: Store, clock: FixedClock) -> dict[str, int]:
    """Each query typed once; returns its audit row number."""
    analyst = guard_for(store, clock, "analyst3")
    seqs = {}
    for q in (
        "Bakker",  # Piet still holds it
        "jan",  # Jan Smit still holds it
        "Jan Bakker 1980",  # the two together: only the destroyed person
        "jàn  BAKKER",  # case and diacritics folded
        "06 1234 5678",  # the phone as dialled, in groups
        "ab-123-c",  # the plate with dashes
        "bsn 111.222.333",
        "06-11111111",  # Piet's phone
        "Piet Bakker",
    ):
        search.search(analyst, q=q)
        seqs[q] = int(store.query("SELECT max(seq) FROM audit_log")[0][0])
    # another service's typed fields: the title names the person, the purpose names Piet
    products.create_product(analyst, title="Beeld van Jan Bakker", purpose="Relatie Piet Bakker")
    seqs["product"] = int(store.query("SELECT max(seq) FROM audit_log")[0][0])
    return seqs


def _field(store: Store, seq: int, field: str) -> str:
    return str(store.query("SELECT query->>? FROM audit_log WHERE seq = ?", [field, seq])[0][0])


def test_only_what_the_destroyed_person_alone_held_is_redacted(
    store: Store, clock: FixedClock
) -> None:
    _people(store)
    seqs = _typed(store, clock)
    fg = guard_for(store, clock, "fg", None)
    done = privacy.registration_destroy(fg, reg_key="src:gone", reason="verzoek betrokkene 12")
    assert done.done == "destroyed"

    gone = {"Jan Bakker 1980", "jàn  BAKKER", "06 1234 5678", "ab-123-c", "bsn 111.222.333"}
    for q, seq in seqs.items():
        if q != "product":
            assert _field(store, seq, "q") == (REDACTED if q in gone else q), q
    assert _field(store, seqs["product"], "title") == REDACTED
    assert _field(store, seqs["product"], "purpose") == "Relatie Piet Bakker"
    # one re-anchor row for the destruction, holding no value; the log verifies
    (reanchor,) = store.query("SELECT query FROM audit_log WHERE service = 'audit_reanchor'")
    assert '"rows":6' in reanchor[0] and '"fields":["q","title"]' in reanchor[0]
    assert not any(v in reanchor[0] for v in ("Bakker", "0612345678", "AB123C", "111222333"))
    result = verify(store)
    assert result.ok and result.redacted == 6, result.reason
    row = store.query("SELECT query FROM audit_log WHERE service = 'registration_destroy'")
    assert '"audit_rows_redacted":6' in row[0][0]

    # Piet destroyed later: his surname, his phone and his name now name nobody else
    privacy.registration_destroy(fg, reg_key="src:piet", reason="verzoek betrokkene 13")
    for q in ("Bakker", "06-11111111", "Piet Bakker"):
        assert _field(store, seqs[q], "q") == REDACTED, q
    assert _field(store, seqs["jan"], "q") == "jan"  # Jan Smit stays
    # a row redacted twice (title, then purpose) verifies with the later re-anchoring
    assert _field(store, seqs["product"], "purpose") == REDACTED
    result = verify(store)
    assert result.ok and result.redacted == 9, result.reason


def test_the_reason_for_a_destruction_may_not_name_the_person(
    store: Store, clock: FixedClock
) -> None:
    """The destroying call's own row is written after the redaction: its reason is refused when
    it names what only the registration holds (the refused call's row is redacted later)."""
    _people(store)
    fg = guard_for(store, clock, "fg", None)
    with pytest.raises(RaffError, match="reason names a value"):
        privacy.registration_destroy(
            fg, reg_key="src:gone", reason="verzoek van J. Bakker, 0612345678"
        )
    assert store.query("SELECT count(*) FROM registrations WHERE reg_key = 'src:gone'") == [(1,)]
    privacy.registration_destroy(fg, reg_key="src:gone", reason="verzoek Bakker, zaak 2026-12")
    reasons = store.query(
        "SELECT outcome, query->>'reason' FROM audit_log WHERE service = 'registration_destroy'"
        " ORDER BY seq"
    )
    assert reasons == [("error", REDACTED), ("ok", "verzoek Bakker, zaak 2026-12")]
    assert verify(store).ok


def test_a_redaction_the_reanchor_row_does_not_record_is_found(
    store: Store, clock: FixedClock
) -> None:
    _people(store)
    seqs = _typed(store, clock)
    privacy.registration_destroy(
        guard_for(store, clock, "fg", None), reg_key="src:gone", reason="verzoek betrokkene 12"
    )
    assert verify(store).ok
    seq = seqs["Jan Bakker 1980"]
    with store.transaction() as cur:  # the recorded hashes must stay as the chain says
        cur.execute("UPDATE audit_redactions SET redacted_hash = ? WHERE seq = ?", ["0" * 64, seq])
    result = verify(store)
    assert not result.ok and result.findings[0].kind == "altered", result.reason
    assert result.redacted == 0  # the batch's digest no longer holds: it approves nothing


def test_the_supervisors_report_still_recounts_from_the_log(
    store: Store, clock: FixedClock
) -> None:
    _people(store)
    _typed(store, clock)
    privacy.registration_destroy(
        guard_for(store, clock, "fg", None), reg_key="src:gone", reason="verzoek betrokkene 12"
    )
    rows = store.query("SELECT coalesce(case_id, '-'), service, outcome FROM audit_log")
    report = accountability.supervisor_report(guard_for(store, clock, "auditor", None))
    assert {c: f["calls"] for c, f in report.usage.items()} == dict(Counter(c for c, _, _ in rows))
    assert report.usage["ZAAK-1"]["searches"] == 9
    assert report.log["verified"] and report.log["rows"] == len(rows)


def test_typed_fields_come_from_the_registry() -> None:
    fields = typed_fields()
    assert set(fields) == set(REGISTRY)
    assert "q" in fields["search"] and "value" in fields["registration_rectify"]
    assert "password" not in fields["create_user"]  # a secret is never kept as typed
    assert "subjects" not in fields["compare"]  # bulk is kept as a digest
    assert "limit" not in fields["search"] and "dry_run" not in fields["retention_run"]
