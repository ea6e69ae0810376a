"""Every service is declared here with the action it performs; the decorator is the one place
where sessions are checked and audit rows written (LAW-11), so no service can forget either.

    @service("search", action="consult")
    def search(guard: Guard, *, q: str) -> SearchResult: ...

A service returns what it found and calls `guard.returned(reg_keys)` for every registration
the result exposes. Denials and errors are logged too, with their outcome.

A service that writes (every action but `consult`) runs inside one transaction: its writes and
its `ok` row commit together, or neither does; `denied` and `error` rows follow the rollback.
Work that must follow the commit (rewriting the store file, rebuilding an index) is handed to
`guard.after_commit(step)` and runs once the transaction with the audit row has committed.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from raffinaderij.audit.log import ACTIONS, AuditedTransaction, append, audited, digest_key, summary
from raffinaderij.errors import Denied
from raffinaderij.guard.session import Guard
from raffinaderij.store.db import Store

__all__ = [
    "REGISTRY",
    "SECRET",
    "ServiceSpec",
    "audit_query",
    "load_all",
    "service",
    "typed_fields",
]

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
    secrets: tuple[str, ...] = ()
    bulk: tuple[str, ...] = ()


REGISTRY: dict[str, ServiceSpec] = {}
SECRET = "[secret]"


def audit_query(spec: ServiceSpec, kwargs: dict[str, Any], key: str) -> dict[str, Any]:
    """What the audit row says was asked: secrets as [secret], bulk as keyed digest and size
    (`key`: `audit.log.digest_key`), and no callables (progress callbacks are how, not what,
    was asked)."""
    return {
        k: SECRET if k in spec.secrets else summary(v, key) if k in spec.bulk and v else v
        for k, v in kwargs.items()
        if not callable(v)
    }


def load_all() -> dict[str, ServiceSpec]:
    """Every service: importing each module of the package registers its own."""
    package = importlib.import_module("raffinaderij.services")
    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"raffinaderij.services.{module.name}")
    return REGISTRY


_TEXT = re.compile(r"\b(str|Any)\b")


def typed_fields() -> dict[str, tuple[str, ...]]:
    """Service -> the parameters whose value a user types (text, or what may hold text), as its
    audit rows keep them; secrets (`[secret]`) and bulk (a digest) are never kept as typed."""
    out: dict[str, tuple[str, ...]] = {}
    for name, spec in load_all().items():
        params = list(inspect.signature(spec.fn).parameters.values())[1:]
        out[name] = tuple(
            p.name
            for p in params
            if p.name not in spec.secrets + spec.bulk and _TEXT.search(str(p.annotation))
        )
    return out


def service(
    name: str,
    *,
    action: str,
    needs_case: bool = True,
    roles: tuple[str, ...] = (),
    secrets: tuple[str, ...] = (),
    bulk: tuple[str, ...] = (),
) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Declare a service. `needs_case`: LAW-05 (no case, no query). `roles`: any of these.
    `secrets`: parameters logged as [secret]; `bulk`: parameters (uploads) logged as digest,
    size and row count. Both are named here once, so no audit row can hold them."""
    if action not in ACTIONS:
        raise ValueError(f"service {name}: unknown action {action!r}")

    def decorate(fn: Callable[..., R]) -> Callable[..., R]:
        if name in REGISTRY:
            raise ValueError(f"service {name!r} declared twice")
        params = set(inspect.signature(fn).parameters)
        if not set(secrets) | set(bulk) <= params:
            raise ValueError(f"service {name}: secrets/bulk name unknown parameters")

        def run(guard: Guard, kwargs: dict[str, Any]) -> R:
            if roles:
                guard.require_role(*roles)
            if needs_case:
                guard.require_case()
            return fn(guard, **kwargs)

        def log(guard: Guard, store: Store, kwargs: dict[str, Any], outcome: str) -> None:
            append(
                store,
                now=guard.now(),
                username=guard.user.username,
                case_id=guard.case.case_id if guard.case else None,
                purpose=guard.purpose,
                action=action,
                service=name,
                query=audit_query(spec, kwargs, digest_key(store))
                | ({"result": guard.audit_details} if guard.audit_details else {}),
                record_ids=guard.returned_keys if outcome == "ok" else (),
                outcome=outcome,
            )

        @functools.wraps(fn)
        def guarded(guard: Guard, /, **kwargs: Any) -> R:
            if not isinstance(guard, Guard):
                raise TypeError(f"service {name} needs a Guard as its first argument")
            guard.returned_keys = set()
            guard.audit_details = {}
            guard.after_commit_steps = []
            store = guard.store
            try:
                if action == "consult" or isinstance(store, AuditedTransaction):
                    result = run(guard, kwargs)
                    log(guard, store, kwargs, "ok")
                else:
                    # A write and its audit row commit in one transaction: the service's reads and
                    # writes all go through `guard.store`, which is that transaction meanwhile.
                    with audited(store) as tx:
                        guard.store = tx
                        try:
                            result = run(guard, kwargs)
                            log(guard, tx, kwargs, "ok")
                        finally:
                            guard.store = store
            except Denied:
                log(guard, store, kwargs, "denied")
                raise
            except BaseException:
                log(guard, store, kwargs, "error")
                raise
            # what must wait for the commit (a file rewrite, an index rebuild) runs after the row
            for step in guard.after_commit_steps:
                step()
            return result

        guarded.__raff_service__ = name  # type: ignore[attr-defined]
        spec = ServiceSpec(
            name, action, needs_case, roles, guarded, (fn.__doc__ or "").strip(), secrets, bulk
        )
        REGISTRY[name] = spec
        return guarded

    return decorate
