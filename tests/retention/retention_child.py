"""Child process for the kill -9 test: run the retention job on a store file at a given moment."""

from __future__ import annotations

import sys
from datetime import datetime

from raffinaderij.clock import FixedClock
from raffinaderij.guard.policy import policy
from raffinaderij.guard.session import Guard, load_user
from raffinaderij.services import retention
from raffinaderij.store import db

if __name__ == "__main__":
    store = db.open_store(sys.argv[1])
    clock = FixedClock(datetime.fromisoformat(sys.argv[2]))
    guard = Guard(store, load_user(store, "admin"), policy=policy(), clock=clock)
    report = retention.retention_run(guard)
    store.close()
    print("COMPLETE", report.destroyed, file=sys.stderr, flush=True)
