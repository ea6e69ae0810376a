"""The LAW-01 code lists (codes.yaml): every coded registration field and the values it may hold.

Ingest refuses a value outside its list (fail closed, LAW-01/02); the policy's confidential
codes must be among the confidentiality codes, so a typo there cannot open confidential data.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from raffinaderij import config
from raffinaderij.errors import ConfigError
from raffinaderij.yamlfile import read_yaml

__all__ = ["CODED_FIELDS", "Codes", "codes", "load_codes"]

_DEFAULT = Path(__file__).with_name("codes.yaml")
# Every LAW-01 field whose value is a code (id, first_processed and case are free values).
CODED_FIELDS = (
    "legal_basis", "level", "confidentiality", "reliability", "acquisition", "fact_judgement",
    "role", "covert",
)  # fmt: skip


@dataclass(frozen=True)
class Codes:
    lists: dict[str, tuple[str, ...]]

    def allowed(self, field: str) -> tuple[str, ...]:
        return self.lists[field]

    def canonical(self, field: str, value: str) -> str | None:
        """The stored spelling of `value`, or None when it is not a code of `field`."""
        wanted = value.strip().lower()
        for code in self.lists[field]:
            if code.lower() == wanted:
                return code
        return None


def load_codes(path: Path | None = None) -> Codes:
    path = path or (Path(config.get("codes")) if config.get("codes") else _DEFAULT)
    raw = read_yaml(path, "the code lists")
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: the code lists must be a mapping of field to list")
    unknown = set(raw) - set(CODED_FIELDS)
    if unknown:
        raise ConfigError(f"{path}: unknown fields {sorted(unknown)}; known: {CODED_FIELDS}")
    lists: dict[str, tuple[str, ...]] = {}
    for name in CODED_FIELDS:
        values = raw.get(name)
        if (
            not isinstance(values, list)
            or not values
            or not all(
                isinstance(v, str | int) and not isinstance(v, bool) and str(v).strip()
                for v in values
            )
        ):
            raise ConfigError(f"{path}: {name}: a non-empty list of codes")
        lists[name] = tuple(str(v).strip() for v in values)
    if "12" in lists["legal_basis"]:
        raise ConfigError(f"{path}: legal_basis: 12 (informants) is never ingested (Wpg 12)")
    bad_basis = set(lists["legal_basis"]) - {"8", "9", "10", "13"}
    if bad_basis:
        raise ConfigError(f"{path}: legal_basis: {sorted(bad_basis)} are not Wpg 8, 9, 10 or 13")
    bad_level = set(lists["level"]) - {"1", "2", "3", "4"}
    if bad_level:
        raise ConfigError(f"{path}: level: {sorted(bad_level)} are not Bpg 2:11 levels 1-4")
    return Codes(lists)


@cache
def codes() -> Codes:
    return load_codes()
