"""Child process for the kill test: a write service whose process dies at a named point."""

from __future__ import annotations

import os
import signal
import sys

from raffinaderij.audit import log
from raffinaderij.clock import FixedClock
from raffinaderij.services import accounts
from raffinaderij.store import db
from support import NOW, guard_for

if __name__ == "__main__":
    store = db.open_store(sys.argv[1])
    log.HOOKS[sys.argv[2]] = lambda: os.kill(os.getpid(), signal.SIGKILL)
    accounts.create_case(
        guard_for(store, FixedClock(NOW), "lead", None),
        case_id="ZAAK-KILL",
        title="Afgebroken",
        basis=9,
    )
    store.close()
    print("COMPLETE", file=sys.stderr, flush=True)
