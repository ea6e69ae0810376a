-- What an analyst typed about a person does not outlive the person (issue 12): a destruction
-- redacts the audit fields holding a value only the destroyed registrations held. One row per
-- redacted audit row: its number, the fields, the hash of its redacted content. A chained
-- re-anchor row records the batch's digest, so `verify` accepts exactly these redactions and a
-- row changed here shows as altered. Numbers, field names and hashes only: no value.
CREATE TABLE audit_redactions (
    batch         VARCHAR NOT NULL,
    seq           BIGINT NOT NULL,
    fields        VARCHAR[] NOT NULL,
    redacted_hash VARCHAR NOT NULL
);
