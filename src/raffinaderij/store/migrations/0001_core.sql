-- Provenance per value, batches, users, cases, the audit log.
CREATE TABLE registrations (
    reg_key          VARCHAR NOT NULL,   -- source || ':' || registration_id
    source           VARCHAR NOT NULL,   -- source system
    registration_id  VARCHAR NOT NULL,   -- the record's id in that system
    legal_basis      SMALLINT NOT NULL,  -- Wpg 8, 9, 10 or 13 (12 is refused at ingest)
    first_processed  DATE NOT NULL,      -- start of every term
    level            SMALLINT NOT NULL,  -- authorisation level 1..4 (Bpg 2:11)
    confidentiality  VARCHAR NOT NULL,   -- code; the policy says which codes are excluded
    reliability      VARCHAR NOT NULL,
    acquisition      VARCHAR NOT NULL,   -- how the data was obtained
    covert           VARCHAR,            -- covert-measure tag (LAW-14) or NULL
    fact_judgement   VARCHAR NOT NULL,   -- 'fact' | 'judgement'
    role             VARCHAR NOT NULL,   -- data-subject role
    case_id          VARCHAR,            -- art. 9 case / art. 10 theme the record belongs to
    blocked          BOOLEAN NOT NULL DEFAULT false,  -- art. 28 blocking
    stage            VARCHAR NOT NULL DEFAULT 'active', -- 'active' | 'art14' (LAW-04)
    content_hash     VARCHAR NOT NULL,   -- detects alterations on re-ingest
    batch_id         VARCHAR NOT NULL,
    ingested_at      TIMESTAMP NOT NULL
);
CREATE TABLE statements (
    reg_key    VARCHAR NOT NULL,   -- the registration this value comes from
    entity_key VARCHAR NOT NULL,   -- entity-in-source: source '/' type '/' local key
    schema     VARCHAR NOT NULL,   -- object type of entity_key
    prop       VARCHAR NOT NULL,   -- property, or link type (value is then an entity_key)
    value      VARCHAR NOT NULL,
    qualifier  VARCHAR             -- e.g. the role on an involvedIn link
);
CREATE TABLE batches (
    batch_id    VARCHAR NOT NULL,
    source      VARCHAR NOT NULL,
    mapping     VARCHAR NOT NULL,
    started_at  TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    rows_read   BIGINT, rows_stored BIGINT, rows_rejected BIGINT,
    rows_altered BIGINT, rows_unchanged BIGINT,
    status      VARCHAR NOT NULL
);
CREATE TABLE rejects (
    batch_id VARCHAR NOT NULL, file VARCHAR NOT NULL, row_number BIGINT,
    field VARCHAR, reason VARCHAR NOT NULL
);
CREATE TABLE users (
    username      VARCHAR NOT NULL PRIMARY KEY,
    display_name  VARCHAR NOT NULL,
    password_hash VARCHAR NOT NULL,
    roles         VARCHAR[] NOT NULL,
    level         SMALLINT NOT NULL,
    active        BOOLEAN NOT NULL DEFAULT true
);
CREATE TABLE cases (
    case_id       VARCHAR NOT NULL PRIMARY KEY,
    title         VARCHAR NOT NULL,
    basis         SMALLINT NOT NULL,        -- 9 (case) or 10 (theme)
    purpose       VARCHAR,                  -- LAW-05
    threshold     VARCHAR,                  -- legal threshold (BVerfG)
    facts         VARCHAR,                  -- the facts that meet it
    covert_allowed VARCHAR[] NOT NULL DEFAULT [],  -- LAW-14: covert tags this case may see
    opened_at     TIMESTAMP NOT NULL,
    purpose_recorded_at TIMESTAMP,
    closed_at     TIMESTAMP
);
CREATE TABLE case_members (
    case_id  VARCHAR NOT NULL,
    username VARCHAR NOT NULL,
    role     VARCHAR NOT NULL               -- 'analyst' | 'lead'
);
CREATE TABLE audit_log (
    seq        BIGINT NOT NULL,
    logged_at  TIMESTAMP NOT NULL,
    username   VARCHAR NOT NULL,
    case_id    VARCHAR,
    purpose    VARCHAR,
    action     VARCHAR NOT NULL,   -- collect | alter | consult | disclose | combine | erase
    service    VARCHAR NOT NULL,
    query      VARCHAR NOT NULL,   -- canonical JSON of what was asked
    record_ids VARCHAR NOT NULL,   -- canonical JSON list of registration keys returned
    outcome    VARCHAR NOT NULL,   -- 'ok' | 'denied' | 'error'
    prev_hash  VARCHAR NOT NULL,
    hash       VARCHAR NOT NULL
);
-- The chain's tail, so that deleting the newest rows is detected too (LAW-11).
CREATE TABLE audit_anchor (
    seq  BIGINT NOT NULL,
    hash VARCHAR NOT NULL
);
