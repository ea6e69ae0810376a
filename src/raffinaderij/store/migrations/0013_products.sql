-- Information products (they never leave the police, LAW-12) and signals to chain partners.
-- A product keeps no police data of its own: a cited fact is (registration, entity, property,
-- sha256 of the value) and is read again, under the reader's guard, every time it is shown, so
-- a fact whose registration leaves analysis or is destroyed is redacted wherever it appears.
CREATE TABLE products (
    product_id  VARCHAR NOT NULL PRIMARY KEY,   -- opaque: 'p' + hex
    case_id     VARCHAR NOT NULL,
    created_by  VARCHAR NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
-- One row per version; an issued version is never changed again (a change makes a new version).
CREATE TABLE product_versions (
    product_id  VARCHAR NOT NULL,
    version     INTEGER NOT NULL,
    title       VARCHAR NOT NULL,
    purpose     VARCHAR NOT NULL,
    author      VARCHAR NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    level       SMALLINT NOT NULL              -- highest level of what it cites (Bpg 2:11)
);
CREATE TABLE product_sections (
    product_id  VARCHAR NOT NULL,
    version     INTEGER NOT NULL,
    section_no  INTEGER NOT NULL,
    kind        VARCHAR NOT NULL,              -- 'finding' | 'entity' | 'table'
    heading     VARCHAR NOT NULL,
    body        VARCHAR,                       -- the analyst's own text (findings)
    judgement   BOOLEAN NOT NULL DEFAULT false, -- a finding that is a judgement stays marked
    entity_id   VARCHAR                        -- cited entity (opaque id at citation time)
);
CREATE TABLE product_facts (
    product_id  VARCHAR NOT NULL,
    version     INTEGER NOT NULL,
    section_no  INTEGER NOT NULL,
    fact_no     INTEGER NOT NULL,              -- footnote number within the version
    reg_key     VARCHAR NOT NULL,
    entity_key  VARCHAR NOT NULL,
    prop        VARCHAR NOT NULL,
    value_hash  VARCHAR NOT NULL,              -- sha256 of the value; the value is re-read
    level       SMALLINT NOT NULL,
    row_label   VARCHAR                        -- table sections: the row (entity) it belongs to
);
-- Append-only lifecycle: draft, review, issued, actioned, withdrawn (and back to draft).
CREATE TABLE product_events (
    product_id  VARCHAR NOT NULL,
    version     INTEGER NOT NULL,
    event_no    INTEGER NOT NULL,
    state       VARCHAR NOT NULL CHECK (state IN ('draft', 'review', 'issued', 'actioned', 'withdrawn')),
    username    VARCHAR NOT NULL,
    event_at    TIMESTAMP NOT NULL,
    note        VARCHAR,
    assessor    VARCHAR                        -- LAW-10: the named human who assessed it
);
-- Chain partners a signal may go to (configurable register; types from the provisions policy).
CREATE TABLE recipients (
    recipient_id  VARCHAR NOT NULL PRIMARY KEY,
    organisation  VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL,
    registered_by VARCHAR NOT NULL,
    registered_at TIMESTAMP NOT NULL,
    active        BOOLEAN NOT NULL DEFAULT true
);
CREATE TABLE signals (
    signal_id        VARCHAR NOT NULL PRIMARY KEY,
    case_id          VARCHAR NOT NULL,
    product_id       VARCHAR NOT NULL,
    product_version  INTEGER NOT NULL,
    recipient_id     VARCHAR NOT NULL,
    article          VARCHAR NOT NULL,
    purpose          VARCHAR NOT NULL,
    ground           VARCHAR NOT NULL,        -- 'organised_crime' | 'attack_risk'
    ground_facts     VARCHAR NOT NULL,        -- the concrete ground
    agreement        VARCHAR,                 -- agreement of the competent authority (reference)
    drafted_by       VARCHAR NOT NULL,
    drafted_at       TIMESTAMP NOT NULL,
    approved_by      VARCHAR,
    approved_at      TIMESTAMP,
    sent_by          VARCHAR,
    sent_at          TIMESTAMP
);
-- The minimal items provided, each a fact of the product, traced to its registration.
CREATE TABLE signal_items (
    signal_id  VARCHAR NOT NULL,
    item_no    INTEGER NOT NULL,
    fact_no    INTEGER NOT NULL,
    reg_key    VARCHAR NOT NULL,
    entity_key VARCHAR NOT NULL,
    prop       VARCHAR NOT NULL,
    value_hash VARCHAR NOT NULL
);
-- The Wpg register of provisions: written once, when a signal is marked sent.
CREATE TABLE provisions (
    provision_id  VARCHAR NOT NULL PRIMARY KEY,
    signal_id     VARCHAR NOT NULL,
    case_id       VARCHAR NOT NULL,
    recipient_id  VARCHAR NOT NULL,
    organisation  VARCHAR NOT NULL,
    recipient_kind VARCHAR NOT NULL,
    article       VARCHAR NOT NULL,
    purpose       VARCHAR NOT NULL,
    ground        VARCHAR NOT NULL,
    agreement     VARCHAR,
    items         VARCHAR NOT NULL,           -- JSON: [{prop, reg_key}] (no values)
    reg_keys      VARCHAR[] NOT NULL,
    drafted_by    VARCHAR NOT NULL,
    approved_by   VARCHAR NOT NULL,
    sent_by       VARCHAR NOT NULL,
    provided_at   TIMESTAMP NOT NULL
);
