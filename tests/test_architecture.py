"""The spine cannot be bypassed: layers point one way, every service is declared, guarded and
audited, and every HTTP route either is public (no police data) or leaves an audit row."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import raffinaderij
from raffinaderij.api import routes
from raffinaderij.api.app import create_app
from raffinaderij.services.registry import REGISTRY
from raffinaderij.web import pages
from support import api_routes, login

PACKAGE = Path(raffinaderij.__file__).parent
# Rank of each top-level package: imports may only point to a lower or equal rank.
RANK = {
    "cli": 4,
    "api": 4,
    "web": 4,
    "services": 3,
    "guard": 2,
    "audit": 2,
    "store": 1,
    "resolve": 1,
    "search": 1,
    "graph": 1,
    "ingest": 1,
    "demo": 1,
    "retention": 1,
    "model": 0,
    # shared foundations, importable from everywhere
    "errors": -1,
    "clock": -1,
    "config": -1,
    "yamlfile": -1,
    "jsonable": -1,
    "__init__": -1,
}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("raffinaderij.")
        ):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("raffinaderij."):
                    found.add(alias.name.split(".")[1])
    return found


def test_layers_point_one_way() -> None:
    reverse = []
    for path in PACKAGE.rglob("*.py"):
        layer = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        assert layer in RANK, f"{path}: package {layer!r} has no place in the layer table"
        for target in imports_of(path):
            assert target in RANK, f"{path} imports unknown package {target!r}"
            if RANK[target] > RANK[layer]:
                reverse.append(f"{path.relative_to(PACKAGE)} ({layer}) imports {target}")
    assert not reverse, "reverse dependencies:\n" + "\n".join(reverse)


def test_only_services_and_below_touch_the_store_from_the_top() -> None:
    """cli/api/web reach data through services; they may open the store, never query it."""
    offenders = []
    for layer in ("api", "web", "cli"):
        for path in (PACKAGE / layer).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            for needle in ("FROM ", "INSERT INTO", "UPDATE ", "DELETE FROM"):
                if needle in text:
                    offenders.append(f"{path.relative_to(PACKAGE)}: {needle}")
    assert not offenders


def test_police_data_is_read_only_through_the_guards_relations() -> None:
    """Issue 9: above the guard, police data is read from `guard.relations(...)` only; no code
    there names a police-data table in SQL (the scope is the FROM clause, not a WHERE)."""
    from raffinaderij.guard.relations import POLICE_TABLES

    names = "|".join(sorted(POLICE_TABLES))
    pattern = re.compile(rf"\b(FROM|JOIN|INTO|UPDATE|TABLE)\s+({names})\b", re.IGNORECASE)
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        layer = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        if RANK.get(layer, 0) <= RANK["guard"]:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(PACKAGE)}:{n}: {line.strip()}")
    assert not offenders, "police data read around the guard:\n" + "\n".join(offenders)


def test_every_public_service_function_is_registered() -> None:
    import raffinaderij.services as services_pkg

    missing = []
    for path in (PACKAGE / "services").glob("*.py"):
        if path.stem in ("__init__", "registry"):
            continue
        module = __import__(f"raffinaderij.services.{path.stem}", fromlist=["*"])
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if (
                inspect.isfunction(obj)
                and "guard" in inspect.signature(obj).parameters
                and not hasattr(obj, "__raff_service__")
            ):
                missing.append(f"{path.stem}.{name}")
    assert not missing, (
        f"service functions taking a guard but not declared with @service: {missing}"
    )
    assert services_pkg is not None
    for spec in REGISTRY.values():
        assert spec.action in {"collect", "alter", "consult", "disclose", "combine", "erase"}
        assert spec.doc, f"service {spec.name} has no docstring"


def _route_table(app) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Every (method, path), included routers too (FastAPI >= 0.165 keeps them as branches)."""
    return [(method, route.path) for route in api_routes(app) for method in route.methods]


