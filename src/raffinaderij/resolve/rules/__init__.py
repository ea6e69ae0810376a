"""Deterministic resolution of every object type but persons (issue 10): vehicles, phones,
addresses, organisations, bank accounts and documents, by a versioned, approved rule set."""

from __future__ import annotations

from raffinaderij.resolve.rules.keys import RULES, RULES_VERSION, Rule, normalise_org_name
from raffinaderij.resolve.rules.run import (
    RuleReport,
    RuleSet,
    apply_rules,
    approve_rules,
    last_rule_run,
    rule_set,
)

__all__ = [
    "RULES",
    "RULES_VERSION",
    "Rule",
    "RuleReport",
    "RuleSet",
    "apply_rules",
    "approve_rules",
    "last_rule_run",
    "normalise_org_name",
    "rule_set",
]
