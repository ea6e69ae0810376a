"""Dutch document intelligence on a Dutch text written for this test (a fictional set of answers
to parliamentary questions): recall and precision >= 90 % on organisations, laws, ECLI numbers
and person names; no false postcode; offsets point at the mention."""

from __future__ import annotations

from pathlib import Path

import pytest

from raffinaderij.ingest.dutch_text import find

TEXT = (Path(__file__).with_name("corpus") / "kamerantwoord.txt").read_text(encoding="utf-8")

# What a careful reader marks in the text, per kind (canonical values).
EXPECTED = {
    "organisation": {
        "Ministerie van Justitie en Veiligheid", "Politie", "AIVD", "Autoriteit Persoonsgegevens",
        "NCTV", "Openbaar Ministerie", "Politie Eenheid Rotterdam", "FIOD",
        "Koninklijke Marechaussee", "Inspectie Justitie en Veiligheid", "Hoge Raad",
        "Rechtbank Den Haag", "Tweede Kamer", "Landelijke Eenheid", "CTIVD",
        "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties",
    },
    "law": {
        "Wpg art. 8", "Wpg art. 13", "Wiv 2017", "Wpg art. 16", "AVG", "Bpg art. 2:11",
        "Richtlijn (EU) 2016/680", "Wpg", "Sr art. 140", "Sv art. 126g",
    },
    "ecli": {"ECLI:NL:HR:2021:1234", "ECLI:NL:RBDHA:2022:5678"},
    "person": {
        "Van der Berg", "P.J. de Graaf", "A.M. van Dijk-Jansen", "Pieter Bakker", "Coenradie",
        "J. Uitermark", "D. Yeşilgöz-Zegerius",
    },
}  # fmt: skip


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_recall_and_precision_per_kind(kind: str) -> None:
    spans = find(TEXT)
    got = {s.value for s in spans if s.kind == kind}
    # "de Kamer" in an answer to the Tweede Kamer is the Tweede Kamer.
    want = EXPECTED[kind]
    hit = got & want
    recall, precision = len(hit) / len(want), len(hit) / max(len(got), 1)
    assert recall >= 0.9, (kind, sorted(want - got))
    assert precision >= 0.9, (kind, sorted(got - want))


def test_no_false_postcode_and_the_real_mentions_of_other_kinds() -> None:
    spans = find(TEXT)
    assert [s for s in spans if s.kind == "postcode"] == []  # "2023 in", "2025 is", "2024 werden"
    values = {(s.kind, s.value) for s in spans}
    assert {("date", "2024-03-14"), ("date", "2024-10-02"), ("date", "2025-07-01")} <= values
    assert {("place", "Utrecht"), ("place", "Amsterdam")} <= values
    assert ("phone", "+31703456789") in values and ("email", "info@example.nl") in values


def test_offsets_point_at_the_mention() -> None:
    for s in find(TEXT):
        assert TEXT[s.start : s.end] == s.text


def test_other_kinds_and_false_friends() -> None:
    text = (
        "Het voertuig 12-ABC-3 is betaald van NL91ABNA0417164300 (niet NL00ABNA0417164300). "
        "Postcode 3511 LK in Utrecht; in 2023 in de stad, BSN 111222333."
    )
    got = {(s.kind, s.value) for s in find(text)}
    assert ("plate", "12-ABC-3") in got
    assert ("iban", "NL91ABNA0417164300") in got
    assert not any(v == "NL00ABNA0417164300" for _, v in got)  # fails mod-97
    assert ("postcode", "3511LK") in got
    assert ("bsn", "111222333") in got
    assert not any(k == "phone" for k, _ in got)  # the digits inside an IBAN are no phone
    assert [v for k, v in got if k == "postcode"] == ["3511LK"]


def test_an_ingested_document_keeps_its_mentions_and_their_offsets(tmp_path: Path) -> None:
    from datetime import date

    from ingest_helpers import write_mapping

    from raffinaderij.clock import FixedClock
    from raffinaderij.ingest import ingest
    from raffinaderij.store.db import open_store

    clock = FixedClock(date(2026, 1, 1))
    store = open_store(":memory:")
    # an organisation already stored: a mention of it links to its entity
    (tmp_path / "org.csv").write_text(
        "nr;naam\nO1;Regionaal Informatie- en Expertise Centrum\n", encoding="utf-8"
    )
    registration = """\
registration:
  id: nr
  legal_basis: {const: 8}
  first_processed: {const: "2025-01-01", format: "%Y-%m-%d"}
  level: {const: 1}
  confidentiality: {const: N}
  reliability: {const: A}
  acquisition: {const: registratie}
  fact_judgement: {const: fact}
  role: {const: other}
"""
    orgs = (
        "entities:\n  org:\n    type: Organisation\n    key: [nr]\n    properties: {name: naam}\n"
    )
    ingest(
        store,
        write_mapping(
            tmp_path, path="org.csv", source="kvk", registration=registration, entities=orgs
        ),
        clock=clock,
        rejects_dir=tmp_path,
    )
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "antwoord.txt").write_text(TEXT, encoding="utf-8")
    doc_reg = registration.replace("id: nr", "id: {column: name}")
    rep = ingest(
        store,
        write_mapping(
            tmp_path, fmt="text", path="docs/*.txt", source="doc", registration=doc_reg, entities=""
        ),
        clock=clock,
        rejects_dir=tmp_path,
    )
    assert rep.stored == 1
    links = dict(store.query("SELECT value, qualifier FROM statements WHERE prop = 'mentions'"))
    assert "doc/Organisation/name:AIVD" in links
    assert "doc/LegalReference/reference:Wpg art. 8" in links
    assert "doc/LegalReference/reference:ECLI:NL:HR:2021:1234" in links
    assert "doc/Person/fullName:P.J. de Graaf" in links
    assert "kvk/Organisation/O1" in links  # the stored organisation, by name
    assert not any("/Address/postcode:" in k for k in links)
    for start, end in (p.split("-") for p in links["doc/Organisation/name:AIVD"].split(",")):
        assert TEXT[int(start) : int(end)] == "AIVD"
    assert len(links["doc/Organisation/name:AIVD"].split(",")) == TEXT.count("AIVD")
