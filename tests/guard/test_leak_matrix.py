"""The generated leak matrix (issue 9, LAW-02/03/06/14).

Generated from the surface, never hand-listed: every `consult` service in the registry and every
HTTP route of the app is called by analysts of levels 1-4 against records that differ in level,
basis, age (free search, comparison only, expired), case, confidentiality, covert tag, blocking
and art. 14 stage. Arguments come from probe pools chosen by parameter name; a service or route
with a parameter no pool knows fails the test until a pool is added, so nothing new goes
unprobed.

Every answer is searched for the tokens of each record (its marker value, registration key,
entity key and entity id). A token may appear only if a record behind it is visible, by the
plain-Python reading of the law (`law_reading.allowed`), in a scope the call actually used
(`guard.modes_used`): a service that reads a raw table instead of the guard's relation uses no
scope and may show nothing. Hidden and missing things must answer alike.
"""

from __future__ import annotations

import contextlib
import inspect
import itertools
import json
import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pyarrow as pa
import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from law_reading import allowed
from raffinaderij.api.app import create_app
from raffinaderij.api.routes import plain
from raffinaderij.clock import FixedClock
from raffinaderij.errors import RaffError
from raffinaderij.graph.adjacency import adjacency_current, build_adjacency
from raffinaderij.guard.policy import policy
from raffinaderij.services import accounts, charts, compare, consent, products
from raffinaderij.services.graph import visible_ids
from raffinaderij.services.registry import load_all
from raffinaderij.store.db import Store, open_store
from raffinaderij.store.entity_ids import assign_groups
from support import NOW, add_record, api_routes, guard_for, login, make_world

AGES = {"recent": 150, "old": 500, "expired": 2000}  # days before NOW
CASE_BASIS = {"ZAAK-1": 9, "THEMA-1": 10, "ZAAK-2": 9}
MISSING_ENTITY = "e" + "0" * 20
LEVELS = (1, 2, 3, 4)


@dataclass
class Record:
    n: str
    level: int = 1
    basis: int = 8
    age: str = "recent"
    confidentiality: str = "N"
    covert: str | None = None
    blocked: bool = False
    stage: str = "active"
    case: str | None = None
    marker: str = ""
    reg_key: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def law(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "basis": self.basis,
            "age": AGES[self.age],
            "confidentiality": self.confidentiality,
            "covert": self.covert,
            "blocked": self.blocked,
            "stage": self.stage,
            "case": self.case,
        }


def _cells() -> list[Record]:
    out = []
    for level, basis, age, conf in itertools.product(
        LEVELS, (8, 9, 10), ("recent", "old", "expired"), ("N", "V")
    ):
        case = {8: None, 9: "ZAAK-1", 10: "THEMA-1"}[basis]
        out.append(Record("", level, basis, age, conf, case=case))
    out += [
        Record("", covert="interception"),
        Record("", blocked=True),
        Record("", stage="art14"),
        Record("", basis=9, case="ZAAK-2"),
        Record("", basis=10, case="THEMA-1", level=2),
    ]
    for i, rec in enumerate(out):
        rec.n = f"{i:03d}"
        rec.marker = f"Lekmarker{rec.n}"
        rec.reg_key = f"src:R{rec.n}"
    return out


@dataclass
class World:
    store: Store
    clock: FixedClock
    records: dict[str, Record]
    #: token -> the records whose visibility justifies showing it
    tokens: dict[str, set[str]]
    entity_ids: dict[str, str]  # entity key -> id
    comparisons: dict[str, str] = field(default_factory=dict)  # username -> comparison id
    hits: dict[str, list[str]] = field(default_factory=dict)
    products: list[str] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)


