"""Commands of the later capabilities (demo, ingest, resolve, compare) register here."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from raffinaderij.cli import compare as compare_cli
from raffinaderij.cli import demo, ingest, resolve, retention
from raffinaderij.cli import graph as graph_cli


def register(
    add: Callable[..., argparse.ArgumentParser],
    common: argparse.ArgumentParser,
    in_case: argparse.ArgumentParser,
) -> None:
    """Add subcommands; `add(name, handler, help, parents)` returns the subparser."""
    del common
    p = add(
        "demo", demo.cmd_demo, "generate synthetic data, ingest it, set up users and cases, serve"
    )
    p.add_argument("--out", default="var")
    p.add_argument("--persons", type=int, default=2000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--no-serve", action="store_true", help="set up only")

    p = add(
        "demo-generate", demo.cmd_demo_generate, "write synthetic source files with ground truth"
    )
    p.add_argument("--out", required=True)
    p.add_argument("--persons", type=int, default=1000)
    p.add_argument("--seed", type=int, default=1)

    p = add("ingest", ingest.cmd_ingest, "ingest a source through its mapping (admin)")
    p.add_argument("mapping")

    add(
        "ingest-resume",
        ingest.cmd_ingest_resume,
        "finish what crashed batches still owe: rejects report, linking (admin)",
    )

    p = add("mapping-check", ingest.cmd_mapping_check, "validate a mapping file")
    p.add_argument("mapping")
    resolve.register(add, in_case)
    compare_cli.register(add, in_case)
    retention.register(add)
    retention.register_requests(add)
    graph_cli.register(add, in_case)
