"""The administrator's new commands (issue 13): `raff mapping list|show|preview` over the
sources the installation knows, `raff index rebuild` and `raff audit checkpoints` — each through
its service, JSON out, audited like the pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest import ingest_helpers
from raffinaderij.cli.main import main
from raffinaderij.store.db import open_store
from support import make_world


def _raff(
    capsys: pytest.CaptureFixture[str], db: Path, user: str, *argv: str
) -> tuple[int, object]:
    code = main([*argv, "--db", str(db), "--as", user, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_sources_preview_index_and_checkpoints(
    tmp_path: Path, clock, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("RAFF_TODAY", clock().date().isoformat())
    folder = tmp_path / "mappings"
    folder.mkdir()
    rows = [ingest_helpers.row(1, achternaam="Zwartkop"), ingest_helpers.row(2, basis="12")]
    (folder / "data.csv").write_text("\n".join([ingest_helpers.HEADER, *rows]) + "\n")
    mapping = ingest_helpers.write_mapping(folder, source="nachtbatch")
    monkeypatch.setenv("RAFF_MAPPINGS", str(folder))
    db = tmp_path / "raff.duckdb"
    store = open_store(db)
    make_world(store, clock)
    store.close()

    code, found = _raff(capsys, db, "admin", "mapping", "list")
    assert code == 0 and isinstance(found, list)
    assert [s["source"] for s in found] == ["nachtbatch"] and found[0]["last_batch"] is None
    code, detail = _raff(capsys, db, "admin", "mapping", "show", str(mapping))
    assert code == 0 and isinstance(detail, dict) and detail["problems"] == []
    code, preview = _raff(capsys, db, "admin", "mapping", "preview", found[0]["source_id"])
    assert code == 0 and isinstance(preview, dict)
    assert [bool(r["refused"]) for r in preview["rows"]] == [False, True]
    assert "Zwartkop" not in json.dumps(preview)  # shapes, never values
    code, refused = _raff(capsys, db, "analyst4", "mapping", "preview", str(mapping))
    assert code != 0 and "Zwartkop" not in json.dumps(refused)
    code, unknown = _raff(capsys, db, "admin", "mapping", "show", "src-000000000000")
    assert code != 0 and "no source" in json.dumps(unknown)

    code, built = _raff(capsys, db, "admin", "index", "rebuild")
    assert code == 0 and isinstance(built, dict) and built["documents"] == 0
    code, checkpoints = _raff(capsys, db, "admin", "audit", "checkpoints")
    assert code == 0 and isinstance(checkpoints, dict) and checkpoints["count"] >= 1
    store = open_store(db)
    services = {s for (s,) in store.query("SELECT service FROM audit_log WHERE username = 'admin'")}
    assert {"list_sources", "source_detail", "source_preview", "index_rebuild"} <= services
    assert store.query("SELECT count(*) FROM registrations") == [(0,)]  # nothing was stored
    store.close()