def _build() -> World:
    clock = FixedClock(NOW)
    store = open_store(":memory:")
    make_world(store, clock)
    lead = guard_for(store, clock, "lead", case_id=None)
    accounts.create_case(
        lead,
        case_id="ZAAK-2",
        title="Andere zaak",
        basis=9,
        purpose="p",
        threshold="t",
        facts="f",
    )
    cells = _cells()
    # a hub every person is involved in, and a person whose key also appears in a hidden record
    hub = Record("HUB", marker="Hubincident", reg_key="src:RHUB")
    mixv = Record("MIX", marker="Lekmarkermix", reg_key="src:RMIXV")
    mixh = Record("MXH", confidentiality="V", marker="Geheimtel999", reg_key="src:RMIXH")
    twin = Record("TWN", marker="Lekmarkertwin", reg_key="src:RTWIN")
    # a visible person living at an address stated only in a level-3 record: resolution's frame
    # row of the person holds that record's postcode
    liv = Record("LIV", marker="Lekmarkerliv", reg_key="src:RLIV")
    adr = Record("ADR", level=3, marker="Lekpostcode777", reg_key="src:RADR")
    records = {r.n: r for r in [*cells, hub, mixv, mixh, twin, liv, adr]}
    tokens: dict[str, set[str]] = {}

    def reg(rec: Record, entities: list[tuple[str, str, dict[str, Any]]]) -> None:
        add_record(
            store,
            reg_id=rec.reg_key.split(":")[1],
            basis=rec.basis,
            first_processed=(NOW - timedelta(days=AGES[rec.age])).date(),
            level=rec.level,
            confidentiality=rec.confidentiality,
            covert=rec.covert,
            case_id=rec.case,
            blocked=rec.blocked,
            stage=rec.stage,
            entities=entities,
        )
        tokens.setdefault(rec.marker, set()).add(rec.n)
        tokens.setdefault(rec.reg_key, set()).add(rec.n)
        for key, schema, _ in entities:
            tokens.setdefault(f"src/{schema}/{key}", set()).add(rec.n)

    reg(hub, [("HUB", "Incident", {"description": "Hubincident", "date": "2026-05-01"})])
    person = {"givenName": "Jan", "birthDate": "1980-01-01"}
    for rec in cells:
        reg(rec, [(f"P{rec.n}", "Person", person | {"surname": rec.marker})])
    reg(mixv, [("MIX", "Person", person | {"surname": mixv.marker})])
    reg(mixh, [("MIX", "Person", {"phone": mixh.marker})])
    reg(twin, [("TWN", "Person", person | {"surname": twin.marker})])
    reg(liv, [("LIV", "Person", person | {"surname": liv.marker})])
    reg(adr, [("ADR", "Address", {"postcode": adr.marker})])
    with store.transaction() as cur:
        # every person is involved in the hub incident, stated in the person's own record
        for rec in [*cells, mixv, twin]:
            key = "MIX" if rec is mixv else "TWN" if rec is twin else f"P{rec.n}"
            cur.execute(
                "INSERT INTO statements VALUES (?, ?, 'Person', 'involvedIn', 'src/Incident/HUB', 'suspect')",
                [rec.reg_key, f"src/Person/{key}"],
            )
        cur.execute(
            "INSERT INTO statements VALUES (?, 'src/Person/LIV', 'Person', 'livesAt',"
            " 'src/Address/ADR', NULL)",
            [liv.reg_key],
        )
        # clusters: the first visible-to-all person with every even hidden one; MIX with TWN
        anchor = cells[0]  # level 1, art. 8, recent, not confidential
        groups = [(f"src/Person/P{anchor.n}", "A")]
        groups += [(f"src/Person/P{r.n}", "A") for r in cells[1:] if int(r.n) % 2 == 0]
        groups += [("src/Person/MIX", "B"), ("src/Person/TWN", "B")]
        assign_groups(
            cur,
            pa.table({"entity_key": [k for k, _ in groups], "grp": [g for _, g in groups]}),
        )
        # what resolution derived: frame rows (MIX's holds the hidden phone) and scored pairs
        settings = json.dumps({"comparisons": [], "probability_two_random_records_match": 1e-5})
        import hashlib

        cur.execute(
            "INSERT INTO resolve_models VALUES ('mleak', ?, 'admin', 'lead', ?, ?, ?, 1, '{}')",
            [NOW, NOW, settings, hashlib.sha256(settings.encode()).hexdigest()],
        )
        cur.execute("INSERT INTO resolve_runs VALUES ('r1', 'mleak', ?, 'run', '{}')", [NOW])
        for key, surname, phone in [
            (f"src/Person/P{anchor.n}", anchor.marker, None),
            *[(f"src/Person/P{r.n}", r.marker, None) for r in cells[1:] if int(r.n) % 2 == 0],
            ("src/Person/MIX", mixv.marker, mixh.marker),
            ("src/Person/TWN", twin.marker, None),
        ]:
            cur.execute(
                "INSERT INTO resolve_frame (unique_id, surname, phone) VALUES (?, ?, ?)",
                [key, surname, phone],
            )
        cur.execute(
            "INSERT INTO resolve_frame (unique_id, surname, postcode) VALUES (?, ?, ?)",
            ["src/Person/LIV", liv.marker, adr.marker],
        )
        pairs = [
            ("src/Person/MIX", "src/Person/TWN", True),
            ("src/Person/LIV", f"src/Person/P{anchor.n}", False),
        ] + [
            (f"src/Person/P{anchor.n}", f"src/Person/P{r.n}", int(r.n) % 2 == 0) for r in cells[1:]
        ]
        for left, right, linked in pairs:
            for key in (left, right):  # every probed pair has frame rows and a stored score
                if not cur.execute(
                    "SELECT 1 FROM resolve_frame WHERE unique_id = ?", [key]
                ).fetchone():
                    cur.execute(
                        "INSERT INTO resolve_frame (unique_id, surname) VALUES (?, ?)",
                        [key, records[key.removeprefix("src/Person/P")].marker],
                    )
            cur.execute(
                "INSERT INTO match_pairs VALUES (?, ?, 9.0, 0.99, '{}', 'mleak', 'r1', ?)",
                [left, right, linked],
            )
    ids = dict(store.query("SELECT entity_key, entity_id FROM entity_ids"))
    members: dict[str, set[str]] = {}
    for key, eid in ids.items():
        members.setdefault(eid, set()).update(tokens.get(key, set()))
    for eid, recs in members.items():
        tokens[eid] = recs
    return World(store, clock, records, tokens, ids)


