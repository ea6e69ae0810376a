"""Bench: an information product of ~50 pages with 500 footnotes → bench/out/products.json.

The product is composed through the guarded services (50 entity citations of 10 values each,
50 written findings), then read back through the reader's guard (every fact re-read) and
rendered to PDF with WeasyPrint, as a download is. Goal (issue 11): the PDF in < 10 s.
Usage: .venv/bin/python bench/bench_products.py [--sections 50] [--repeat 3]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import pypdf  # noqa: E402

from raffinaderij.clock import FixedClock  # noqa: E402
from raffinaderij.services import products  # noqa: E402
from raffinaderij.store.db import open_store  # noqa: E402
from raffinaderij.web.report import product_pdf  # noqa: E402
from support import NOW, add_record, entity_id, guard_for, make_world  # noqa: E402

FINDING = (
    "De verdachte is in de periode van maart tot en met juni meermaals gezien bij het pand aan "
    "de Havenweg, steeds in het gezelschap van dezelfde twee personen. De aangiften van de "
    "omwonenden beschrijven een vergelijkbaar voertuig en een vergelijkbaar tijdstip. "
)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sections", type=int, default=50, help="entity citations of 10 facts each")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    clock = FixedClock(NOW)
    store = open_store(":memory:")
    make_world(store, clock)
    ids = []
    for n in range(args.sections):
        values = {
            "givenName": f"Voornaam{n}",
            "surname": f"Achternaam{n}",
            "birthDate": f"19{50 + n % 50:02d}-01-01",
            "phone": f"+316{n:08d}",
            "email": f"persoon{n}@example.nl",
        }
        for half in ("a", "b"):  # 10 values from two registrations per person
            add_record(
                store,
                reg_id=f"r{n}{half}",
                entities=[(f"p{n}", "Person", {k: f"{v}{half}" for k, v in values.items()})],
            )
        ids.append(entity_id(store, f"src/Person/p{n}"))
    author = guard_for(store, clock, "analyst2")
    pid = products.create_product(author, title="Benchmarkproduct", purpose="Meting").product_id
    start = time.perf_counter()
    for n, eid in enumerate(ids):
        products.add_finding(author, product_id=pid, heading=f"Bevinding {n}", text=FINDING * 9)
        products.cite_entity(author, product_id=pid, entity_id=eid)
    compose = time.perf_counter() - start
    reader = guard_for(store, clock, "analyst3")
    product_pdf(products.disclose_product(reader, product_id=pid))  # warm-up: fonts load once
    views, pdfs, cpus = [], [], []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        view = products.disclose_product(reader, product_id=pid)
        t1, c1 = time.perf_counter(), time.process_time()
        pdf = product_pdf(view)
        t2, c2 = time.perf_counter(), time.process_time()
        views.append(t1 - t0)
        pdfs.append(t2 - t1)
        cpus.append(c2 - c1)
    pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    footnotes = sum(len(s.facts) for s in view.sections)
    result = {
        "benchmark": "products",
        "title": "Information product: read through the guard and render to PDF (issue 11)",
        "command": f".venv/bin/python bench/bench_products.py --sections {args.sections} --repeat {args.repeat}",
        "results": [
            {
                "pages": pages,
                "footnotes": footnotes,
                "compose_s": round(compose, 2),
                "read_median_s": round(statistics.median(views), 3),
                "pdf_median_s": round(statistics.median(pdfs), 2),
                "pdf_max_s": round(max(pdfs), 2),
                # CPU seconds of the render: what the wall time would be on an idle core
                "pdf_cpu_median_s": round(statistics.median(cpus), 2),
                "load_average": round(os.getloadavg()[0], 1),
            }
        ],
        "notes": (
            "Goal: the PDF of a 50-page product with 500 footnotes in < 10 s (read + render)."
            " The first render in a process also loads fonts; the figures are of renders after"
            " a warm-up render. Wall times on this shared machine depend on its load; the CPU"
            " seconds do not."
        ),
    }
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "products.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result["results"][0]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
