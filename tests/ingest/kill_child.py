"""Child process for the kill -9 test: ingest a mapping into a store file, with progress on stderr."""

from __future__ import annotations

import sys
from datetime import date

from raffinaderij.clock import FixedClock
from raffinaderij.ingest import ingest
from raffinaderij.store import db

if __name__ == "__main__":
    store = db.open_store(sys.argv[1])
    ingest(
        store,
        sys.argv[2],
        clock=FixedClock(date(2024, 6, 1)),
        rejects_dir=sys.argv[3],
        progress=True,
        chunk_rows=20_000,
    )
    store.close()
    print("COMPLETE", file=sys.stderr, flush=True)
