-- Ingest: the work a committed batch still owes (its rejects report, linking its new people),
-- recorded as pending in the batch's own transaction and resumed after a crash (issue 15).
CREATE TABLE ingest_jobs (
    batch_id     VARCHAR NOT NULL,   -- the batch that owes the work
    username     VARCHAR NOT NULL,   -- who ran the ingest (the link is audited under this name)
    purpose      VARCHAR,
    rejects_dir  VARCHAR,            -- where its rejects report goes ('' = none)
    state        VARCHAR NOT NULL,   -- 'pending' | 'done'
    created_at   TIMESTAMP NOT NULL,
    finished_at  TIMESTAMP
);
