"""The provision rules for signals (LAW-12) as data: per recipient type, the Wpg articles that
allow a provision and the conditions each needs; validated at load, like the policy file."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from raffinaderij import config
from raffinaderij.errors import ConfigError, Denied
from raffinaderij.yamlfile import read_yaml

__all__ = ["Provisions", "RecipientType", "load_provisions", "provisions"]

_DEFAULT = Path(__file__).with_name("provisions.yaml")


@dataclass(frozen=True)
class RecipientType:
    kind: str
    label: dict[str, str]
    #: article -> the conditions it needs (names from `Provisions.conditions`)
    articles: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Provisions:
    grounds: dict[str, dict[str, str]]
    conditions: dict[str, dict[str, str]]
    recipient_types: dict[str, RecipientType]

    def article_conditions(self, kind: str, article: str) -> tuple[str, ...]:
        """The conditions of `article` for a recipient of `kind`; deny by default."""
        rtype = self.recipient_types.get(kind)
        if rtype is None:
            raise ConfigError(f"recipient type {kind!r} is not in the provisions policy")
        if article not in rtype.articles:
            allowed = ", ".join(sorted(rtype.articles)) or "none"
            raise Denied(
                f"{article!r} does not allow a provision to a {kind}; the policy allows: {allowed}"
            )
        return rtype.articles[article]


def _mapping(where: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: must be a mapping")
    return value


def _texts(where: str, value: Any) -> dict[str, str]:
    texts = _mapping(where, value)
    if not {"nl", "en"} <= set(texts):
        raise ConfigError(f"{where}: needs a Dutch (nl) and an English (en) text")
    return {str(k): str(v) for k, v in texts.items()}


def load_provisions(path: Path | None = None) -> Provisions:
    path = path or (Path(config.get("provisions")) if config.get("provisions") else _DEFAULT)
    raw = read_yaml(path, "the provisions policy")
    raw = _mapping(str(path), raw)
    missing = {"grounds", "conditions", "recipient_types"} - set(raw)
    if missing:
        raise ConfigError(f"{path}: missing keys {sorted(missing)}")
    grounds = {
        g: _texts(f"{path}: grounds.{g}", t) for g, t in _mapping("grounds", raw["grounds"]).items()
    }
    conditions = {
        c: _texts(f"{path}: conditions.{c}", t)
        for c, t in _mapping("conditions", raw["conditions"]).items()
    }
    types: dict[str, RecipientType] = {}
    for kind, tdef in _mapping("recipient_types", raw["recipient_types"]).items():
        where = f"{path}: recipient_types.{kind}"
        tdef = _mapping(where, tdef)
        articles: dict[str, tuple[str, ...]] = {}
        for article, adef in _mapping(f"{where}.articles", tdef.get("articles")).items():
            needs = tuple(_mapping(f"{where}.articles.{article}", adef).get("conditions") or ())
            unknown = set(needs) - set(conditions)
            if unknown:
                raise ConfigError(
                    f"{where}.articles.{article}: unknown conditions {sorted(unknown)}"
                )
            articles[str(article)] = needs
        types[str(kind)] = RecipientType(
            str(kind), _texts(f"{where}.label", tdef.get("label")), articles
        )
    return Provisions(grounds, conditions, types)


@cache
def provisions() -> Provisions:
    return load_provisions()
