"""Settings as data: one place, defaults and help; environment variables prefixed RAFF_."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from raffinaderij.errors import ConfigError

__all__ = ["SETTINGS", "Setting", "data_dir", "db_path", "get", "get_int", "mappings_dir"]


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
        "codes", "", "Path of a YAML of LAW-01 code lists overriding model/codes.yaml (ingest)."
    ),
    Setting(
        "kill_at",
        "",
        "Crash tests only: SIGKILL the process at this named point (ingest/killpoints.py).",
    ),
    Setting(
        "provisions",
        "",
        "Path of a provisions YAML (recipient types, Wpg articles, conditions) for signals.",
    ),
    Setting(
        "mappings",
        "",
        "Folder of the installation's mapping files (*.yaml, *.yml); default DATA_DIR/mappings."
        " The administrator's sources page lists them beside every mapping a batch came through.",
    ),
    Setting("memory_limit", "4GB", "DuckDB memory limit for the store connection."),
    Setting("threads", "", "DuckDB threads; default: all cores."),
    Setting("secret", "", "Key that signs session cookies; default: generated once in DATA_DIR."),
    Setting(
        "audit_key",
        "",
        "Path of the ed25519 key that signs audit checkpoints; default: generated once (mode"
        " 0600) as audit-signing.key next to the store. Keep it where the store's users cannot"
        " write.",
    ),
    Setting(
        "checkpoint_dir",
        "",
        "Folder for the signed audit checkpoints (a file per day, append-only); default:"
        " checkpoints/ next to the store. Ideally a second, write-once place.",
    ),
    Setting("host", "127.0.0.1", "Address the workbench binds to (never 0.0.0.0 by default)."),
    Setting("port", "8000", "Port of the workbench."),
    Setting(
        "retention_user",
        "",
        "Account (admin or privacy officer) under which `raff serve` runs the retention job once"
        " a day, audited under that name; empty: no scheduled runs (run `raff retention run`).",
    ),
    Setting(
        "retention_hour",
        "2",
        "Hour of the day (0-23, server clock) from which the daily run is due.",
    ),
    Setting(
        "resolve_backend",
        "duckdb",
        "Where a full resolution run scores its pairs: 'duckdb' (this machine) or 'spark'"
        " (Splink's Spark backend, the same approved model; needs the spark extra and Java 17).",
    ),
    Setting(
        "spark_master",
        "local[2]",
        "Spark master for RESOLVE_BACKEND=spark: local[N] on this machine, or a cluster's URL"
        " (spark://host:7077, yarn).",
    ),
    Setting(
        "spark_driver_memory",
        "4g",
        "Memory of the Spark driver (in local mode also the executors' memory); Spark's own"
        " default of 1g loses task results at a million records.",
    ),
    Setting(
        "spark_dir",
        "",
        "Folder the frame and the scored pairs pass through as Parquet for Spark; on a cluster a"
        " path every worker and this machine reach; default: a private temporary folder. Removed"
        " after each run (it holds police data).",
    ),
    Setting("today", "", "Freeze the clock at YYYY-MM-DD (tests, demos, retention dry runs)."),
    Setting(
        "argon2_cost",
        "normal",
        "Password hashing cost: 'normal' (argon2id, 3 passes over 64 MiB) or 'test' (1 pass, "
        "8 KiB; only for test suites, never for real accounts).",
    ),
    Setting("session_idle_minutes", "30", "A session ends after this many minutes without use."),
    Setting("session_max_hours", "10", "A session ends this many hours after login, used or not."),
    Setting(
        "login_max_failures",
        "5",
        "Wrong passwords for one username within LOGIN_WINDOW_SECONDS before logins are refused.",
    ),
    Setting("login_window_seconds", "60", "Window in which failed logins are counted."),
    Setting(
        "login_lockout_seconds",
        "900",
        "How long a username stays locked after too many failures (the right password included).",
    ),
    Setting("max_request_bytes", "1048576", "Largest request body (JSON, forms) the server reads."),
    Setting(
        "max_upload_bytes", "20971520", "Largest file upload (multipart body) the server reads."
    ),
    Setting(
        "allowed_origins",
        "",
        "Comma-separated extra origins (scheme://host:port) allowed to send state-changing "
        "requests, e.g. a reverse proxy's public address; the server's own origin always is.",
    ),
)
_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> str:
    setting = _BY_NAME[name]
    return os.environ.get(setting.env, setting.default)


def data_dir() -> Path:
    return Path(get("data_dir"))


def mappings_dir() -> Path:
    explicit = get("mappings")
    return Path(explicit) if explicit else data_dir() / "mappings"


def db_path() -> Path:
    explicit = get("db")
    return Path(explicit) if explicit else data_dir() / "raff.duckdb"


def get_int(name: str) -> int:
    """A whole-number setting; a bad value names the variable to fix."""
    value = get(name)
    try:
        return int(value)
    except ValueError:
        raise ConfigError(f"{_BY_NAME[name].env}={value!r} is not a whole number") from None
