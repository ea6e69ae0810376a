"""Signed checkpoints of the audit chain, kept outside the store (issue 9, LAW-11).

Every commit that adds audit rows appends one JSON line to a file per day in the checkpoint
folder: the rows it sealed (`first`..`seq`), the chain hash at `seq`, the time, and an ed25519
signature by a key that lives outside the store. Whoever can rewrite the store but not read
the key cannot make a deleted, truncated, forged or rewritten log agree with these lines.

    {"at": ..., "first": 7, "hash": "...", "public_key_fingerprint": "...", "seq": 7,
     "signature": "..."}

The lines are only appended, never rewritten. Where they live and which key signs them are
settings (`RAFF_CHECKPOINT_DIR`, `RAFF_AUDIT_KEY`); by default both sit in the store's folder
(DATA_DIR), the key generated once with mode 0600. An in-memory store has no checkpoints unless
a folder is set.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from raffinaderij import config
from raffinaderij.errors import StoreError

__all__ = [
    "Checkpoint",
    "Signer",
    "authentic",
    "checkpoint_dir",
    "read_checkpoints",
    "signer_for",
    "write_checkpoint",
]

_KEYS: dict[Path, Signer] = {}
_KEYS_LOCK = threading.Lock()
GENESIS_LINE = "0" * 64


@dataclass(frozen=True)
class Checkpoint:
    first: int
    seq: int
    hash: str
    at: str
    prev: str  # sha256 of the previous checkpoint line: the lines form a chain of their own
    signature: str
    public_key_fingerprint: str
    file: str = ""
    line: int = 0
    line_hash: str = ""

    def message(self) -> bytes:
        """What the key signs: the sealed range, the chain hash, the time, the line before, the signer."""
        body = [self.first, self.seq, self.hash, self.at, self.prev, self.public_key_fingerprint]
        return json.dumps(body, separators=(",", ":")).encode("utf-8")

    def to_json(self) -> str:
        return json.dumps(
            {
                "at": self.at,
                "first": self.first,
                "hash": self.hash,
                "prev": self.prev,
                "public_key_fingerprint": self.public_key_fingerprint,
                "seq": self.seq,
                "signature": self.signature,
            },
            sort_keys=True,
            separators=(",", ":"),
        )


class Signer:
    """The audit signing key: signs checkpoints and checks them against its public half."""

    def __init__(self, key: Ed25519PrivateKey) -> None:
        self._key = key
        self._public = key.public_key()
        raw = self._public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        self.fingerprint = "sha256:" + hashlib.sha256(raw).hexdigest()

    def seal(self, first: int, seq: int, chain_hash: str, prev: str) -> Checkpoint:
        at = datetime.now(UTC).isoformat(timespec="microseconds")
        unsigned = Checkpoint(first, seq, chain_hash, at, prev, "", self.fingerprint)
        signature = self._key.sign(unsigned.message()).hex()
        return Checkpoint(first, seq, chain_hash, at, prev, signature, self.fingerprint)

    def genuine(self, cp: Checkpoint) -> bool:
        if cp.public_key_fingerprint != self.fingerprint:
            return False
        try:
            self._public.verify(bytes.fromhex(cp.signature), cp.message())
        except (InvalidSignature, ValueError):
            return False
        return True


def _base(store_path: str) -> Path | None:
    return None if store_path == ":memory:" else Path(store_path).resolve().parent


def checkpoint_dir(store_path: str) -> Path | None:
    """RAFF_CHECKPOINT_DIR, else `checkpoints/` next to the store file; None for a memory store."""
    explicit = config.get("checkpoint_dir")
    if explicit:
        return Path(explicit)
    base = _base(store_path)
    return base / "checkpoints" if base else None


def _key_path(store_path: str) -> Path:
    explicit = config.get("audit_key")
    if explicit:
        return Path(explicit)
    return (_base(store_path) or config.data_dir()) / "audit-signing.key"


def signer_for(store_path: str) -> Signer:
    """The signing key, generated once (mode 0600) when its file does not exist yet."""
    path = _key_path(store_path).resolve()
    with _KEYS_LOCK:
        if path in _KEYS:
            return _KEYS[path]
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            pem = Ed25519PrivateKey.generate().private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                pass  # another process made it first: use theirs
            else:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(pem)
        try:
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except (OSError, ValueError) as exc:
            raise StoreError(f"cannot read the audit signing key {path}: {exc}") from exc
        if not isinstance(key, Ed25519PrivateKey):
            raise StoreError(f"the audit signing key {path} is not an ed25519 key")
        _KEYS[path] = Signer(key)
        return _KEYS[path]


def _line_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _last_line_hash(folder: Path) -> str:
    """The hash of the newest line on disk (read each time: another process may have written
    since, e.g. the CLI between two runs of the server)."""
    files = sorted(folder.glob("audit-*.jsonl"))
    if not files:
        return GENESIS_LINE
    with files[-1].open("rb") as fh:
        fh.seek(0, os.SEEK_END)
        fh.seek(max(0, fh.tell() - 8192))
        lines = [x for x in fh.read().decode("utf-8", "replace").splitlines() if x.strip()]
    return _line_hash(lines[-1]) if lines else GENESIS_LINE


def write_checkpoint(store_path: str, first: int, seq: int, chain_hash: str) -> None:
    """Seal rows first..seq: one signed line appended to today's file (never rewritten).
    Callers serialise (the audit lock), so lines follow the chain and link to each other."""
    folder = checkpoint_dir(store_path)
    if folder is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    cp = signer_for(store_path).seal(first, seq, chain_hash, _last_line_hash(folder))
    with (folder / f"audit-{cp.at[:10]}.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(cp.to_json() + "\n")


def read_checkpoints(store_path: str) -> tuple[list[Checkpoint], list[str]]:
    """Every checkpoint line, oldest file first; lines that do not parse are named separately."""
    folder = checkpoint_dir(store_path)
    found: list[Checkpoint] = []
    unreadable: list[str] = []
    if folder is None or not folder.is_dir():
        return found, unreadable
    for path in sorted(folder.glob("audit-*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for n, text in enumerate(fh, 1):
                if not text.strip():
                    continue
                try:
                    raw: dict[str, Any] = json.loads(text)
                    found.append(
                        Checkpoint(
                            int(raw["first"]),
                            int(raw["seq"]),
                            str(raw["hash"]),
                            str(raw["at"]),
                            str(raw["prev"]),
                            str(raw["signature"]),
                            str(raw["public_key_fingerprint"]),
                            path.name,
                            n,
                            _line_hash(text.rstrip("\n")),
                        )
                    )
                except (ValueError, KeyError, TypeError):
                    unreadable.append(f"{path.name}:{n}")
    return found, unreadable


def authentic(lines: list[Checkpoint], signer: Signer) -> tuple[list[Checkpoint], list[str]]:
    """The genuine lines, checking few signatures: a run of linked lines is genuine up to its
    last line that carries a valid signature (each signature covers every line before it in
    the run). Lines after that, and links that break, are named."""
    genuine: list[Checkpoint] = []
    problems: list[str] = []
    runs: list[list[Checkpoint]] = []
    before = GENESIS_LINE
    for cp in lines:
        if cp.prev != before:
            problems.append(
                f"checkpoint {cp.file}:{cp.line} does not follow the line before it"
                " (checkpoint lines were removed, inserted or edited)"
            )
            runs.append([])
        elif not runs:
            runs.append([])
        runs[-1].append(cp)
        before = cp.line_hash
    for run in runs:
        signed = next((i for i in range(len(run) - 1, -1, -1) if signer.genuine(run[i])), -1)
        genuine += run[: signed + 1]
        problems += [
            f"checkpoint {cp.file}:{cp.line} for row {cp.seq} is not signed by the audit key"
            f" ({signer.fingerprint})"
            for cp in run[signed + 1 :]
        ]
    return genuine, problems