# Example arguments per route; a new route must be added here, or this test fails.
EXAMPLES: dict[tuple[str, str], dict] = {  # type: ignore[type-arg]
    ("GET", "/api/cases"): {},
    ("POST", "/api/cases"): {"json": {"case_id": "ZAAK-W", "title": "t", "basis": 9}},
    ("POST", "/api/cases/{case_id}/members"): {
        "path": {"case_id": "ZAAK-1"},
        "json": {"username": "analyst1"},
    },
    ("POST", "/api/cases/{case_id}/grounds"): {
        "path": {"case_id": "ZAAK-1"},
        "json": {"purpose": "p", "threshold": "t", "facts": "f"},
    },
    ("POST", "/api/session/case"): {"json": {"case_id": "ZAAK-1", "purpose": "p"}},
    ("GET", "/api/search"): {"params": {"q": "jan"}},
    ("GET", "/api/entities/{entity_id:path}"): {"path": {"entity_id": "src/Person/x"}},
    ("POST", "/api/cases/{case_id}/orders"): {
        "path": {"case_id": "ZAAK-1"},
        "json": {"reference": "OvJ-9", "issued_by": "OvJ", "issued_on": "2026-10-01", "scope": "s"},
    },
    ("GET", "/api/cases/{case_id}/orders"): {"path": {"case_id": "ZAAK-1"}},
    ("GET", "/api/audit"): {},
    ("GET", "/api/audit/verify"): {},
    ("GET", "/cases"): {},
    ("POST", "/cases/activate"): {"data": {"case_id": "ZAAK-1", "purpose": "p"}},
    ("GET", "/search"): {"params": {"q": "jan"}},
    ("GET", "/entity/{entity_id:path}"): {"path": {"entity_id": "src/Person/x"}},
    ("POST", "/compare/orders"): {
        "data": {"reference": "OvJ-8", "issued_by": "OvJ", "issued_on": "2026-10-01", "scope": "s"}
    },
    ("GET", "/audit"): {},
    ("POST", "/api/resolve/review"): {
        "json": {"left": "a", "right": "b", "decision": "split", "reason": "r"}
    },
    ("GET", "/api/resolve/explain"): {"params": {"left": "a", "right": "b"}},
    ("POST", "/entity/review"): {
        "data": {"entity_id": "a", "left": "a", "right": "b", "decision": "split", "reason": "r"}
    },
    # the network (issue 10)
    ("GET", "/api/graph/expand"): {"params": {"entity_ids": ["e1"]}},
    ("GET", "/api/graph/path"): {"params": {"source": "e1", "target": "e2"}},
    ("GET", "/api/graph/central"): {},
    ("GET", "/chart/{entity_id:path}"): {"path": {"entity_id": "e1"}},
    ("GET", "/api/graph/communities"): {},
    ("GET", "/api/graph/cooccurrence"): {},
    # administration as JSON (issue 13)
    ("GET", "/api/admin/sources"): {},
    ("GET", "/api/admin/sources/{source_id}"): {"path": {"source_id": "src-000000000000"}},
    ("POST", "/api/admin/sources/{source_id}/preview"): {"path": {"source_id": "src-000000000000"}},
    ("GET", "/api/admin/models"): {},
    ("GET", "/api/admin/checkpoints"): {},
    ("GET", "/api/admin/users"): {},
    ("GET", "/api/admin/cases"): {},
    ("GET", "/api/graph/connect"): {"params": {"entity_ids": ["e1", "e2"]}},
    ("GET", "/api/timeline"): {"params": {"entity_ids": ["e1"]}},
    ("GET", "/api/timeline/case"): {},
    ("GET", "/api/map"): {"params": {"entity_ids": ["e1"]}},
    ("GET", "/api/map/case"): {},
    ("GET", "/timeline"): {},
    ("GET", "/timeline/{entity_id:path}"): {"path": {"entity_id": "e1"}},
    ("GET", "/map"): {"params": {"ids": ["e1"]}},
    ("GET", "/map/{entity_id:path}"): {"path": {"entity_id": "e1"}},
    # comparison and consent (Wpg 11)
    ("POST", "/api/comparisons"): {"json": {"subjects": [{"surname": "Jansen"}]}},
    ("POST", "/api/comparisons/upload"): {
        "files": {"file": ("s.csv", b"achternaam;geboortedatum\nJansen;1980-02-03\n")}
    },
    ("GET", "/api/comparisons"): {},
    ("GET", "/api/comparisons/{comparison_id}"): {"path": {"comparison_id": "cmp-x"}},
    ("POST", "/api/hits/{hit_id}/consent-request"): {
        "path": {"hit_id": "hit-x"},
        "json": {"reason": "r"},
    },
    ("POST", "/api/hits/{hit_id}/consent"): {"path": {"hit_id": "hit-x"}, "json": {"reason": "r"}},
    ("POST", "/api/hits/{hit_id}/refusal"): {"path": {"hit_id": "hit-x"}, "json": {"reason": "r"}},
    ("GET", "/api/hits/{hit_id}/details"): {"path": {"hit_id": "hit-x"}},
    ("GET", "/api/hits/{hit_id}/entities/{entity_id}"): {
        "path": {"hit_id": "hit-x", "entity_id": "ent-x"}
    },
    ("POST", "/api/hits/consent"): {"json": {"hit_ids": ["hit-x"], "reason": "r"}},
    ("GET", "/api/consents/inbox"): {},
    # the privacy officer (Wpg 25, 28)
    ("POST", "/api/privacy/registrations/block"): {"json": {"reg_key": "src:x", "reason": "r"}},
    ("POST", "/api/privacy/registrations/rectify"): {
        "json": {"reg_key": "src:x", "entity_key": "k", "prop": "p", "value": "v", "reason": "r"}
    },
    ("POST", "/api/privacy/registrations/destroy"): {"json": {"reg_key": "src:x", "reason": "r"}},
    ("POST", "/api/privacy/access-requests"): {
        "json": {
            "given_name": "Jan",
            "surname": "Jansen",
            "birth_date": "1980-01-01",
            "identity_check": "paspoort",
        }
    },
    ("GET", "/api/privacy/access-requests"): {},
    ("GET", "/api/privacy/access-requests/{request_id}/report"): {"path": {"request_id": "ar-x"}},
    ("GET", "/api/privacy/access-requests/{request_id}/pdf"): {"path": {"request_id": "ar-x"}},
    ("POST", "/api/privacy/access-requests/{request_id}/extension"): {
        "path": {"request_id": "ar-x"},
        "json": {"weeks": 2, "reason": "r"},
    },
    ("POST", "/api/privacy/access-requests/{request_id}/withholdings"): {
        "path": {"request_id": "ar-x"},
        "json": {"reg_key": "src:x", "ground": "b", "reason": "r"},
    },
    ("GET", "/privacy/access"): {},
    ("POST", "/privacy/access"): {
        "data": {
            "given_name": "Jan",
            "surname": "Jansen",
            "birth_date": "1980-01-01",
            "identity_check": "paspoort",
        }
    },
    ("POST", "/privacy/access/{request_id}/extend"): {
        "path": {"request_id": "ar-x"},
        "data": {"weeks": "2", "reason": "r"},
    },
    ("POST", "/privacy/access/{request_id}/withhold"): {
        "path": {"request_id": "ar-x"},
        "data": {"reg_key": "src:x", "ground": "b", "reason": "r"},
    },
    ("POST", "/privacy/access/{request_id}/close"): {
        "path": {"request_id": "ar-x"},
        "data": {"outcome": "answered"},
    },
    ("GET", "/privacy/supervisor"): {},
    ("GET", "/privacy/algorithm-register"): {},
    ("GET", "/privacy/algorithm-register.json"): {},
    ("POST", "/api/privacy/access-requests/{request_id}/close"): {
        "path": {"request_id": "ar-x"},
        "json": {"outcome": "answered"},
    },
    ("GET", "/privacy/access/{request_id}"): {"path": {"request_id": "ar-x"}},
    ("GET", "/api/privacy/supervisor-report"): {},
    ("GET", "/api/privacy/supervisor-report/pdf"): {},
    ("GET", "/api/privacy/algorithm-register"): {},
    ("GET", "/case"): {},
    ("GET", "/compare"): {},
    ("POST", "/compare"): {"files": {"file": ("s.csv", b"achternaam\nJansen\n")}},
    ("GET", "/compare/{comparison_id}"): {"path": {"comparison_id": "cmp-x"}},
    ("POST", "/hits/{hit_id}/request"): {"path": {"hit_id": "hit-x"}, "data": {"reason": "r"}},
    ("GET", "/hits/{hit_id}"): {"path": {"hit_id": "hit-x"}},
    ("GET", "/hits/{hit_id}/entities/{entity_id}"): {
        "path": {"hit_id": "hit-x", "entity_id": "ent-x"}
    },
    ("POST", "/consents"): {"data": {"hit_id": ["hit-x"], "reason": "r"}},
    ("GET", "/consents"): {},
    ("POST", "/hits/{hit_id}/consent"): {"path": {"hit_id": "hit-x"}, "data": {"reason": "r"}},
    ("POST", "/hits/{hit_id}/refuse"): {"path": {"hit_id": "hit-x"}, "data": {"reason": "r"}},
    # information products, signals, the register of provisions (issue 11)
    ("GET", "/api/products"): {},
    ("POST", "/api/products"): {"json": {"title": "Titel", "purpose": "Doel"}},
    ("GET", "/api/products/{product_id}"): {"path": {"product_id": "p-x"}},
    ("GET", "/api/products/{product_id}/pdf"): {"path": {"product_id": "p-x"}},
    ("GET", "/api/products/{product_id}/diff"): {
        "path": {"product_id": "p-x"},
        "params": {"from_version": 1, "to_version": 1},
    },
    ("POST", "/api/products/{product_id}/findings"): {
        "path": {"product_id": "p-x"},
        "json": {"heading": "h", "text": "t"},
    },
    ("POST", "/api/products/{product_id}/citations"): {
        "path": {"product_id": "p-x"},
        "json": {"entity_id": "e-x"},
    },
    ("POST", "/api/products/{product_id}/chart-citations"): {
        "path": {"product_id": "p-x"},
        "json": {"chart_id": "c-x"},
    },
    ("POST", "/api/products/{product_id}/timeline-citations"): {
        "path": {"product_id": "p-x"},
        "json": {"entity_ids": ["e-x"]},
    },
    ("GET", "/api/charts"): {},
    ("POST", "/api/charts"): {"json": {"title": "kaart", "seeds": ["e-x"]}},
    ("GET", "/api/charts/{chart_id}"): {"path": {"chart_id": "c-x"}},
    ("DELETE", "/api/charts/{chart_id}"): {"path": {"chart_id": "c-x"}},
    ("GET", "/api/charts/{chart_id}/download"): {
        "path": {"chart_id": "c-x"},
        "params": {"format": "gexf"},
    },
    ("GET", "/charts/{chart_id}"): {"path": {"chart_id": "c-x"}},
    ("GET", "/chart"): {"params": {"ids": ["e-x"]}},
    ("POST", "/charts"): {"data": {"title": "kaart", "recipe": '{"seeds": ["e-x"]}'}},
    ("POST", "/api/products/{product_id}/search-citations"): {
        "path": {"product_id": "p-x"},
        "json": {"q": "jan"},
    },
    ("POST", "/api/products/{product_id}/submission"): {"path": {"product_id": "p-x"}},
    ("POST", "/api/products/{product_id}/review"): {
        "path": {"product_id": "p-x"},
        "json": {"decision": "issue"},
    },
    ("POST", "/api/products/{product_id}/action"): {
        "path": {"product_id": "p-x"},
        "json": {"assessor": "lead", "rationale": "r"},
    },
    ("POST", "/api/products/{product_id}/withdrawal"): {
        "path": {"product_id": "p-x"},
        "json": {"reason": "r"},
    },
    ("POST", "/api/products/{product_id}/versions"): {"path": {"product_id": "p-x"}},
    ("GET", "/api/recipients"): {},
    ("POST", "/api/recipients"): {"json": {"organisation": "Gemeente X", "kind": "municipality"}},
    ("GET", "/api/signals"): {},
    ("POST", "/api/signals"): {
        "json": {
            "product_id": "p-x",
            "recipient_id": "r-x",
            "article": "Wpg 19",
            "purpose": "p",
            "ground": "organised_crime",
            "ground_facts": "g",
            "fact_nos": [1],
        }
    },
    ("GET", "/api/signals/{signal_id}"): {"path": {"signal_id": "s-x"}},
    ("POST", "/api/signals/{signal_id}/agreement"): {
        "path": {"signal_id": "s-x"},
        "json": {"agreement": "OM-1"},
    },
    ("POST", "/api/signals/{signal_id}/approval"): {"path": {"signal_id": "s-x"}},
    ("POST", "/api/signals/{signal_id}/sent"): {"path": {"signal_id": "s-x"}},
    ("GET", "/api/signals/{signal_id}/letter"): {"path": {"signal_id": "s-x"}},
    ("GET", "/api/provisions"): {},
    ("GET", "/products"): {},
    ("POST", "/products"): {"data": {"title": "Titel", "purpose": "Doel"}},
    ("GET", "/products/{product_id}"): {"path": {"product_id": "p-x"}},
    ("POST", "/products/{product_id}/findings"): {
        "path": {"product_id": "p-x"},
        "data": {"heading": "h", "text": "t"},
    },
    ("POST", "/products/{product_id}/citations"): {
        "path": {"product_id": "p-x"},
        "data": {"entity_id": "e-x"},
    },
    ("POST", "/products/{product_id}/chart-citations"): {
        "path": {"product_id": "p-x"},
        "data": {"chart_id": "c-x"},
    },
    ("POST", "/products/{product_id}/timeline-citations"): {
        "path": {"product_id": "p-x"},
        "data": {"entity_ids": "e-x"},
    },
    ("POST", "/products/{product_id}/search-citations"): {
        "path": {"product_id": "p-x"},
        "data": {"q": "jan"},
    },
    ("POST", "/products/{product_id}/lifecycle"): {
        "path": {"product_id": "p-x"},
        "data": {"step": "submit"},
    },
    ("POST", "/signals"): {"data": {"product_id": "p-x", "recipient_id": "r-x"}},
    ("GET", "/signals/{signal_id}"): {"path": {"signal_id": "s-x"}},
    ("POST", "/signals/{signal_id}/step"): {
        "path": {"signal_id": "s-x"},
        "data": {"step": "approve"},
    },
    ("GET", "/provisions"): {},
    # jobs in the server (admin)
    ("POST", "/api/jobs"): {"json": {"kind": "ingest", "mapping": "no-such.mapping.yaml"}},
    ("GET", "/api/jobs"): {},
    ("GET", "/api/jobs/{job_id}"): {"path": {"job_id": "job-x"}},
    ("POST", "/api/jobs/{job_id}/cancel"): {"path": {"job_id": "job-x"}},
    ("POST", "/api/jobs/{job_id}/retry"): {"path": {"job_id": "job-x"}},
    ("GET", "/admin/jobs"): {},
    ("GET", "/audit.csv"): {},
    ("GET", "/admin/users"): {},
    ("POST", "/admin/users"): {"data": {"username": "nieuw", "password": "x", "level": "1"}},
    ("POST", "/admin/users/{username}"): {
        "path": {"username": "analyst1"},
        "data": {"roles": "analyst", "level": "1", "active": "true"},
    },
    ("GET", "/admin/cases"): {},
    ("POST", "/admin/cases/{case_id}/members"): {
        "path": {"case_id": "ZAAK-1"},
        "data": {"username": "analyst1"},
    },
    ("POST", "/admin/jobs"): {"data": {"kind": "ingest", "mapping": "no-such.mapping.yaml"}},
    ("POST", "/admin/jobs/{job_id}/cancel"): {"path": {"job_id": "job-x"}},
    ("POST", "/admin/jobs/{job_id}/retry"): {"path": {"job_id": "job-x"}},
    ("GET", "/admin/sources"): {},
    ("GET", "/admin/sources/{source_id}"): {"path": {"source_id": "src-x"}},
    ("POST", "/admin/sources/{source_id}/preview"): {"path": {"source_id": "src-x"}},
    ("POST", "/admin/sources/{source_id}/ingest"): {"path": {"source_id": "src-x"}},
    ("GET", "/admin/models"): {},
    ("POST", "/admin/models/{version}/approve"): {"path": {"version": "m-x"}},
    ("POST", "/admin/rules/{version}/approve"): {"path": {"version": "objects-x"}},
    ("GET", "/admin/checkpoints"): {},
    ("POST", "/admin/checkpoints/verify"): {},
}


