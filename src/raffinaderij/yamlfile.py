"""Reading our YAML files strictly: a key written twice in one mapping is refused, never silently
replaced by the later one (PyYAML's default), so a policy, code list or ontology means what it says."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from raffinaderij.errors import ConfigError

__all__ = ["read_yaml"]


class _StrictLoader(yaml.SafeLoader):
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for knode, _ in node.value:
            key = self.construct_object(knode, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", knode.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def read_yaml(path: Path, what: str) -> Any:
    """The file's content; `what` names it in the error ("policy", "code lists")."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)  # noqa: S506
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read {what}: {exc}") from exc