@pytest.fixture(scope="module", params=["relations", "adjacency"])
def world(request: pytest.FixtureRequest) -> World:
    """The world, read through the scoped relations, and again with the graph adjacency built
    (the network services then read by key: guard/lookup.py)."""
    w = _build()
    if request.param == "adjacency":
        build_adjacency(w.store)
    # each analyst compares every marker; the lead consents to every hit (details open)
    compare.ensure_match_keys(w.store)
    # upper case: the labels echo the analyst's own input, which must not look like a token
    subjects = [
        {"surname": r.marker.upper(), "birthDate": "1980-01-01"} for r in w.records.values()
    ]
    for level in LEVELS:
        user = f"analyst{level}"
        result = compare.compare(guard_for(w.store, w.clock, user), subjects=subjects)
        w.comparisons[user] = result.comparison_id
        w.hits[user] = [o.hit_id for o in result.outcomes if o.hit_id]
        lead = guard_for(w.store, w.clock, "lead")
        for hit_id in w.hits[user]:
            consent.consent(lead, hit_id=hit_id, reason="leak matrix")
    # products citing every entity their author sees: one by a level-1, one by a level-4 analyst
    for level in (1, 4):
        author = guard_for(w.store, w.clock, f"analyst{level}")
        made = products.create_product(author, title="Lekproduct", purpose="leak matrix")
        for eid in sorted(set(w.entity_ids.values())):
            with contextlib.suppress(RaffError):
                products.cite_entity(author, product_id=made.product_id, entity_id=eid)
        w.products.append(made.product_id)
    # a saved chart from every entity its author sees, expanded two hops from each, with paths
    # between some seeds: by a level-1 and by a level-4 author
    for level in (1, 4):
        author = guard_for(w.store, w.clock, f"analyst{level}")
        rel = author.relations("search")
        seen = sorted(visible_ids(author, rel, set(w.entity_ids.values())))
        saved = charts.chart_save(
            author,
            title="Lekkaart",
            seeds=seen,
            expansions=[{"ids": seen, "hops": 2, "limit": 500}],
            paths=[[a, b] for a in seen[:3] for b in seen[:3] if a < b],
        )
        w.charts = [c.chart_id for c in charts.chart_list(author)]
        assert saved.chart_id in w.charts
    cur = w.store.cursor()
    assert adjacency_current(cur) == (request.param == "adjacency")
    cur.close()
    return w