def test_every_route_is_guarded_and_audited(store, clock) -> None:  # type: ignore[no-untyped-def]
    app = create_app(store, clock=clock, secret="test")
    public = routes.PUBLIC | pages.PUBLIC
    table = [r for r in _route_table(app) if r not in public]
    unknown = sorted(set(table) - set(EXAMPLES))
    assert not unknown, f"routes without an example in this test: {unknown}"
    for method, path in table:
        ex = EXAMPLES[(method, path)]
        url = path.replace(":path}", "}").format(**ex.get("path", {}))
        kwargs = {k: v for k, v in ex.items() if k in ("json", "params", "data", "files")}
        anonymous = TestClient(app, follow_redirects=False)
        r = anonymous.request(method, url, **kwargs)
        assert r.status_code in (401, 303), (
            f"{method} {path} answered {r.status_code} without a session"
        )
        if r.status_code == 303:
            assert r.headers["location"] == "/login"
        client = TestClient(app, follow_redirects=False)
        login(client, "lead")
        before = store.query("SELECT count(*) FROM audit_log")[0][0]
        client.request(method, url, **kwargs)
        after = store.query("SELECT count(*) FROM audit_log")[0][0]
        assert after > before, f"{method} {path} left no audit row"


@pytest.mark.parametrize("path", ["/api/ontology", "/login"])
def test_public_routes_show_no_police_data(store, clock, path: str) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(create_app(store, clock=clock, secret="test"))
    r = client.get(path)
    assert r.status_code == 200
    assert "ZAAK-1" not in r.text
