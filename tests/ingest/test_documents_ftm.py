from __future__ import annotations

import io
import json
from pathlib import Path

from ingest_helpers import FTM_REG as REG
from ingest_helpers import HEADER, row, write_mapping

from raffinaderij.clock import FixedClock
from raffinaderij.ingest import export_ftm, import_ftm, ingest
from raffinaderij.ingest.documents import extract_mentions
from raffinaderij.store.db import open_store

DOC_REG = """\
registration:
  id: {meta: registratienummer}
  legal_basis: {const: 8}
  first_processed: {meta: datum}
  level: {const: 2}
  confidentiality: {const: N}
  reliability: {const: B}
  acquisition: {const: proces-verbaal}
  fact_judgement: {const: fact}
  role: {const: other}
"""
TEXT = (
    "Verdachte Jan Jansen belde met 06-12345678 en reed in de 12-ABC-3. Woont op 1234 AB. "
    "BSN 111222333, niet 123456789. Mail jan@example.nl."
)


def test_extract_mentions() -> None:
    kinds = {(s, p, v) for s, p, v, *_ in extract_mentions(TEXT, {"jan jansen": "src/Person/P1"})}
    assert ("Phone", "number", "+31612345678") in kinds
    assert ("Vehicle", "plate", "12-ABC-3") in kinds
    assert ("Address", "postcode", "1234AB") in kinds
    assert ("Person", "bsn", "111222333") in kinds
    assert not any(v == "123456789" for _, _, v in kinds)  # fails the 11-proef
    assert ("Person", "email", "jan@example.nl") in kinds
    assert ("Person", "known", "jan jansen") in kinds


def test_text_documents_with_sidecar_and_known_names(tmp_path: Path, clock: FixedClock) -> None:
    store = open_store(":memory:")
    (tmp_path / "data.csv").write_text(HEADER + "\n" + row(1) + "\n", encoding="utf-8")
    ingest(store, write_mapping(tmp_path), clock=clock, rejects_dir=tmp_path)
    pv = tmp_path / "pv"
    pv.mkdir()
    (pv / "123.txt").write_text(TEXT, encoding="utf-8")
    (pv / "123.json").write_text(
        json.dumps({"registratienummer": "PV123", "datum": "2024-03-01"}), encoding="utf-8"
    )
    (pv / "124.txt").write_text("geen metadata", encoding="utf-8")
    m = write_mapping(
        tmp_path, fmt="text", path="pv/*.txt", source="pv", registration=DOC_REG, entities=""
    )
    rep = ingest(store, m, clock=clock, rejects_dir=tmp_path)
    assert rep.stored == 1 and rep.rejected == 1  # 124 has no registration id (LAW-01)
    links = {v for (v,) in store.query("SELECT value FROM statements WHERE prop = 'mentions'")}
    assert "src/Person/P1" in links  # the known person, by exact full name
    assert "pv/Phone/number:+31612345678" in links
    assert store.query(
        "SELECT value FROM statements WHERE entity_key = 'pv/Document/pv/123.txt' AND prop = 'title'"
    ) == [("123",)]
    again = ingest(store, m, clock=clock, rejects_dir=tmp_path)
    assert again.unchanged == 1


def test_docx_and_pdf(tmp_path: Path, clock: FixedClock) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("Kenteken 12-ABC-3 gezien.")
    (tmp_path / "docs").mkdir()
    d.save(str(tmp_path / "docs" / "a.docx"))
    (tmp_path / "docs" / "a.json").write_text(
        json.dumps({"registratienummer": "D1", "datum": "2024-01-01"})
    )
    store = open_store(":memory:")
    rep = ingest(
        store,
        write_mapping(
            tmp_path, fmt="docx", path="docs/*.docx", source="d", registration=DOC_REG, entities=""
        ),
        clock=clock,
        rejects_dir=tmp_path,
    )
    assert rep.stored == 1
    assert ("d/Vehicle/plate:12-ABC-3",) in store.query(
        "SELECT value FROM statements WHERE prop = 'mentions'"
    )
    (tmp_path / "docs" / "b.pdf").write_bytes(b"%PDF-1.4 broken")
    rep = ingest(
        store,
        write_mapping(
            tmp_path, fmt="pdf", path="docs/*.pdf", source="p", registration=DOC_REG, entities=""
        ),
        clock=clock,
        rejects_dir=tmp_path,
    )
    assert rep.rejected == 1 and rep.stored == 0


FTM = [
    {
        "id": "p1",
        "schema": "Person",
        "properties": {
            "name": ["Jan Jansen"],
            "birthDate": ["1980-04-03"],
            "phone": ["0612345678"],
        },
    },
    {"id": "v1", "schema": "Vehicle", "properties": {"registrationNumber": ["12-ABC-3"]}},
    {"id": "o1", "schema": "Ownership", "properties": {"owner": ["p1"], "asset": ["v1"]}},
    {"id": "f1", "schema": "Family", "properties": {"person": ["p1"], "relative": ["p1"]}},
]


