"""The random secrets this installation generates for itself, each a file named once here and
kept outside the store file, so that whoever holds only the store cannot use them: the key that
signs session cookies (in the data folder), the salt of destruction tombstones and the key of
the audit log's digests (next to the store). Created once, exclusively, mode 0600 from the
first byte; a store in memory keeps its own for the life of the process."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

__all__ = ["DIGEST_KEY", "SESSION_KEY", "TOMBSTONE_SALT", "beside_store", "secret_file"]

SESSION_KEY = "session.key"
TOMBSTONE_SALT = "tombstone.salt"
DIGEST_KEY = "audit-digest.key"

#: (store path, name) -> secret, read once per process: the digest key is asked for at every
#: audit row, the salt at every destruction
_KNOWN: dict[tuple[str, str], str] = {}


def secret_file(path: Path) -> str:
    """The secret in `path`, generated when the file does not exist yet (two processes racing
    to make it both end up reading the one that won)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w", encoding="ascii") as fh:
                fh.write(secrets.token_hex(32))
    text = path.read_text(encoding="ascii").strip()
    if not text:  # the winner of a race has created the file but not written it yet
        raise OSError(f"the secret file {path} is empty; run again, or remove it if this stays")
    return text


def beside_store(store_path: str, name: str) -> str:
    """The secret `name` next to the store file (a memory store's: this process's)."""
    known = _KNOWN.get((store_path, name))
    if known is None:
        if store_path == ":memory:":
            known = secrets.token_hex(32)
        else:
            known = secret_file(Path(store_path).resolve().parent / name)
        known = _KNOWN.setdefault((store_path, name), known)
    return known
