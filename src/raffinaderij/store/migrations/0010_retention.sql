-- Retention (LAW-04, issue 12): a content-free tombstone per registration moved to the art. 14
-- store or destroyed, and one row per retention job (its counts and whether the store file has
-- been rewritten since, so that no deleted value survives in a free block).
CREATE TABLE tombstones (
    reg_hash        VARCHAR NOT NULL,   -- sha256(salt || reg_key); the salt lives in the data folder
    legal_basis     SMALLINT NOT NULL,
    first_processed DATE NOT NULL,
    case_closed     DATE,               -- art. 9/10: when the case or theme closed
    step            VARCHAR NOT NULL CHECK (step IN ('art14', 'destroyed')),
    reason          VARCHAR NOT NULL,   -- 'term' | 'request' (Wpg 28)
    done_at         TIMESTAMP NOT NULL,
    job_id          VARCHAR NOT NULL
);
CREATE TABLE retention_jobs (
    job_id      VARCHAR NOT NULL PRIMARY KEY,
    started_at  TIMESTAMP NOT NULL,
    username    VARCHAR NOT NULL,
    moved       BIGINT NOT NULL,
    destroyed   BIGINT NOT NULL,
    status      VARCHAR NOT NULL CHECK (status IN ('purged', 'done')),  -- purged: file not yet rewritten
    finished_at TIMESTAMP
);