def test_ftm_import_and_export_round_trip(tmp_path: Path, clock: FixedClock) -> None:
    src = tmp_path / "in.ftm.json"
    src.write_text("\n".join(json.dumps(e) for e in FTM) + "\n", encoding="utf-8")
    store = open_store(":memory:")
    rep = import_ftm(store, src, registration=REG, source="os", clock=clock, rejects_dir=tmp_path)
    assert rep.stored == 3 and rep.rejected == 1  # Family has no counterpart
    got = set(store.query("SELECT entity_key, prop, value FROM statements"))
    assert ("os/Person/p1", "registeredKeeper", "os/Vehicle/v1") in got
    assert ("os/Person/p1", "usesPhone", "os/Phone/+31612345678") in got
    out = io.StringIO()
    counts = export_ftm(store, out)
    lines = [json.loads(x) for x in out.getvalue().splitlines()]
    assert counts == {"entities": 2, "links": 1}
    person = next(e for e in lines if e["schema"] == "Person")
    assert person["properties"]["name"] == ["Jan Jansen"] and person["properties"]["phone"] == [
        "+31612345678"
    ]
    own = next(e for e in lines if e["schema"] == "Ownership")
    assert own["properties"]["owner"] == [person["id"]]
    # What we export, we can import again.
    back = tmp_path / "out.ftm.json"
    back.write_text(out.getvalue(), encoding="utf-8")
    rep2 = import_ftm(
        open_store(":memory:"),
        back,
        registration=REG,
        source="rt",
        clock=clock,
        rejects_dir=tmp_path,
    )
    assert rep2.stored == 3


def test_documents_are_rescanned_when_the_people_they_name_arrive(tmp_path: Path) -> None:
    """A report names Pieter de Vries before anyone of that name is stored; when a later source
    brings him, the stored report gains its `mentions` link to him with the offsets, in the
    report's own registration and the batch's transaction, audited as a combination naming the
    report; ingesting the same source again adds nothing twice."""
    from raffinaderij.services import ingest as ingest_service
    from support import NOW, guard_for, make_world

    clock = FixedClock(NOW)
    store = open_store(tmp_path / "raff.duckdb")
    make_world(store, clock)
    admin = guard_for(store, clock, "admin", case_id=None)
    docs = tmp_path / "pv"
    docs.mkdir()
    text = "Getuige zag Pieter de Vries bij de loods. Later kwam Pieter de Vries terug."
    (docs / "77.txt").write_text(text, encoding="utf-8")
    (docs / "77.json").write_text(json.dumps({"registratienummer": "PV77", "datum": "2024-03-01"}))
    first = tmp_path / "docs"
    first.mkdir()
    doc_mapping = write_mapping(
        first, fmt="text", path=str(docs / "*.txt"), source="pv", registration=DOC_REG, entities=""
    )
    ingest_service.collect(admin, mapping=str(doc_mapping))
    doc = "pv/Document/" + str(docs / "77.txt").lstrip("/")
    linked = "SELECT value, qualifier FROM statements WHERE prop = 'mentions' AND value = 'src/Person/P9'"
    assert store.query(linked) == []

    (tmp_path / "data.csv").write_text(
        HEADER + "\n" + row(9, voornaam="Pieter", achternaam="de Vries") + "\n", encoding="utf-8"
    )
    people = write_mapping(tmp_path)
    report = ingest_service.collect(admin, mapping=str(people))
    assert report.rescanned_documents == ["pv:PV77"]
    start = text.index("Pieter")
    second = text.index("Pieter", start + 1)
    assert store.query(linked) == [
        ("src/Person/P9", f"{start}-{start + 15},{second}-{second + 15}")
    ]
    owner = store.query(
        "SELECT reg_key, entity_key FROM statements WHERE prop = 'mentions' AND value = 'src/Person/P9'"
    )
    assert owner[0][0] == "pv:PV77" and owner[0][1].startswith("pv/Document/"), (owner, doc)
    rows = store.query(
        "SELECT record_ids FROM audit_log WHERE action = 'combine' AND service = 'rescan_mentions'"
    )
    assert rows == [('["pv:PV77"]',)]
    (tmp_path / "data.csv").write_text(
        HEADER
        + "\n"
        + row(9, voornaam="Pieter", achternaam="de Vries", omschrijving="Heling")
        + "\n",
        encoding="utf-8",
    )
    again = ingest_service.collect(admin, mapping=str(people))  # altered: scanned, nothing new
    assert again.altered == 1 and again.rescanned_documents == []
    assert len(store.query(linked)) == 1
    store.close()
