"""Generate the demo world and its source systems, chunk by chunk, with the truth beside it."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from raffinaderij.demo import identifiers as ids
from raffinaderij.demo.noise import SOURCE_SCALE, NoiseRates
from raffinaderij.demo.sources import (
    BvhSource,
    PvSource,
    ThemaSource,
    VoertuigenSource,
    ZakenSource,
    bvh,
    pv,
    subjects,
    thema,
    voertuigen,
    zaken,
)
from raffinaderij.demo.truth import Context, Truth
from raffinaderij.demo.world import Counters, build_world, days

__all__ = ["CHUNK", "GenerateReport", "generate"]

CHUNK = 50_000
GENERATOR_VERSION = "1"


@dataclass
class GenerateReport:
    out: Path
    persons: int
    seed: int
    today: date
    counts: dict[str, int]  # rows (records) per source
    files: dict[str, Path]  # data file or folder per source
    mappings: dict[str, Path]
    truth: Path
    noise: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)


def _network_count(persons: int) -> int:
    return max(3, min(40, persons // 25_000))


def generate(
    out: Path,
    *,
    persons: int,
    seed: int,
    today: date = date(2026, 11, 1),
    noise: NoiseRates | None = None,
    progress: bool = False,
) -> GenerateReport:
    """Write every source, its mapping and truth/ into `out`. Same arguments, same bytes."""
    if not 1 <= persons <= 10_000_000:
        raise ValueError("persons must be between 1 and 10,000,000")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rates = noise or NoiseRates()
    today64 = days(today)
    truth = Truth(out / "truth")
    ctx = Context(out=out, today=today64, rates=rates, persons=persons, truth=truth)
    root = np.random.SeedSequence([seed, 0x52AFF])
    pool = ids.bsn_pool(np.random.default_rng(root.spawn(1)[0]))
    n_chunks = -(-persons // CHUNK)
    # Only 9,091 numbers start 9999 and pass the 11-proef: a small world gives everyone one;
    # a large one shares them out per chunk to art. 9 subjects, who are the ones recorded with a BSN.
    small = persons <= len(pool)
    per_chunk = len(pool) // n_chunks
    n_net = _network_count(persons)
    net_ids = [f"NET-{k + 1:02d}" for k in range(n_net)]
    counters = Counters()
    sources: dict[str, Any] = {
        "bvh": BvhSource(ctx),
        "voertuigen": VoertuigenSource(ctx),
        "zaken": ZakenSource(ctx),
        "thema": ThemaSource(ctx),
        "pv": PvSource(ctx),
    }
    subject_count = 0
    for c in range(n_chunks):
        seq = np.random.SeedSequence([seed, c])
        r_world, r_bvh, r_veh, r_zaak, r_thema, r_pv, r_subj = (
            np.random.default_rng(s) for s in seq.spawn(7)
        )
        n = min(CHUNK, persons - c * CHUNK)
        w = build_world(
            chunk=c,
            offset=c * CHUNK,
            n=n,
            rng=r_world,
            today=today64,
            counters=counters,
            bsn_numbers=pool[c * CHUNK : c * CHUNK + n] if small else pool[:0],
            bsn_reserve=pool[:0] if small else pool[c * per_chunk : (c + 1) * per_chunk],
            network_ids=[nid for k, nid in enumerate(net_ids) if k % n_chunks == c],
        )
        sources["bvh"].write(w, r_bvh)
        sources["voertuigen"].write(w, r_veh)
        sources["zaken"].write(w, r_zaak)
        sources["thema"].write(w, r_thema)
        sources["pv"].write(w, r_pv, sources["bvh"].registered)
        truth.write_world(w)  # after the sources: art. 9 may have handed out BSNs
        for net in w.networks:
            ctx.networks.append(_network_truth(w, net, sources["zaken"].network_case.get(net.id)))
        if c == 0:
            subject_count = write_subjects_first(ctx, w, r_subj)
        if progress:
            print(
                f"demo: chunk {c + 1}/{n_chunks} ({min((c + 1) * CHUNK, persons):,} persons)",
                file=sys.stderr,
            )
    for s in sources.values():
        s.close()
    truth.close()

    first_case = next((cz["id"] for cz in ctx.cases if cz.get("network")), ctx.cases[0]["id"])
    maps = {
        "bvh": bvh.mapping(),
        "voertuigen": voertuigen.mapping(),
        "zaken": zaken.mapping(),
        "thema": thema.mapping(),
        "pv": pv.mapping(),
        "subjects": subjects.mapping(first_case, today.isoformat()),
    }
    mapping_paths: dict[str, Path] = {}
    for name, m in maps.items():
        p = out / f"{name}.mapping.yaml"
        p.write_text(_yaml(m), encoding="utf-8")
        mapping_paths[name] = p
    cases = ctx.cases + thema.theme_cases(today64)
    (out / "truth" / "cases.json").write_text(
        json.dumps(cases, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (out / "truth" / "networks.json").write_text(
        json.dumps(ctx.networks, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    counts = {
        "bvh": sources["bvh"].sink.rows,
        "voertuigen": sources["voertuigen"].sink.rows,
        "zaken": sources["zaken"].sink.rows,
        "thema": sources["thema"].sink.rows,
        "pv": sources["pv"].rows,
        "subjects": subject_count,
    }
    files = {
        "bvh": out / bvh.FILE,
        "voertuigen": out / voertuigen.FILE,
        "zaken": out / zaken.FILE,
        "thema": out / thema.FILE,
        "pv": out / pv.FOLDER,
        "subjects": out / subjects.FILE,
    }
    noise_report = {
        src: {
            k: {"eligible": e, "applied": a, "rate": getattr(rates.scaled(SOURCE_SCALE[src]), k)}
            for k, (e, a) in sorted(kinds.items())
        }
        for src, kinds in sorted(ctx.stats.items())
    }
    manifest = {
        "generator_version": GENERATOR_VERSION,
        "persons": persons,
        "seed": seed,
        "today": today.isoformat(),
        "chunk_size": CHUNK,
        "networks": len(ctx.networks),
        "cases": len(cases),
        "counts": counts,
        "files": {k: v.name for k, v in files.items()},
        "mappings": {k: v.name for k, v in mapping_paths.items()},
        "noise_rates": rates.as_dict(),
        "source_scale": SOURCE_SCALE,
        "noise": noise_report,
        "world": {
            "addresses": counters.address,
            "phones": counters.phone,
            "vehicles": counters.vehicle,
            "incidents": counters.incident,
        },
    }
    (out / "truth" / "manifest.json").write_text(
        json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return GenerateReport(
        out=out,
        persons=persons,
        seed=seed,
        today=today,
        counts=counts,
        files=files,
        mappings=mapping_paths,
        truth=out / "truth",
        noise=noise_report,
    )


def write_subjects_first(ctx: Context, w: Any, rng: np.random.Generator) -> int:
    return subjects.write_subjects(ctx, w, rng)


def _network_truth(w: Any, net: Any, case_id: str | None) -> dict[str, Any]:
    return {
        "id": net.id,
        "case": case_id,
        "members": [w.pid[p] for p in net.members.tolist()],
        "vehicles": [w.v_id[v] for v in net.vehicles],
        "phones": [w.t_id[t] for t in net.phones],
        "addresses": [w.a_id[a] for a in net.addresses],
        "incidents": [w.i_id[i] for i in net.incidents],
        "active": [str(net.start), str(net.end)],
    }


def _yaml(m: dict[str, Any]) -> str:
    head = "# Generated by raffinaderij.demo: the mapping that ingests this source (see docs/demo-data.md).\n"
    return head + yaml.safe_dump(m, sort_keys=False, allow_unicode=True, width=100)