def visible(world: World, rec_id: str, level: int, mode: str, case_id: str = "ZAAK-1") -> bool:
    if mode not in ("search", "compare"):
        return False  # the case-independent analysis scope is never shown to a reader
    return allowed(
        world.records[rec_id].law(),
        mode=mode,
        level=level,
        case_id=case_id,
        covert_ok=(),
        closed={c: None for c in CASE_BASIS},
        p=policy(),
        now=NOW,
        basis_of=CASE_BASIS,
    )


def leaks(world: World, text: str, level: int, modes: set[str], asked: Any = None) -> list[str]:
    """Tokens in `text` that no record visible in the used scopes justifies (the caller's own
    arguments echoed back are not a leak)."""
    own = json.dumps(asked, default=str) if asked is not None else ""
    found = []
    for token, recs in world.tokens.items():
        if (
            token in text
            and token not in own
            and not any(visible(world, r, level, m) for r in recs for m in modes)
        ):
            found.append(token)
    return found


def _hidden_singletons(world: World, level: int) -> list[str]:
    out = []
    for eid in world.entity_ids.values():
        recs = world.tokens.get(eid, set())
        shared = [k for k, e in world.entity_ids.items() if e == eid]
        if len(shared) == 1 and not any(
            visible(world, r, level, m) for r in recs for m in ("search", "compare")
        ):
            out.append(eid)
    return out


# -- probe pools by parameter name: a parameter without a pool fails the test ---------------
def probes(world: World, user: str, level: int) -> dict[str, list[Any]]:
    keys = sorted(world.entity_ids)
    anchor = "src/Person/P000"
    others = [k for k in keys if k.startswith("src/Person/P")]
    pairs = [("src/Person/MIX", "src/Person/TWN"), ("src/Person/LIV", anchor)] + [
        (anchor, k) for k in others if k != anchor
    ]
    # a pair inside each entity (the pairs its members make), a pair from elsewhere, a missing
    # pair, and a missing entity: not the cross product of every entity with every pair, which
    # costs thousands of calls and probes nothing more
    triples = [
        (eid, left, right)
        for eid in sorted(set(world.entity_ids.values()))
        for left, right in [
            *[
                p
                for p in pairs
                if world.entity_ids.get(p[0]) == eid and world.entity_ids.get(p[1]) == eid
            ],
            pairs[0],
            (anchor, "src/Person/NOPE"),
        ]
    ] + [(MISSING_ENTITY, *pairs[0])]
    return {
        ("entity_id", "left", "right"): triples,
        ("entity_id", "split_left", "split_right"): triples,  # the entity page's split preview
        "q": ["lekmarker", "hubincident", "geheimtel999"],
        "entity_id": [*sorted(set(world.entity_ids.values())), MISSING_ENTITY],
        # one entity, none (the whole case, where that is optional) and pairs (a connecting
        # network, the co-occurrence of two)
        "entity_ids": [
            [],
            *[[eid] for eid in sorted(set(world.entity_ids.values()))],
            *[
                [world.entity_ids[anchor], eid]
                for eid in [*sorted(set(world.entity_ids.values())), MISSING_ENTITY]
                if eid != world.entity_ids[anchor]
            ],
        ],
        "persons": [False, True],
        ("left", "right"): [*pairs, (anchor, "src/Person/NOPE")],
        ("source", "target"): [
            (world.entity_ids[anchor], eid) for eid in sorted(set(world.entity_ids.values()))
        ]
        + [(world.entity_ids[anchor], MISSING_ENTITY)],
        "comparison_id": [*world.comparisons.values(), "cmp-0000000000000000"],
        "hit_id": [h for hs in world.hits.values() for h in hs] + ["hit-00000000000000000000"],
        # a hit's own entities, an entity of another hit, a hidden one and a missing one
        ("hit_id", "entity_id"): [
            (h, eid)
            for h, eids in world.store.query("SELECT hit_id, entity_ids FROM hits")
            for eid in [*eids, *_hidden_singletons(world, level)[:2], MISSING_ENTITY]
        ],
        "entity_key": [*keys, "src/Person/NOPE"],
        "case_id": ["ZAAK-1", "ZAAK-2", "ZAAK-9"],
        "product_id": [*world.products, "p" + "0" * 20],
        "chart_id": [*world.charts, "c" + "0" * 20],
        "format": ["graphml", "gexf"],
        "signal_id": ["s" + "0" * 20],
        "version": [1, 2],
        ("from_version", "to_version"): [(1, 1)],
        "purpose": ["leak matrix"],
        "limit": [500],
        "mapping": ["/nonexistent/mapping.yaml"],
        "source_id": ["src-000000000000"],
        "job_id": ["job-000000000000"],
        "kind": ["ingest"],
        "out": ["/nonexistent/out.parquet"],
        "request_id": ["ar-0000000000000000"],
        "username": [user, "analyst1", "niemand"],
        # other than the defaults: two hops, several paths, a shorter bound
        "hops": [2],
        "k": [3],
        "max_length": [3],
        # the timeline, map and chart of a selection
        "ids": [[eid] for eid in sorted(set(world.entity_ids.values()))] + [[MISSING_ENTITY]],
    }


