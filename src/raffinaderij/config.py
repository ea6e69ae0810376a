"""Settings as data: one place, defaults and help; environment variables prefixed RAFF_."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["SETTINGS", "Setting", "data_dir", "db_path", "get"]


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str

    @property
    def env(self) -> str:
        return "RAFF_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "data_dir", "var", "Folder that holds the store, indexes, models and the audit anchor."
    ),
    Setting("db", "", "Path of the DuckDB store file; default DATA_DIR/raff.duckdb."),
    Setting("policy", "", "Path of a policy YAML overriding the shipped defaults (LAW.md terms)."),
    Setting(
        "provisions",
        "",
        "Path of a provisions YAML (recipient types, Wpg articles, conditions) for signals.",
    ),
    Setting("memory_limit", "4GB", "DuckDB memory limit for the store connection."),
    Setting("threads", "", "DuckDB threads; default: all cores."),
    Setting("secret", "", "Key that signs session cookies; default: generated once in DATA_DIR."),
    Setting("host", "127.0.0.1", "Address the workbench binds to (never 0.0.0.0 by default)."),
    Setting("port", "8000", "Port of the workbench."),
    Setting("today", "", "Freeze the clock at YYYY-MM-DD (tests, demos, retention dry runs)."),
)
_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> str:
    setting = _BY_NAME[name]
    return os.environ.get(setting.env, setting.default)


def data_dir() -> Path:
    return Path(get("data_dir"))


def db_path() -> Path:
    explicit = get("db")
    return Path(explicit) if explicit else data_dir() / "raff.duckdb"
