"""Information products (issue 11): footnotes, levels, the four-eyes lifecycle, LAW-10, and
redaction that follows the sources into every rendering."""

from __future__ import annotations

import pytest

from raffinaderij.errors import Denied, NotFound
from raffinaderij.services import products
from support import guard_for


def _product(store, clock, people, author: str = "analyst3") -> str:  # type: ignore[no-untyped-def]
    g = guard_for(store, clock, author)
    p = products.create_product(g, title="Inbraakreeks Noord", purpose="Beeld van de daders")
    products.add_finding(
        g,
        product_id=p.product_id,
        heading="Beoordeling",
        text="De hoofdverdachte is vermoedelijk de spil.",
    )
    products.cite_entity(g, product_id=p.product_id, entity_id=people["piet"])
    return p.product_id


def test_facts_are_footnoted_and_the_level_is_the_highest_cited(store, clock, people) -> None:  # type: ignore[no-untyped-def]
    pid = _product(store, clock, people)
    view = products.product_view(guard_for(store, clock, "analyst3"), product_id=pid)
    assert view.level == 3  # the phone comes from a level-3 registration
    finding, cited = view.sections
    assert finding.judgement and finding.kind == "finding"
    assert cited.heading == "Piet Pietersen" and cited.entity_id == people["piet"]
    notes = {f.prop: f for f in cited.facts}
    assert notes["phone"].reg_key == "src:p3" and notes["surname"].reg_key == "src:p1"
    for note in cited.facts:
        assert note.source == "src" and note.legal_basis == 8 and note.first_processed
        assert note.reliability == "A1" and note.fact_judgement == "fact" and not note.redacted
    # the footnote numbers run through the product
    assert [f.no for f in cited.facts] == list(range(1, len(cited.facts) + 1))


def test_a_lower_level_member_cannot_open_it_and_hidden_looks_missing(store, clock, people) -> None:  # type: ignore[no-untyped-def]
    pid = _product(store, clock, people)
    low = guard_for(store, clock, "analyst1")
    with pytest.raises(NotFound) as hidden:
        products.product_view(low, product_id=pid)
    with pytest.raises(NotFound) as missing:
        products.product_view(low, product_id="p" + "0" * 20)
    assert str(hidden.value).replace(pid, "X") == str(missing.value).replace("p" + "0" * 20, "X")
    assert pid not in [p.product_id for p in products.list_products(low)]
    # a member of another case does not open it either, whatever their level
    with pytest.raises(NotFound):
        products.product_view(guard_for(store, clock, "analyst4", "THEMA-1"), product_id=pid)
    assert products.product_view(guard_for(store, clock, "analyst4"), product_id=pid).level == 3


def test_four_eyes_lifecycle_and_immutable_issued_versions(store, clock, people) -> None:  # type: ignore[no-untyped-def]
    pid = _product(store, clock, people)
    author = guard_for(store, clock, "analyst3")
    reviewer = guard_for(store, clock, "analyst4")
    with pytest.raises(Denied, match="not offered for review"):
        products.review_product(reviewer, product_id=pid, decision="issue")
    products.submit_product(author, product_id=pid)
    with pytest.raises(Denied, match="second person"):
        products.review_product(author, product_id=pid, decision="issue")
    with pytest.raises(NotFound):  # a level-1 member cannot even open it to review
        products.review_product(
            guard_for(store, clock, "analyst1"), product_id=pid, decision="issue"
        )
    assert products.review_product(reviewer, product_id=pid, decision="issue") == "issued"
    with pytest.raises(Denied, match="only a draft changes"):
        products.add_finding(author, product_id=pid, heading="Later", text="Nog iets erbij.")
    # a change makes a new version; version 1 stays as issued
    assert products.revise_product(author, product_id=pid) == 2
    products.add_finding(author, product_id=pid, heading="Later", text="Nog iets erbij.")
    v1 = products.product_view(author, product_id=pid, version=1)
    v2 = products.product_view(author, product_id=pid)
    assert (v1.state, len(v1.sections)) == ("issued", 2)
    assert (v2.state, v2.version, v2.versions, len(v2.sections)) == ("draft", 2, 2, 3)
    diff = products.product_diff(author, product_id=pid, from_version=1, to_version=2)
    assert ("+", "Nog iets erbij.") in diff and not [d for d in diff if d[0] == "-"]
    products.withdraw_product(guard_for(store, clock, "lead"), product_id=pid, reason="verouderd")
    assert products.product_view(author, product_id=pid).state == "withdrawn"


