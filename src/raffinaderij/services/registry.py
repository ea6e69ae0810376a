"""Every service is declared here with the action it performs; the decorator is the one place
where sessions are checked and audit rows written (LAW-11), so no service can forget either.

    @service("search", action="consult")
    def search(guard: Guard, *, q: str) -> SearchResult: ...

A service returns what it found and calls `guard.returned(reg_keys)` for every registration
the result exposes. Denials and errors are logged too, with their outcome. Work that must
follow the commit of the service's writes (rewriting the store file, rebuilding an index) is
handed to `guard.after_commit(step)` and runs once the audit row is written.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from raffinaderij.audit.log import ACTIONS, append
from raffinaderij.errors import Denied, RaffError
from raffinaderij.guard.session import Guard

__all__ = ["REGISTRY", "ServiceSpec", "service"]

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    action: str
    needs_case: bool
    roles: tuple[str, ...]
    fn: Callable[..., Any]
    doc: str


REGISTRY: dict[str, ServiceSpec] = {}


def service(
    name: str, *, action: str, needs_case: bool = True, roles: tuple[str, ...] = ()
) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Declare a service. `needs_case`: LAW-05 (no case, no query). `roles`: any of these."""
    if action not in ACTIONS:
        raise ValueError(f"service {name}: unknown action {action!r}")

    def decorate(fn: Callable[..., R]) -> Callable[..., R]:
        if name in REGISTRY:
            raise ValueError(f"service {name!r} declared twice")

        @functools.wraps(fn)
        def guarded(guard: Guard, /, **kwargs: Any) -> R:
            if not isinstance(guard, Guard):
                raise TypeError(f"service {name} needs a Guard as its first argument")
            guard.returned_keys = set()
            guard.audit_details = {}
            guard.after_commit_steps = []
            outcome = "ok"
            try:
                if roles:
                    guard.require_role(*roles)
                if needs_case:
                    guard.require_case()
                result = fn(guard, **kwargs)
            except Denied:
                outcome = "denied"
                raise
            except RaffError:
                outcome = "error"
                raise
            except Exception:
                outcome = "error"
                raise
            finally:
                append(
                    guard.store,
                    now=guard.now(),
                    username=guard.user.username,
                    case_id=guard.case.case_id if guard.case else None,
                    purpose=guard.purpose,
                    action=action,
                    service=name,
                    # callables (progress callbacks) are how, not what, was asked
                    query={k: v for k, v in kwargs.items() if not callable(v)}
                    | ({"result": guard.audit_details} if guard.audit_details else {}),
                    record_ids=guard.returned_keys if outcome == "ok" else (),
                    outcome=outcome,
                )
            # what must wait for the commit (a file rewrite, an index rebuild) runs after the row
            for step in guard.after_commit_steps:
                step()
            return result

        guarded.__raff_service__ = name  # type: ignore[attr-defined]
        REGISTRY[name] = ServiceSpec(
            name, action, needs_case, roles, guarded, (fn.__doc__ or "").strip()
        )
        return guarded

    return decorate
