-- Deterministic resolution of vehicles, phones, addresses, organisations, bank accounts and
-- documents (issue 10): the rule set version a designated approver approved (LAW-15), and each
-- run of it. Neither holds police data; the grouping itself lives in entity_ids.
CREATE TABLE rule_sets (
    version     VARCHAR NOT NULL PRIMARY KEY,
    rules_json  VARCHAR NOT NULL,                 -- what each rule reads and joins on, in words
    rules_hash  VARCHAR NOT NULL,                 -- sha256 of rules_json
    approved_by VARCHAR NOT NULL,
    approved_at TIMESTAMP NOT NULL
);
CREATE TABLE rule_runs (
    run_id        VARCHAR NOT NULL,
    rules_version VARCHAR NOT NULL,
    started_at    TIMESTAMP NOT NULL,
    report_json   VARCHAR NOT NULL               -- counts per type, no values
);
