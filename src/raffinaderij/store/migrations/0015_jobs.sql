-- Jobs owned by the server process (issue 13): ingest, resolution and retention run while
-- analysts keep reading. One row per job; the runner takes them one at a time (DuckDB has one
-- writer), oldest first.
CREATE TABLE jobs (
    job_id      VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL,          -- ingest | ingest_resume | resolve_train | resolve_run | resolve_objects | retention
    params      VARCHAR NOT NULL,          -- JSON
    username    VARCHAR NOT NULL,          -- who started it; the job runs with their rights
    state       VARCHAR NOT NULL,          -- queued | running | done | failed | cancelled
    created_at  TIMESTAMP NOT NULL,
    started_at  TIMESTAMP,
    finished_at TIMESTAMP,
    rows_done   BIGINT NOT NULL DEFAULT 0,
    rows_total  BIGINT NOT NULL DEFAULT 0,
    phase       VARCHAR,
    result      VARCHAR,                   -- JSON summary (counts), or the error message
    seq         BIGINT NOT NULL,           -- queue order
    cancel_requested BOOLEAN NOT NULL DEFAULT false  -- a running job stops at its next progress report
);
