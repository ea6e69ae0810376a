-- Server-side sessions, login failures (throttling) and the register of orders (LAW-08).
CREATE TABLE sessions (
    session_hash VARCHAR NOT NULL PRIMARY KEY, -- sha256 of the random session id in the cookie
    username     VARCHAR NOT NULL,
    csrf_token   VARCHAR NOT NULL,             -- sent back on every state-changing request
    case_id      VARCHAR,                      -- the active case (LAW-05) and its stated purpose
    purpose      VARCHAR,
    created_at   TIMESTAMP NOT NULL,           -- absolute timeout counts from here
    last_seen    TIMESTAMP NOT NULL,           -- idle timeout counts from here
    ended_at     TIMESTAMP,                    -- logout, timeout or revocation
    end_reason   VARCHAR
);
CREATE TABLE login_failures (
    username  VARCHAR NOT NULL,                -- as typed: known and unknown names alike
    failed_at TIMESTAMP NOT NULL
);
-- Orders of the competent authority that allow combined processing across cases (Wpg 11(4)),
-- recorded by a lead of the case; a comparison names one that is in force.
CREATE TABLE orders (
    case_id      VARCHAR NOT NULL,
    reference    VARCHAR NOT NULL,             -- the order's own reference
    issued_by    VARCHAR NOT NULL,             -- the competent authority that gave it
    issued_on    DATE NOT NULL,
    valid_until  DATE,                         -- NULL: until revoked
    scope        VARCHAR NOT NULL,             -- what it allows, in the order's words
    recorded_by  VARCHAR NOT NULL,
    recorded_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (case_id, reference)
);
