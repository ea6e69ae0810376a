"""Commands of the later capabilities (demo, ingest, resolve, compare) register here."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def register(
    add: Callable[..., argparse.ArgumentParser],
    common: argparse.ArgumentParser,
    in_case: argparse.ArgumentParser,
) -> None:
    """Add subcommands; `add(name, handler, help, parents)` returns the subparser."""
    del add, common, in_case
