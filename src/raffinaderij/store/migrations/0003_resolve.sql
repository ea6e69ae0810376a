-- Entity resolution: approved model versions, clusters, scored pairs, analyst decisions (LAW-15).
CREATE TABLE resolve_models (
    version        VARCHAR NOT NULL PRIMARY KEY,  -- 'm' || yyyymmddHHMMSS || '-' || short hash
    created_at     TIMESTAMP NOT NULL,
    created_by     VARCHAR NOT NULL,
    approved_by    VARCHAR,                       -- LAW-15: a second person, never created_by
    approved_at    TIMESTAMP,
    settings_json  VARCHAR NOT NULL,              -- Splink's settings dict with trained m/u
    settings_hash  VARCHAR NOT NULL,              -- sha256 of settings_json
    seed           INTEGER NOT NULL,
    training_json  VARCHAR NOT NULL               -- records used, filter, timings, thresholds
);
CREATE TABLE resolve_runs (
    run_id        VARCHAR NOT NULL,
    model_version VARCHAR NOT NULL,
    started_at    TIMESTAMP NOT NULL,
    kind          VARCHAR NOT NULL,               -- 'run' | 'link_new'
    report_json   VARCHAR NOT NULL
);
-- Derived: rebuilt by every run; entity_key -> entity_id. Singletons keep their entity_key.
CREATE TABLE entity_clusters (
    entity_key    VARCHAR NOT NULL,
    entity_id     VARCHAR NOT NULL,
    model_version VARCHAR NOT NULL,
    run_id        VARCHAR NOT NULL
);
-- Derived: scored pairs above the review threshold, with per-field match-weight contributions.
CREATE TABLE match_pairs (
    left_key          VARCHAR NOT NULL,           -- left_key < right_key
    right_key         VARCHAR NOT NULL,
    match_weight      DOUBLE NOT NULL,
    match_probability DOUBLE NOT NULL,
    contributions     VARCHAR NOT NULL,           -- JSON {comparison: {level, weight}}
    model_version     VARCHAR NOT NULL,
    run_id            VARCHAR NOT NULL,
    linked            BOOLEAN NOT NULL            -- true when the pair ended in one cluster
);
-- Analyst decisions: append-only, never updated except to fill superseded_by once.
CREATE TABLE resolve_decisions (
    decision_id   VARCHAR NOT NULL PRIMARY KEY,
    left_key      VARCHAR NOT NULL,               -- left_key < right_key
    right_key     VARCHAR NOT NULL,
    decision      VARCHAR NOT NULL CHECK (decision IN ('confirm', 'split')),
    username      VARCHAR NOT NULL,
    decided_at    TIMESTAMP NOT NULL,
    reason        VARCHAR NOT NULL,
    superseded_by VARCHAR
);
-- The person frame of the last run (normalised), kept so new ingests link without retraining.
CREATE TABLE resolve_frame (
    unique_id VARCHAR NOT NULL, source VARCHAR, given_first VARCHAR, given_initials VARCHAR,
    given_key VARCHAR, given_all VARCHAR, surname VARCHAR, surname_particles VARCHAR,
    surname_key VARCHAR, birth_date VARCHAR, birth_year VARCHAR, birth_date_swapped VARCHAR,
    postcode VARCHAR, house_number VARCHAR, street VARCHAR, city VARCHAR, phone VARCHAR,
    bsn VARCHAR, id_digits VARCHAR, email VARCHAR,
    sex VARCHAR, birth_place VARCHAR
);