#: optional route parameters left at their defaults because they can only narrow what an answer
#: shows (filters) or bound its size; every other optional parameter needs a probe pool
NARROWING = {
    "basis", "before", "end", "kinds", "link_types", "min_size", "roles", "rows", "schema",
    "seed", "source", "start", "year",
}  # fmt: skip


#: optional parameters probed beyond their default (the rest keep their defaults)
OPTIONAL_PROBED = {"entity_ids", "limit", "persons", "version", "format"}


def _combos(names: list[str], pool: dict[Any, list[Any]]) -> list[dict[str, Any]]:
    """Every combination of probes for these parameters (joint pools, like left/right, as one)."""
    groups: list[list[dict[str, Any]]] = []
    done: set[str] = set()
    # the widest joint pool that fits comes first; a name is probed by one pool only
    for joint in sorted((k for k in pool if isinstance(k, tuple)), key=len, reverse=True):
        if set(joint) <= set(names) and not done & set(joint):
            groups.append([dict(zip(joint, values, strict=True)) for values in pool[joint]])
            done.update(joint)
    for name in names:
        if name in done:
            continue
        if name not in pool:
            raise AssertionError(
                f"parameter {name!r} has no probe pool in the leak matrix: add one to probes()"
            )
        groups.append([{name: v} for v in pool[name]])
    return [
        {k: v for part in combo for k, v in part.items()} for combo in itertools.product(*groups)
    ]


def _calls(spec_fn: Any, pool: dict[Any, list[Any]]) -> list[dict[str, Any]]:
    names = [
        name
        for name, p in inspect.signature(spec_fn).parameters.items()
        if name != "guard" and (p.default is inspect.Parameter.empty or name in OPTIONAL_PROBED)
    ]
    return _combos(names, pool)


def _outcome(fn: Any, guard: Any, kwargs: dict[str, Any]) -> tuple[str, str]:
    try:
        return "ok", json.dumps(plain(fn(guard, **kwargs)), sort_keys=True, default=str)
    except RaffError as exc:
        return type(exc).__name__, str(exc)


def _consult_services() -> list[Any]:
    every = load_all()
    return [s for s in sorted(every.values(), key=lambda s: s.name) if s.action == "consult"]


#: parameters that name entities by id: a hidden one must answer like a missing one
ENTITY_ID_PARAMS = ("entity_id", "entity_ids", "source", "target")
ID_PARAMS = ("entity_id", "comparison_id", "hit_id", "case_id", "left", "right")


