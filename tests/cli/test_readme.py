"""The README's first run works as written: a fresh data folder, `raff init`, then its commands."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest

from raffinaderij.cli.main import main

README = Path(__file__).parents[2] / "README.md"


def first_run_lines() -> list[str]:
    text = README.read_text(encoding="utf-8")
    block = re.search(r"<!-- first-run -->\s*```sh\n(.*?)```", text, re.S)
    assert block, "README has no first-run block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_first_run_commands_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("RAFF_INIT_PASSWORD", "een-lang-wachtwoord")  # instead of the prompt
    for name in ("RAFF_DB", "RAFF_POLICY", "RAFF_USER", "RAFF_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    ran = []
    for line in first_run_lines():
        words = shlex.split(line, comments=True)
        if words[0] == "export":
            name, _, value = words[1].partition("=")
            monkeypatch.setenv(name, os.path.expandvars(value))
            continue
        while "=" in words[0]:  # VAR=value raff ...
            name, _, value = words.pop(0).partition("=")
            monkeypatch.setenv(name, value)
        assert words[0] == "raff", line
        if words[1] == "serve":
            continue  # serves until stopped
        code = main([os.path.expandvars(w) for w in words[1:]])
        captured = capsys.readouterr()
        assert code == 0, f"{line}\n{captured.err}{captured.out}"
        ran.append(words[1])
    assert ran[0] == "init" and "ingest" in ran and "search" in ran
    assert (tmp_path / "raff-data" / "raff.duckdb").exists()
    assert (tmp_path / "raff-data" / "policy.yaml").exists()
    # the ingest ran here (no server): it left the graph adjacency current, as a job does
    from raffinaderij.graph.adjacency import adjacency_current
    from raffinaderij.store.db import open_store

    store = open_store(tmp_path / "raff-data" / "raff.duckdb")
    try:
        assert adjacency_current(store.cursor())
    finally:
        store.close()
