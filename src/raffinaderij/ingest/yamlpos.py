"""YAML that remembers where each key stood, so mapping errors can name file, line and key."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from raffinaderij.errors import MappingError

__all__ = ["Located", "load_located"]


@dataclass(frozen=True)
class Located:
    """Plain YAML data plus the line (1-based) of every key path, e.g. ('entities', 'person')."""

    path: Path
    data: Any
    lines: dict[tuple[str, ...], int]

    def line(self, keys: tuple[str, ...]) -> int:
        """Line of the deepest known prefix of `keys` (a missing key points at its parent)."""
        for n in range(len(keys), -1, -1):
            found = self.lines.get(keys[:n])
            if found is not None:
                return found
        return 1

    def error(self, keys: tuple[str, ...], message: str) -> MappingError:
        where = ".".join(keys) or "(top)"
        return MappingError(f"{self.path}:{self.line(keys)}: {where}: {message}")


def _convert(
    node: yaml.Node, keys: tuple[str, ...], lines: dict[tuple[str, ...], int], path: Path
) -> Any:
    lines.setdefault(keys, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for knode, vnode in node.value:
            if not isinstance(knode, yaml.ScalarNode):
                raise MappingError(f"{path}:{knode.start_mark.line + 1}: keys must be plain text")
            key = str(yaml.safe_load(yaml.serialize(knode)))
            if key in out:
                raise MappingError(
                    f"{path}:{knode.start_mark.line + 1}: {'.'.join((*keys, key))}: duplicate key"
                )
            sub = (*keys, key)
            lines[sub] = knode.start_mark.line + 1
            out[key] = _convert(vnode, sub, lines, path)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(v, (*keys, str(i)), lines, path) for i, v in enumerate(node.value)]
    # Scalars: let the safe constructor decide the type (int, bool, str, ...).
    return yaml.safe_load(yaml.serialize(node))


def load_located(path: Path) -> Located:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise MappingError(f"{path}: cannot read the mapping: {exc}") from exc
    try:
        # compose() builds nodes without constructing objects: safe, and keeps positions.
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise MappingError(f"{path}:{line}: not valid YAML: {exc}") from exc
    if node is None:
        raise MappingError(f"{path}:1: the mapping file is empty")
    lines: dict[tuple[str, ...], int] = {}
    try:
        data = _convert(node, (), lines, path)
    except yaml.YAMLError as exc:
        raise MappingError(f"{path}: not valid YAML: {exc}") from exc
    return Located(path, data, lines)
