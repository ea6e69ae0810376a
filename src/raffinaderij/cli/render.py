"""Human output: tables, not dict printouts. Lists of records become one table; a record becomes a
two-column table of its plain fields followed by a table per list of records it holds. Nested
structures deeper than that are shown as compact JSON (the full answer is `--json`)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.table import Table

from raffinaderij.jsonable import plain

__all__ = ["cell", "record_table", "rows_table", "show"]

_WIDTH = 80  # longest cell before it is cut (the full value is in --json)


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list) and all(not isinstance(v, dict | list) for v in value):
        text = ", ".join(cell(v) for v in value)
    elif isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False, default=str)
    else:
        text = str(value)
    return text if len(text) <= _WIDTH else text[: _WIDTH - 1] + "…"


def rows_table(rows: list[dict[str, Any]], *, title: str | None = None) -> Table:
    columns: list[str] = []
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    table = Table(title=title, title_justify="left", show_lines=False)
    for column in columns:
        table.add_column(column.replace("_", " "), overflow="fold")
    for row in rows:
        table.add_row(*(cell(row.get(c)) for c in columns))
    return table


def record_table(record: dict[str, Any], *, title: str | None = None) -> Table:
    table = Table(title=title, title_justify="left", show_header=False, box=None)
    table.add_column(style="bold")
    table.add_column(overflow="fold")
    for key, value in record.items():
        table.add_row(key.replace("_", " "), cell(value))
    return table


def _is_rows(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def show(result: Any, custom: Callable[[Any, Console], None] | None = None) -> None:
    """Print a command's answer for people."""
    # Piped output is not folded to 80 columns: a value should stay on one line for grep.
    console = Console(width=None if sys.stdout.isatty() else 240)
    if custom is not None:
        custom(result, console)
        return
    data = plain(result)
    if _is_rows(data):
        console.print(rows_table(data))
    elif isinstance(data, list):
        console.print("(none)" if not data else "\n".join(cell(v) for v in data))
    elif isinstance(data, dict):
        flat = {k: v for k, v in data.items() if not _is_rows(v) and not isinstance(v, dict)}
        console.print(record_table(flat))
        for key, value in data.items():
            if _is_rows(value):
                console.print(rows_table(value, title=key.replace("_", " ")))
            elif isinstance(value, dict) and value:
                console.print(record_table(value, title=key.replace("_", " ")))
    else:
        console.print(str(data), highlight=False)
