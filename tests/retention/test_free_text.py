"""People's own words and destruction (issue 12): every text column of the schema is either
free text a destruction redacts in place (`retention.typed.FREE_TEXT`) or declared below as
holding none, with the reason. A new column that is neither fails here, so nothing typed can
outlive the person it names because nobody remembered its table."""

from __future__ import annotations

from pathlib import Path

from test_destruction_reach import text_columns

from raffinaderij.retention.typed import FREE_TEXT, MARK, redact_text
from raffinaderij.store.db import open_store

#: Whole tables: police data and what is derived from it (deleted with the registrations by
#: `retention.purge.destroy`), or the audit log (keys; typed fields and session purposes are
#: redacted by `retention.typed.typed_mentions`/`purpose_redactions`).
DESTROYED_WITH_RECORDS = {
    "statements",
    "registrations",
    "registration_alterations",
    "match_keys",
    "entity_ids",
    "entity_clusters",
    "match_pairs",
    "resolve_frame",
    "resolve_keys",
    "hits",
    # subjects: the values a hit was compared on go with the hit (purge._prune_hits)
    "comparison_subjects",
    # the statements again, keyed for lookup (purge.destroy: graph.adjacency)
    "graph_adjacency",
}
AUDIT = {"audit_log", "audit_anchor", "audit_redactions"}
#: Columns that hold keys, codes, hashes, user names, file paths or generated JSON: no one
#: types a sentence there.
NOT_FREE_TEXT: dict[str, set[str]] = {
    # the privacy desk's Wpg 25 file keeps the requester's identity and its own decisions
    "access_requests": {
        "request_id",
        "registered_by",
        "given_name",
        "surname",
        "bsn",
        "identity_check",
        "extension_reason",
        "status",
        "art27_ground",
    },
    "access_withholdings": {"request_id", "reg_key", "ground", "withheld_by"},
    "batches": {"batch_id", "source", "mapping", "status"},
    "case_members": {"case_id", "username", "role"},
    "cases": {"case_id", "covert_allowed"},
    "charts": {"chart_id", "case_id", "recipe", "created_by"},
    "comparisons": {
        "comparison_id",
        "case_id",
        "username",
        "input_hash",
        "rules_version",
        "model_version",
    },
    "consents": {"event_id", "hit_id", "comparison_id", "case_id", "event", "username"},
    "ingest_jobs": {"batch_id", "username", "rejects_dir", "state"},
    "jobs": {"job_id", "kind", "username", "state", "phase"},
    "login_failures": {"username"},
    "match_keys_state": {"rules_version"},
    "orders": {"case_id", "issued_by", "recorded_by"},
    "product_events": {"product_id", "state", "username", "assessor"},
    "product_facts": {
        "product_id",
        "reg_key",
        "entity_key",
        "prop",
        "value_hash",
        "row_label",
        "reg_hash",
        "destroyed_why",
    },
    "product_layouts": {"product_id", "layout"},
    "product_sections": {"product_id", "kind", "entity_id"},
    "product_versions": {"product_id", "author"},
    "products": {"product_id", "case_id", "created_by"},
    "provision_notifications": {
        "notification_id",
        "provision_id",
        "signal_id",
        "recipient_id",
        "organisation",
        "kind",
        "props",
        "made_by",
    },
    "provisions": {
        "provision_id",
        "signal_id",
        "case_id",
        "recipient_id",
        "organisation",
        "recipient_kind",
        "article",
        "ground",
        "items",
        "reg_keys",
        "drafted_by",
        "approved_by",
        "sent_by",
    },
    "recipients": {"recipient_id", "kind", "registered_by"},
    "rejects": {"batch_id", "file", "field", "reason"},
    "resolve_decisions": {
        "decision_id",
        "left_key",
        "right_key",
        "decision",
        "username",
        "superseded_by",
    },
    "resolve_models": {
        "version",
        "created_by",
        "approved_by",
        "settings_json",
        "settings_hash",
        "training_json",
    },
    "resolve_runs": {"run_id", "model_version", "kind", "report_json"},
    "retention_jobs": {"job_id", "username", "status"},
    "rule_runs": {"run_id", "rules_version", "report_json"},
    "rule_sets": {"version", "rules_json", "rules_hash", "approved_by"},
    "sessions": {"session_hash", "username", "csrf_token", "case_id"},
    "signal_items": {
        "signal_id",
        "reg_key",
        "entity_key",
        "prop",
        "value_hash",
        "reg_hash",
        "destroyed_why",
    },
    "signals": {
        "signal_id",
        "case_id",
        "product_id",
        "recipient_id",
        "article",
        "ground",
        "drafted_by",
        "approved_by",
        "sent_by",
    },
    "tombstones": {"reg_hash", "step", "reason", "job_id"},
    "graph_adjacency_state": {"version"},
    "users": {"username", "display_name", "password_hash", "roles"},
}


def test_every_text_column_is_declared(tmp_path: Path) -> None:
    store = open_store(tmp_path / "raff.duckdb")
    columns = set(text_columns(store))
    store.close()
    free = {(t, c) for t, cs in FREE_TEXT.items() for c in cs}
    declared = {(t, c) for t, cs in NOT_FREE_TEXT.items() for c in cs}
    whole = DESTROYED_WITH_RECORDS | AUDIT
    undeclared = sorted(
        (t, c) for t, c in columns if t not in whole and (t, c) not in free | declared
    )
    assert not undeclared, f"declare these text columns free text (FREE_TEXT) or not: {undeclared}"
    assert not free & declared, sorted(free & declared)
    # no stale names: every declared column exists
    assert not (free | declared) - columns, sorted((free | declared) - columns)
    assert not whole - {t for t, _ in columns}, sorted(whole - {t for t, _ in columns})


def test_a_run_is_redacted_in_place_and_the_rest_stays() -> None:
    words = frozenset({"quirijntje", "zwartekopperman", "quirijntje zwartekopperman", "de vries"})
    compacts = frozenset({"0687654329", "xk917q"})
    assert (
        redact_text(
            "Volgens Quirijntje ZWARTEKÖPPERMAN belde 06-87654329 (XK-917-Q).", words, compacts
        )
        == f"Volgens {MARK} belde {MARK} ({MARK})."
    )
    # word for word: a name inside another word is not that name
    assert redact_text("Zwartekoppermanstraat 4, en De  Vries", words, compacts) == (
        f"Zwartekoppermanstraat 4, en {MARK}"
    )
    # a text the matcher flagged but whose run cannot be placed goes whole (fails closed)
    assert redact_text("niets herkenbaars", words, compacts) == MARK
