-- match_keys_state.registrations holds a fingerprint of the registrations (count, newest ingest,
-- which records are excluded), not a count: name it so.
ALTER TABLE match_keys_state RENAME COLUMN registrations TO registrations_fingerprint;