def test_actioned_needs_a_named_assessor_and_a_rationale(store, clock, people) -> None:  # type: ignore[no-untyped-def]
    pid = _product(store, clock, people)
    author, reviewer = guard_for(store, clock, "analyst3"), guard_for(store, clock, "analyst4")
    with pytest.raises(Denied):
        products.record_action(author, product_id=pid, assessor="lead", rationale="x" * 20)
    products.submit_product(author, product_id=pid)
    products.review_product(reviewer, product_id=pid, decision="issue")
    with pytest.raises(Denied, match="human assessor"):
        products.record_action(reviewer, product_id=pid, assessor=" ", rationale="x" * 20)
    with pytest.raises(Denied, match="not a known user"):
        products.record_action(reviewer, product_id=pid, assessor="robot", rationale="x" * 20)
    with pytest.raises(Exception, match="rationale"):
        products.record_action(reviewer, product_id=pid, assessor="lead", rationale="ok")
    products.record_action(
        reviewer, product_id=pid, assessor="lead", rationale="Aanleiding voor een huiszoeking"
    )
    history = products.product_view(author, product_id=pid).history
    assert history[-1][0] == "actioned" and history[-1][4] == "lead"


def test_a_fact_the_reader_lost_is_redacted_with_the_reason(store, clock, people) -> None:  # type: ignore[no-untyped-def]
    pid = _product(store, clock, people)
    reader = guard_for(store, clock, "analyst4")
    store.query("UPDATE registrations SET blocked = true WHERE reg_key = 'src:p3'")
    store.query(
        "UPDATE statements SET value = 'Pieterse' WHERE reg_key = 'src:p1' AND prop = 'surname'"
    )
    view = products.product_view(reader, product_id=pid)
    notes = {f.prop: f for f in view.sections[1].facts}
    assert notes["phone"].redacted == "removed" and notes["phone"].value is None
    assert notes["phone"].reg_key is None
    assert notes["surname"].redacted == "altered" and notes["surname"].value is None
    assert notes["givenName"].value == "Piet" and view.redacted == 2
    # destroyed, and out of term (art. 8 free search ends after a year: LAW-03)
    store.query("DELETE FROM statements WHERE reg_key = 'src:p3'")
    store.query("DELETE FROM registrations WHERE reg_key = 'src:p3'")
    clock.advance(days=400)
    view = products.product_view(guard_for(store, clock, "analyst4"), product_id=pid)
    reasons = {f.prop: f.redacted for f in view.sections[1].facts}
    assert reasons["phone"] == "destroyed" and reasons["givenName"] == "not_authorised"
    assert "Piet" not in repr(view) and "+3161" not in repr(view)
    # the diff is rendered under the reader's guard too
    assert "Piet" not in repr(
        products.product_diff(reader, product_id=pid, from_version=1, to_version=1)
    )


def test_a_search_is_cited_as_a_table(store, clock, people) -> None:  # type: ignore[no-untyped-def]
    from raffinaderij.services.search import rebuild_search_index

    rebuild_search_index(store)
    g = guard_for(store, clock, "analyst1")
    p = products.create_product(g, title="Zoekbeeld", purpose="Wie heet Klaassen")
    products.cite_search(g, product_id=p.product_id, q="klaassen")
    view = products.product_view(g, product_id=p.product_id)
    (table,) = view.sections
    assert table.kind == "table" and view.level == 1
    # the query (a name) is not kept as the heading: destruction could not reach it there
    assert "klaassen" not in table.heading.lower()
    assert {(f.row, f.prop, f.value) for f in table.facts} >= {("1", "surname", "Klaassen")}
    assert all(f.reg_key == "src:k1" for f in table.facts)


def test_only_the_author_edits_a_draft(store, clock, people) -> None:  # type: ignore[no-untyped-def]
    pid = _product(store, clock, people)
    with pytest.raises(Denied, match="author"):
        products.add_finding(
            guard_for(store, clock, "analyst4"), product_id=pid, heading="Ik", text="Ook iets."
        )
    with pytest.raises(NotFound):  # cannot cite what the author may not see
        products.cite_entity(
            guard_for(store, clock, "analyst3"), product_id=pid, entity_id="e" + "0" * 20
        )
