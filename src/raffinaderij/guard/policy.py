"""The policy file: terms and rules of LAW.md as data, validated at load."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from raffinaderij import config
from raffinaderij.errors import ConfigError
from raffinaderij.model.codes import codes
from raffinaderij.yamlfile import read_yaml

__all__ = ["SHIPPED_POLICY", "BasisTerms", "Policy", "load_policy", "policy", "policy_path"]

SHIPPED_POLICY = Path(__file__).with_name("policy.yaml")
BASES = (8, 9, 10, 13)


@dataclass(frozen=True)
class BasisTerms:
    search_days: int | None = None
    analysis_days: int | None = None
    destroy_days: int | None = None
    analysis_after_close_days: int | None = None
    destroy_after_close_days: int | None = None


@dataclass(frozen=True)
class Policy:
    confidential_codes: tuple[str, ...]
    covert_tags: tuple[str, ...]
    bases: dict[int, BasisTerms]
    compare_scope: dict[int, tuple[int, ...]]
    purpose_within_days: int
    roles: tuple[str, ...]
    audit_readers: frozenset[str]
    model_approvers: frozenset[str]


def _int(where: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigError(f"{where}: must be a whole number of days >= 0, got {value!r}")
    return value


def policy_path() -> Path:
    """RAFF_POLICY if set, else the data folder's copy (`raff init` writes it), else the shipped file."""
    if config.get("policy"):
        return Path(config.get("policy"))
    local = config.data_dir() / "policy.yaml"
    return local if local.is_file() else SHIPPED_POLICY


def load_policy(path: Path | None = None) -> Policy:
    path = path or policy_path()
    raw = read_yaml(path, "policy")
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: the policy must be a mapping")
    missing = {"confidential_codes", "covert_tags", "bases", "compare_scope", "roles"} - set(raw)
    if missing:
        raise ConfigError(f"{path}: missing keys {sorted(missing)}")
    bases: dict[int, BasisTerms] = {}
    for basis, terms in (raw["bases"] or {}).items():
        if basis not in BASES:
            raise ConfigError(
                f"{path}: bases.{basis}: not one of {BASES} (art. 12 data is never present)"
            )
        fields = BasisTerms.__dataclass_fields__
        unknown = set(terms) - set(fields)
        if unknown:
            raise ConfigError(f"{path}: bases.{basis}: unknown keys {sorted(unknown)}")
        bases[basis] = BasisTerms(
            **{k: _int(f"{path}: bases.{basis}.{k}", v) for k, v in terms.items()}
        )
    for basis in BASES:
        if basis not in bases:
            raise ConfigError(f"{path}: bases.{basis} is missing")
    scope: dict[int, tuple[int, ...]] = {}
    for case_basis, reach in raw["compare_scope"].items():
        if case_basis not in (9, 10) or not set(reach) <= set(BASES):
            raise ConfigError(
                f"{path}: compare_scope.{case_basis}: cases are art. 9 or 10 and reach {BASES}"
            )
        scope[case_basis] = tuple(sorted(reach))
    roles = tuple(raw["roles"])
    readers = frozenset(raw.get("audit_readers", ()))
    approvers = frozenset(raw.get("model_approvers", ()))
    if not (readers | approvers) <= set(roles):
        raise ConfigError(f"{path}: audit_readers and model_approvers must be among roles {roles}")
    # A confidential code that ingest would never store would protect nothing (LAW-02).
    known = codes()
    for key, field in (("confidential_codes", "confidentiality"), ("covert_tags", "covert")):
        stray = {str(c) for c in raw[key]} - set(known.allowed(field))
        if stray:
            raise ConfigError(
                f"{path}: {key}: {sorted(stray)} are not {field} codes of the code lists"
            )
    return Policy(
        confidential_codes=tuple(str(c) for c in raw["confidential_codes"]),
        covert_tags=tuple(raw["covert_tags"]),
        bases=bases,
        compare_scope=scope,
        purpose_within_days=_int(f"{path}: purpose_within_days", raw.get("purpose_within_days", 7)),
        roles=roles,
        audit_readers=readers,
        model_approvers=approvers,
    )


@cache
def policy() -> Policy:
    return load_policy()