@pytest.mark.parametrize("level", LEVELS)
def test_no_consult_service_leaks(world: World, level: int) -> None:
    user = f"analyst{level}"
    pool = probes(world, user, level)
    specs = _consult_services()
    calls = 0
    problems: list[str] = []
    hidden_ids = set(_hidden_singletons(world, level))
    for spec in specs:
        for kwargs in _calls(spec.fn.__wrapped__, pool):
            guard = guard_for(world.store, world.clock, user)
            kind, text = _outcome(spec.fn, guard, kwargs)
            calls += 1
            bad = leaks(world, text, level, guard.modes_used, kwargs)
            if bad:
                problems.append(f"{spec.name}({kwargs}) -> {kind}: shows {bad[:5]}")
            # a hidden entity answers exactly like a missing one
            for name, value in kwargs.items():
                if name not in ENTITY_ID_PARAMS:
                    continue
                for hidden in _ids_in(value) & hidden_ids:
                    missing = _outcome(
                        spec.fn,
                        guard_for(world.store, world.clock, user),
                        kwargs | {name: _as_missing(value, hidden)},
                    )
                    if (kind, text.replace(hidden, "<id>")) != (
                        missing[0],
                        missing[1].replace(MISSING_ENTITY, "<id>"),
                    ):
                        problems.append(f"{spec.name}: hidden {name} answers unlike a missing one")
    print(f"leak matrix, level {level}: {len(specs)} consult services, {calls} calls")
    assert len(specs) >= 10
    assert not problems, "\n".join(problems[:20])


def _ids_in(value: Any) -> set[str]:
    """The ids a probe names: itself, or the members of a list of ids."""
    if isinstance(value, list):
        return {v for v in value if isinstance(v, str)}
    return {value} if isinstance(value, str) else set()


def _as_missing(value: Any, hidden: str) -> Any:
    """The probe with the hidden id replaced by a missing one."""
    if isinstance(value, list):
        return [MISSING_ENTITY if v == hidden else v for v in value]
    return MISSING_ENTITY if value == hidden else value


_PATH_PARAM = re.compile(r"{(\w+)(?::\w+)?}")


def _url(path: str, args: dict[str, Any]) -> str:
    return _PATH_PARAM.sub(lambda m: str(args[m.group(1)]), path)


@pytest.mark.parametrize("level", LEVELS)
def test_no_route_leaks(world: World, level: int) -> None:
    user = f"analyst{level}"
    app = create_app(world.store, clock=world.clock, secret="test")
    client = TestClient(app, follow_redirects=False)
    login(client, user)
    pool = probes(world, user, level)
    modes = {"search", "compare"}  # routes are thin; the service matrix checks each scope
    calls, problems = 0, []
    hidden_ids = set(_hidden_singletons(world, level))
    routes: list[APIRoute] = api_routes(app)
    for route in routes:
        path_params = _PATH_PARAM.findall(route.path)
        every = {*path_params, *(p.name for p in route.dependant.query_params)}
        joint = {n for k in pool if isinstance(k, tuple) and set(k) <= every for n in k}
        query = [
            p.name
            for p in route.dependant.query_params
            if p.field_info.is_required() or p.name in pool or p.name in joint
        ]
        unprobed = {p.name for p in route.dependant.query_params} - set(query) - NARROWING
        assert not unprobed, (
            f"{route.path}: optional parameters {sorted(unprobed)} have no probe pool: add one"
            " to probes(), or to NARROWING if they can only narrow an answer"
        )
        names = list(dict.fromkeys([*path_params, *query]))
        for args in _combos(names, pool):
            url = _url(route.path, args)
            params = {k: args[k] for k in query}
            for method in sorted(route.methods - {"HEAD"}):
                if route.path.endswith("/logout"):
                    continue  # would end the session the walk runs in
                r = client.request(method, url, params=params)
                calls += 1
                bad = leaks(world, r.text, level, modes, args)
                if bad:
                    problems.append(f"{method} {url} {params} -> {r.status_code}: {bad[:5]}")
                hid = sorted({i for v in args.values() for i in _ids_in(v)} & hidden_ids)
                if hid and method == "GET":
                    other = dict(args)
                    for k, v in args.items():
                        for h in _ids_in(v) & hidden_ids:
                            other[k] = _as_missing(other[k], h)
                    r2 = client.request(
                        method,
                        _url(route.path, other),
                        params={k: other[k] for k in query},
                    )
                    shown = r.text
                    for h in hid:
                        shown = shown.replace(h, "<id>")
                    if (r.status_code, shown) != (
                        r2.status_code,
                        r2.text.replace(MISSING_ENTITY, "<id>"),
                    ):
                        problems.append(f"{method} {route.path}: hidden answers unlike missing")
    print(f"leak matrix, level {level}: {len(routes)} routes, {calls} requests")
    assert len(routes) > 30
    assert not problems, "\n".join(problems[:20])
