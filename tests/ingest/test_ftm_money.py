"""FollowTheMoney money and organised-crime links (issue 10): Payment, Ownership, Directorship,
Family and Associate import from a file with duplicates written here; duplicate organisations
and accounts resolve by the approved rules; payments reach a person's timeline through the
accounts the person holds; what we import, we export and import again."""

from __future__ import annotations

import io
import json
from pathlib import Path

from ingest_helpers import FTM_REG as REG

from raffinaderij.clock import FixedClock
from raffinaderij.ingest.ftm import export_ftm, import_ftm
from raffinaderij.resolve.rules import RULES_VERSION
from raffinaderij.services import resolution, timeline
from raffinaderij.store.db import Store
from support import entity_id, guard_for


def _e(fid: str, schema: str, **props: object) -> dict[str, object]:
    return {
        "id": fid,
        "schema": schema,
        "properties": {k: v if isinstance(v, list) else [v] for k, v in props.items()},
    }


FTM = [
    _e("jan", "Person", name="Jan de Vries", birthDate="1970-02-03"),
    _e("piet", "Person", name="Piet de Vries", birthDate="1972-05-06"),
    _e("anna", "Person", name="Anna Bakker"),
    _e("kees", "Person", name="Kees Smit"),
    _e("bv", "Company", name="Bouwbedrijf De Vries B.V.", registrationNumber="12345678"),
    # the same company again, spelled otherwise, from another data set: one organisation
    _e("bv-2", "Company", name="Bouwbedrijf de Vries BV", registrationNumber="12345678"),
    _e("holding", "Company", name="De Vries Holding B.V.", registrationNumber="87654321"),
    _e("acc", "BankAccount", iban="NL91ABNA0417164300"),
    _e("acc-2", "BankAccount", iban="NL91 ABNA 0417 1643 00"),  # the same account
    _e("acc-kees", "BankAccount", iban="NL20INGB0001234567"),
    _e("f1", "Family", person="jan", relative="piet", relationship="broer"),
    _e("f2", "Family", person="jan", relative="anna", relationship="spouse"),
    _e("as1", "Associate", person="jan", associate="kees", relationship="zakenpartner"),
    _e("own1", "Ownership", owner="jan", asset="holding", percentage="100"),
    _e("own2", "Ownership", owner="holding", asset="bv", percentage="60"),
    _e("own3", "Ownership", owner="jan", asset="acc"),
    _e("dir1", "Directorship", director="jan", organization="bv-2", role="bestuurder"),
    _e("pay1", "Payment", payer="bv", payerAccount="acc", beneficiary="kees",
       beneficiaryAccount="acc-kees", amount="2500.00", currency="EUR", date="2024-05-01",
       purpose="advies"),
    _e("pay2", "Payment", payer="bv-2", payerAccount="acc-2", beneficiary="kees",
       beneficiaryAccount="acc-kees", amount="9900.00", currency="EUR", date="2024-06-15"),
    _e("self", "Family", person="jan", relative="jan", relationship="broer"),  # no link
    _e("x1", "Sanction", entity="jan"),  # no counterpart
]  # fmt: skip


def _write(path: Path, entities: list[dict[str, object]]) -> Path:
    lines = [json.dumps(e) for e in entities]
    lines.append(lines[-4])  # pay1 twice: a duplicate line
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_money_and_crime_links_import_and_resolve(
    tmp_path: Path, store: Store, clock: FixedClock
) -> None:
    report = import_ftm(
        store, _write(tmp_path / "in.ftm.json", FTM), registration=REG, source="os", clock=clock,
        rejects_dir=tmp_path,
    )  # fmt: skip
    assert report.rejected == 3
    reasons = [r[0] for r in store.query("SELECT reason FROM rejects ORDER BY row_number")]
    assert len(reasons) == 3, reasons
    assert "linked to itself" in reasons[0] and "no counterpart" in reasons[1]
    assert "duplicate registration id pay1" in reasons[2]  # reported; the first line stands
    got = set(store.query("SELECT entity_key, prop, value, qualifier FROM statements"))
    P, ORG, A = "os/Person/", "os/Organisation/", "os/BankAccount/"
    assert {
        (P + "jan", "familyOf", P + "piet", "broer"),
        (P + "jan", "partnerOf", P + "anna", "spouse"),
        (P + "jan", "associateOf", P + "kees", "zakenpartner"),
        (P + "jan", "ownerOf", ORG + "holding", "100"),
        (ORG + "holding", "shareholderOf", ORG + "bv", "60"),
        (P + "jan", "holdsAccount", A + "acc", None),
        (P + "jan", "directorOf", ORG + "bv-2", "bestuurder"),
        ("os/Payment/pay1", "payer", ORG + "bv", None),
        ("os/Payment/pay1", "paymentFrom", A + "acc", None),
        ("os/Payment/pay1", "paymentTo", A + "acc-kees", None),
        ("os/Payment/pay1", "beneficiary", P + "kees", None),
        ("os/Payment/pay1", "amount", "2500.00", None),
    } <= got
    # the duplicate line states nothing twice
    (pay1_amounts,) = store.query(
        "SELECT count(*) FROM statements WHERE entity_key = 'os/Payment/pay1' AND prop = 'amount'"
    )[0]
    assert pay1_amounts == 1
    # duplicates resolve: one company, one account
    resolution.approve_rules(guard_for(store, clock, "lead", case_id=None), version=RULES_VERSION)
    resolution.resolve_objects(guard_for(store, clock, "admin", case_id=None))
    assert entity_id(store, ORG + "bv") == entity_id(store, ORG + "bv-2")
    assert entity_id(store, A + "acc") == entity_id(store, A + "acc-2")
    assert entity_id(store, ORG + "bv") != entity_id(store, ORG + "holding")
    # both payments reach Jan through the account he holds (one of them via its other record)
    g = guard_for(store, clock, "analyst1")
    events = timeline.timeline(g, entity_ids=[entity_id(store, P + "jan")], kinds=["payment"])
    assert [(e.date, e.caption) for e in events.events] == [
        ("2024-05-01", "2024-05-01 · 2500.00 EUR · advies"),
        ("2024-06-15", "2024-06-15 · 9900.00 EUR"),
    ]
    # export and import again: the links survive the round trip as FtM schemata
    out = io.StringIO()
    export_ftm(store, out)
    lines = [json.loads(x) for x in out.getvalue().splitlines()]
    schemata = {e["schema"] for e in lines}
    assert {"Payment", "Ownership", "Directorship", "Family", "Associate"} <= schemata
    assert "UnknownLink" not in schemata
    payment = next(e for e in lines if e["schema"] == "Payment" and "advies" in str(e))
    assert {"payer", "payerAccount", "beneficiary", "beneficiaryAccount"} <= set(
        payment["properties"]
    )
    back = tmp_path / "out.ftm.json"
    back.write_text(out.getvalue(), encoding="utf-8")
    again = import_ftm(
        store, back, registration=REG, source="rt", clock=clock, rejects_dir=tmp_path
    )
    assert again.rejected == 0
    rt = {(p, q) for p, q in store.query(
        "SELECT prop, qualifier FROM statements WHERE entity_key LIKE 'rt/%'")}  # fmt: skip
    assert {("partnerOf", "spouse"), ("familyOf", "broer"), ("directorOf", "bestuurder"),
            ("paymentFrom", None), ("shareholderOf", "60")} <= rt  # fmt: skip
