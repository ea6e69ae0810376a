-- Accountability (issue 12, second round).
-- Parts of an access request's answer withheld on a Wpg 27(1) ground: one row per registration
-- the privacy officer withholds; the answer says it is withheld and on which ground.
CREATE TABLE access_withholdings (
    request_id   VARCHAR NOT NULL,
    reg_key      VARCHAR NOT NULL,
    ground       VARCHAR NOT NULL,     -- Wpg 27(1) a-f
    reason       VARCHAR NOT NULL,
    withheld_by  VARCHAR NOT NULL,
    withheld_at  TIMESTAMP NOT NULL
);
-- Wpg 28: recipients of earlier provisions are told of a rectification or destruction. One row
-- per provision that held an item of the registration; no value and no registration key (a
-- destroyed key must not survive here), only which provided properties it concerns.
CREATE TABLE provision_notifications (
    notification_id VARCHAR NOT NULL PRIMARY KEY,
    provision_id    VARCHAR NOT NULL,
    signal_id       VARCHAR NOT NULL,
    recipient_id    VARCHAR NOT NULL,
    organisation    VARCHAR NOT NULL,
    kind            VARCHAR NOT NULL CHECK (kind IN ('rectified', 'destroyed')),
    props           VARCHAR[] NOT NULL,  -- the provided items of that registration
    made_by         VARCHAR NOT NULL,
    made_at         TIMESTAMP NOT NULL
);
