"""Bench: the network services on the guard (issue 10) → bench/out/graph.json.

Part 1, scale: `synthesise` writes N link statements with DuckDB SQL — N/2 persons, each in
its own art. 8 registration (levels 1-4, within the search term, 2% confidential) with a
surname and two `usesPhone` links to N/4 phones (their own level-1 registrations), so the
visible graph is one large random bipartite component. As analyst4 in ZAAK-1 (every
non-confidential record visible) it measures the services end to end, audit row included:
2-hop `graph_expand` (limit 100) and `graph_path` p50/p95 (wall clock, and the process's CPU
time: the machine is shared, so CPU time is the steadier figure), the visible graph's build
(read through the guard + igraph) with the process's RSS growth, and `graph_central` and
`graph_communities` on it (up to `--measures-max` links; they take minutes above). The path
pairs are random persons, mostly further apart than `max_length` (6): "no path" is the worst
case, both ends' neighbourhoods read to radius 3.

Part 2, quality: a demo world (`raff demo` pipeline: generate, ingest, resolve persons and
objects) and its planted networks (truth/networks.json). For each network, as the lead of its
case (clock at the case's close when closed, so the case may be opened), the community holding
most of the network's members is compared with the truth, counting persons (true identities):
member recall (members in it / members with a visible entity) and purity (members / persons in
it); for the communities of the whole network and for those of the person projection
(`persons=True`). `ceiling_recall`: the members in the connected component holding most of them
/ visible members — what no community of connected entities can exceed.

Usage: .venv/bin/python bench/bench_graph.py [--links 1000000,10000000] [--demo-persons 2000,5000]
       [--demo-seeds 1,2]   (planted networks: one demo build per size and seed; means over all)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from raffinaderij.clock import FixedClock  # noqa: E402
from raffinaderij.graph import LinkGraph  # noqa: E402
from raffinaderij.services import graph  # noqa: E402
from raffinaderij.store.db import Store, open_store  # noqa: E402
from support import NOW, guard_for, make_world  # noqa: E402


def ms(xs: list[float], q: int) -> float:
    return round(statistics.quantiles(xs, n=100)[q - 1] * 1000, 1) if len(xs) > 1 else 0.0


def rss_mib() -> float:
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def synthesise(store: Store, links: int) -> tuple[int, int]:
    persons, phones = links // 2, max(links // 4, 1)
    cur = store.cursor()
    cur.execute(
        f"""INSERT INTO registrations
        SELECT 'gen:p' || i, 'gen', 'p' || i, 8, DATE '{NOW.date()}' - CAST(i % 300 AS INT),
               1 + i % 4, CASE WHEN i % 50 = 7 THEN 'V' ELSE 'N' END, 'A1', 'aangifte', NULL,
               'fact', 'suspect', NULL, false, 'active', 'h', 'bench', TIMESTAMP '{NOW}'
        FROM range({persons}) t(i)"""
    )
    cur.execute(
        f"""INSERT INTO registrations
        SELECT 'gen:t' || j, 'gen', 't' || j, 8, DATE '{NOW.date()}' - 10, 1, 'N', 'A1',
               'aangifte', NULL, 'fact', 'other', NULL, false, 'active', 'h', 'bench',
               TIMESTAMP '{NOW}'
        FROM range({phones}) t(j)"""
    )
    cur.execute(
        f"""INSERT INTO statements
        SELECT 'gen:p' || i, 'gen/Person/' || i, 'Person', 'surname', 'Achternaam' || i, NULL
        FROM range({persons}) t(i)
        UNION ALL
        SELECT 'gen:p' || i, 'gen/Person/' || i, 'Person', 'usesPhone',
               'gen/Phone/' || (hash(i * 2 + k) % {phones}), NULL
        FROM range({persons}) t(i), range(2) u(k)
        UNION ALL
        SELECT 'gen:t' || j, 'gen/Phone/' || j, 'Phone', 'number', '+316' || (10000000 + j), NULL
        FROM range({phones}) t(j)"""
    )
    cur.execute(
        """INSERT INTO entity_ids
        SELECT entity_key, 'e' || substr(md5(entity_key), 1, 20)
        FROM (SELECT DISTINCT entity_key FROM statements)"""
    )
    cur.close()
    return persons, phones


def scale(
    links: int, samples: int, measures: bool, *, whole: bool = True, adjacency: bool = True
) -> dict[str, Any]:
    clock = FixedClock(NOW)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.duckdb")
        make_world(store, clock)
        t0 = time.perf_counter()
        persons, _ = synthesise(store, links)
        t_gen = time.perf_counter() - t0
        # what the ingest job's index phase does after an ingest; without it (or stale), expand
        # and path read through the scoped relations
        t0 = time.perf_counter()
        adjacency_rows = graph.rebuild_adjacency(store) if adjacency else 0
        t_adjacency = time.perf_counter() - t0
        store.query("CHECKPOINT")
        rng = random.Random(1)
        visible = [i for i in rng.sample(range(persons), min(samples * 3, persons)) if i % 50 != 7]
        eid = dict(
            store.query(
                "SELECT entity_key, entity_id FROM entity_ids WHERE list_contains(?, entity_key)",
                [[f"gen/Person/{i}" for i in visible]],
            )
        )
        ids = [eid[f"gen/Person/{i}"] for i in visible]
        g = guard_for(store, clock, "analyst4")
        load0 = os.getloadavg()[0]
        expand_s, expand_cpu = [], []
        for x in ids[:samples]:
            t0, c0 = time.perf_counter(), time.process_time()
            graph.graph_expand(g, entity_ids=[x], hops=2, limit=100)
            expand_s.append(time.perf_counter() - t0)
            expand_cpu.append(time.process_time() - c0)
        path_s, path_cpu, found = [], [], 0
        for a, b in zip(ids[: samples // 2], ids[samples // 2 : samples], strict=False):
            t0, c0 = time.perf_counter(), time.process_time()
            found += graph.graph_path(g, source=a, target=b).found
            path_s.append(time.perf_counter() - t0)
            path_cpu.append(time.process_time() - c0)
        load1 = os.getloadavg()[0]
        rss0 = rss_mib()
        t0 = time.perf_counter()
        rel = g.relations("search")
        built = LinkGraph(
            edges=graph.case_edges(g, rel, graph.checked_types(None)) if whole else []
        )
        t_build = time.perf_counter() - t0
        rss1 = rss_mib()
        t_central = t_comm = None
        communities = []
        if measures and whole:
            t0 = time.perf_counter()
            graph.graph_central(g, limit=25)
            t_central = round(time.perf_counter() - t0, 2)
            t0 = time.perf_counter()
            communities = graph.graph_communities(g, min_size=3, limit=50)
            t_comm = round(time.perf_counter() - t0, 2)
        store.close()
    return {
        "link_statements": links,
        "generate_s": round(t_gen, 1),
        "read": "adjacency" if adjacency else "relations",
        "adjacency_rows": adjacency_rows,
        "adjacency_s": round(t_adjacency, 1) if adjacency else None,
        "visible_nodes": len(built.ids) if whole else None,
        "visible_edges": len(built.edges) if whole else None,
        "build_s": round(t_build, 2) if whole else None,
        "build_rss_mib": round(rss1 - rss0, 1) if whole else None,
        "expand2_p50_ms": ms(expand_s, 50),
        "expand2_p95_ms": ms(expand_s, 95),
        "expand2_cpu_p50_ms": ms(expand_cpu, 50),
        "expand2_cpu_p95_ms": ms(expand_cpu, 95),
        "path_p50_ms": ms(path_s, 50),
        "path_p95_ms": ms(path_s, 95),
        "path_cpu_p50_ms": ms(path_cpu, 50),
        "path_cpu_p95_ms": ms(path_cpu, 95),
        "paths_found": f"{found}/{len(path_s)}",
        "central_s": t_central,
        "communities_s": t_comm,
        "communities_shown": len(communities) if measures and whole else None,
        "load": f"{load0:.2f}→{load1:.2f}",
    }


def _score(
    groups: list[Any], members: set[str], who: dict[str, set[str]], visible: set[str]
) -> dict[str, Any]:
    """The community holding most of the network's members, scored against the truth: member
    recall (members in it / members with a visible entity) and purity (members / persons in it),
    counting persons (true identities), so one person's records left apart by resolution count
    once."""
    if not groups:
        return {"recall": 0.0, "purity": 0.0, "community_size": 0}

    def persons_of(group: Any) -> set[str]:
        return {t for n in group.nodes if n.schema == "Person" for t in who.get(n.id, ())}

    best = max(groups, key=lambda g: len(persons_of(g) & members))
    found = persons_of(best)
    return {
        "recall": round(len(found & members) / max(len(visible), 1), 3),
        "purity": round(len(found & members) / max(len(found), 1), 3),
        "community_size": best.size,
    }


def planted(persons: int, seed: int = 1) -> list[dict[str, Any]]:
    from rich.console import Console

    from raffinaderij.cli.demo import build_demo
    from raffinaderij.guard.policy import policy
    from raffinaderij.guard.session import Guard, load_case, load_user

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["RAFF_DATA_DIR"] = tmp
        build_demo(Path(tmp), persons=persons, seed=seed, console=Console(quiet=True))
        store = open_store(Path(tmp) / "raff.duckdb")
        truth = Path(tmp) / "data" / "truth"
        nets = json.loads((truth / "networks.json").read_text(encoding="utf-8"))
        true_id = dict(
            store.query(f"SELECT entity_key, true_id FROM read_csv('{truth / 'records.csv'}')")
        )
        who: dict[str, set[str]] = {}
        for key, eid in store.query("SELECT entity_key, entity_id FROM entity_ids"):
            if key in true_id:
                who.setdefault(eid, set()).add(true_id[key])
        for net in nets:
            case = load_case(store, net["case"])
            when = case.closed_at or NOW
            guard = Guard(
                store,
                load_user(store, "leider"),
                policy=policy(),
                clock=FixedClock(when - timedelta(days=1)),
                case=case,
                purpose="bench",
            )
            members = set(net["members"])
            rel = guard.relations("search")
            built = LinkGraph(edges=graph.case_edges(guard, rel, graph.checked_types(None)))
            visible = {t for n in built.ids for t in who.get(n, ())} & members
            # the most any community could hold: the members in the component holding most
            parts = built.graph.connected_components()
            comp = [
                {t for i in part for t in who.get(built.ids[i], ())} & members for part in parts
            ]
            row: dict[str, Any] = {
                "persons": persons,
                "seed": seed,
                "network": net["id"],
                "case": net["case"],
                "members": len(members),
                "visible_members": len(visible),
                "member_entities": sum(1 for n in built.ids if who.get(n, set()) & members),
                "ceiling_recall": round(max(map(len, comp), default=0) / max(len(visible), 1), 3),
            }
            for label, only_persons in (("whole", False), ("persons", True)):
                t0 = time.perf_counter()
                groups = graph.graph_communities(guard, min_size=2, limit=500, persons=only_persons)
                took = time.perf_counter() - t0
                score = _score(groups, members, who, visible)
                row |= {f"{label}_{k}": v for k, v in score.items()}
                row[f"{label}_s"] = round(took, 2)
            rows.append(row)
        store.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--links", default="10000000", help="link statements; a comma list")
    parser.add_argument("--measures-max", type=int, default=2_000_000)
    parser.add_argument("--samples", type=int, default=100)
    parser.add_argument("--demo-persons", default="2000,5000", help="a comma list; 0: none")
    parser.add_argument("--demo-seeds", default="1,2", help="demo builds per size (a comma list)")
    parser.add_argument(
        "--no-whole-graph",
        action="store_true",
        help="skip building the whole visible graph (453 s at 10M links) and its measures",
    )
    parser.add_argument(
        "--no-adjacency",
        action="store_true",
        help="leave the graph adjacency unbuilt: expand and path read through the relations",
    )
    args = parser.parse_args()
    result: dict[str, Any] = {
        "title": "Graph: expand, paths, centrality and communities through the guard",
        "command": " ".join(["python", "bench/bench_graph.py", *sys.argv[1:]]),
        "scale": [
            scale(
                n,
                args.samples,
                n <= args.measures_max,
                whole=not args.no_whole_graph,
                adjacency=not args.no_adjacency,
            )
            for n in (int(x) for x in args.links.split(","))
        ],
    }
    sizes = [int(x) for x in args.demo_persons.split(",") if int(x)]
    if sizes:
        nets = [
            row
            for n in sizes
            for seed in (int(x) for x in args.demo_seeds.split(","))
            for row in planted(n, seed)
        ]
        result["planted_networks"] = nets
        keys = ("whole_recall", "whole_purity", "persons_recall", "persons_purity")
        for key in (*keys, "ceiling_recall"):
            if nets:
                result[f"mean_{key}"] = round(statistics.mean(r[key] for r in nets), 3)
    result["notes"] = (
        "Expand and path read each hop by key (guard/lookup.py): the graph adjacency, the "
        "registrations and the entity ids through ART index lookups with the keys as constants "
        "(read 'adjacency'); with --no-adjacency, with small queries over the session's scoped "
        "relations, each of which scans the statements, registrations and entity ids once "
        "(read 'relations'). Centrality and communities build the visible graph per call (no "
        "cache keyed by scope yet). CPU time is the process's (DuckDB's threads included)."
    )
    out = ROOT / "bench" / "out" / "graph.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
