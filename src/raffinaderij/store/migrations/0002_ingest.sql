-- Ingest: every alteration of a stored registration by a later batch (LAW-11 "alteration").
CREATE TABLE registration_alterations (
    batch_id   VARCHAR NOT NULL,   -- the batch that brought the changed record
    reg_key    VARCHAR NOT NULL,
    old_hash   VARCHAR NOT NULL,   -- content_hash before
    new_hash   VARCHAR NOT NULL,   -- content_hash after
    altered_at TIMESTAMP NOT NULL
);
