"""Child process for the kill-point tests: one audited ingest (services.ingest.collect) of a
mapping into a store file; RAFF_KILL_AT names the point where it kills itself with SIGKILL."""

from __future__ import annotations

import sys

from raffinaderij.clock import FixedClock
from raffinaderij.services import ingest
from raffinaderij.store import db
from support import NOW, guard_for

if __name__ == "__main__":
    store = db.open_store(sys.argv[1])
    ingest.collect(guard_for(store, FixedClock(NOW), "admin", case_id=None), mapping=sys.argv[2])
    store.close()
    print("COMPLETE", file=sys.stderr, flush=True)
