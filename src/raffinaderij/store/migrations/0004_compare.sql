-- Automated comparison (Wpg 11), consent to open hits (LAW-07), and the derived match keys.
CREATE TABLE comparisons (
    comparison_id   VARCHAR NOT NULL PRIMARY KEY,
    case_id         VARCHAR NOT NULL,
    username        VARCHAR NOT NULL,      -- who ran it
    created_at      TIMESTAMP NOT NULL,
    input_name      VARCHAR NOT NULL,      -- file name or 'entities'
    input_hash      VARCHAR NOT NULL,      -- sha256 of the canonical subject list
    combined        BOOLEAN NOT NULL,      -- art. 11(4): reaches other cases' art. 9/10 data
    order_reference VARCHAR,               -- LAW-08: required when combined
    rules_version   VARCHAR NOT NULL,      -- match-key rule set (LAW-15)
    model_version   VARCHAR NOT NULL,      -- approved resolution model, else the rule set
    subjects        INTEGER NOT NULL,
    hits            INTEGER NOT NULL
);
CREATE TABLE comparison_subjects (
    comparison_id VARCHAR NOT NULL,
    subject_no    INTEGER NOT NULL,        -- 1-based row number of the input
    label         VARCHAR NOT NULL,        -- from the analyst's own input
    fields_json   VARCHAR NOT NULL,
    keys          VARCHAR[] NOT NULL       -- key_type || '=' || key_value
);
-- One row per subject with a link: only "a link exists" and which key types agreed.
CREATE TABLE hits (
    hit_id        VARCHAR NOT NULL PRIMARY KEY,
    comparison_id VARCHAR NOT NULL,
    subject_no    INTEGER NOT NULL,
    entity_ids    VARCHAR[] NOT NULL,      -- never shown before consent
    key_types     VARCHAR[] NOT NULL,
    model_version VARCHAR NOT NULL
);
-- Append-only consent events: requested, granted, refused (LAW-07).
CREATE TABLE consents (
    event_id      VARCHAR NOT NULL PRIMARY KEY,
    hit_id        VARCHAR NOT NULL,
    comparison_id VARCHAR NOT NULL,
    case_id       VARCHAR NOT NULL,
    event         VARCHAR NOT NULL CHECK (event IN ('requested', 'granted', 'refused')),
    username      VARCHAR NOT NULL,
    event_at      TIMESTAMP NOT NULL,
    reason        VARCHAR NOT NULL
);
-- Derived from statements by search.keys.build_match_keys; never the truth.
CREATE TABLE match_keys (
    entity_key VARCHAR NOT NULL,
    reg_key    VARCHAR NOT NULL,
    key_type   VARCHAR NOT NULL,
    key_value  VARCHAR NOT NULL
);
CREATE TABLE match_keys_state (
    rules_version VARCHAR NOT NULL,
    statements    BIGINT NOT NULL,
    registrations BIGINT NOT NULL,
    keys          BIGINT NOT NULL
);
