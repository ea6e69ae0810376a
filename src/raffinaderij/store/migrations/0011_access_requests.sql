-- Data-subject access requests (Wpg 25, issue 12): registered by the privacy officer with the
-- identity details and how they were checked; answered within 6 weeks (extendable), refused or
-- limited only on an art. 27 ground.
CREATE TABLE access_requests (
    request_id      VARCHAR NOT NULL PRIMARY KEY,
    registered_at   TIMESTAMP NOT NULL,
    registered_by   VARCHAR NOT NULL,
    given_name      VARCHAR NOT NULL,
    surname         VARCHAR NOT NULL,
    birth_date      DATE NOT NULL,
    bsn             VARCHAR,
    identity_check  VARCHAR NOT NULL,   -- how the identity was checked (document, desk, ...)
    deadline        DATE NOT NULL,      -- registered_at + 6 weeks
    extended_until  DATE,               -- an extension, with its reason
    extension_reason VARCHAR,
    status          VARCHAR NOT NULL CHECK (status IN ('open', 'answered', 'refused', 'limited')),
    art27_ground    VARCHAR,            -- required for refused and limited
    closed_at       TIMESTAMP
);
