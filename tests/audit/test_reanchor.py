"""The privacy officer's two repairs of the log, both logged and verifiable (docs/security.md):
sealing rows no checkpoint covers, and re-anchoring a row that holds a password."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from raffinaderij.audit import log
from raffinaderij.audit.log import verify
from raffinaderij.errors import Denied, RaffError
from raffinaderij.services import audit
from raffinaderij.store.db import Store, open_store
from support import guard_for, make_world

PASSWORD = "hunter2-zeer-geheim"


@pytest.fixture
def sealed(tmp_path: Path, clock, monkeypatch) -> Store:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("RAFF_CHECKPOINT_DIR", raising=False)
    monkeypatch.delenv("RAFF_AUDIT_KEY", raising=False)
    store = open_store(tmp_path / "raff.duckdb")
    make_world(store, clock)
    yield store
    store.close()


def _old_style_password_row(store: Store, clock) -> int:  # type: ignore[no-untyped-def]
    """What `create_user` logged before secrets were declared."""
    log.append(
        store,
        now=clock(),
        username="admin",
        case_id=None,
        purpose=None,
        action="collect",
        service="create_user",
        query={"username": "nieuw", "password": PASSWORD, "level": 1},
        record_ids=(),
    )
    return int(store.query("SELECT max(seq) FROM audit_log")[0][0])


def test_reanchoring_removes_a_password_and_the_log_still_verifies(sealed: Store, clock) -> None:  # type: ignore[no-untyped-def]
    seq = _old_style_password_row(sealed, clock)
    fg = guard_for(sealed, clock, "fg", None)
    with pytest.raises(Denied):
        audit.reanchor(
            guard_for(sealed, clock, "admin", None), seq=seq, fields=["password"], reason="r"
        )
    audit.reanchor(fg, seq=seq, fields=["password"], reason="wachtwoord in logboek")
    assert PASSWORD not in str(sealed.query("SELECT * FROM audit_log"))
    result = verify(sealed)
    assert result.ok and result.redacted == 1, result.reason
    # the redaction is exactly what the re-anchor row recorded: any other change is found
    with sealed.transaction() as cur:
        cur.execute("UPDATE audit_log SET username = 'iemand' WHERE seq = ?", [seq])
    result = verify(sealed)
    assert not result.ok and result.findings[0].kind == "altered"


def test_reanchoring_names_fields_the_row_has(sealed: Store, clock) -> None:  # type: ignore[no-untyped-def]
    seq = _old_style_password_row(sealed, clock)
    with pytest.raises(RaffError):
        audit.reanchor(
            guard_for(sealed, clock, "fg", None), seq=seq, fields=["wachtwoord"], reason="r"
        )
    assert PASSWORD in str(sealed.query("SELECT query FROM audit_log WHERE seq = ?", [seq]))


def test_a_store_from_before_checkpoints_is_sealed_by_the_privacy_officer(
    sealed: Store, clock
) -> None:  # type: ignore[no-untyped-def]
    shutil.rmtree(Path(sealed.path).parent / "checkpoints")
    result = verify(sealed)
    assert [f.kind for f in result.findings] == ["unconfirmed"]
    with pytest.raises(Denied):
        audit.seal_log(guard_for(sealed, clock, "auditor", None))
    audit.seal_log(guard_for(sealed, clock, "fg", None))
    assert verify(sealed).ok


def test_sealing_is_refused_when_the_log_was_tampered_with(sealed: Store, clock) -> None:  # type: ignore[no-untyped-def]
    shutil.rmtree(Path(sealed.path).parent / "checkpoints")
    with sealed.transaction() as cur:
        cur.execute("UPDATE audit_log SET username = 'iemand' WHERE seq = 3")
    with pytest.raises(RaffError, match="sealing refused"):
        audit.seal_log(guard_for(sealed, clock, "fg", None))
    assert "unconfirmed" in [f.kind for f in verify(sealed).findings]


def test_cli_seals_and_reanchors(sealed: Store, clock, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import json

    from raffinaderij.cli.main import main

    seq = _old_style_password_row(sealed, clock)
    shutil.rmtree(Path(sealed.path).parent / "checkpoints")
    db = sealed.path
    sealed.close()
    monkeypatch.setenv("RAFF_USER", "fg")
    assert main(["audit", "verify", "--db", db, "--json"]) == 1
    assert "unconfirmed:" in json.loads(capsys.readouterr().out)["error"]
    assert main(["audit", "seal", "--db", db, "--json"]) == 0
    capsys.readouterr()
    args = ["audit", "reanchor", str(seq), "--fields", "password", "--reason", "lek", "--db", db]
    assert main([*args, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["seq"] == seq
    assert main(["audit", "verify", "--db", db, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] and out["redacted"] == 1
    store = open_store(db)
    assert PASSWORD not in str(store.query("SELECT query FROM audit_log"))
    store.close()
