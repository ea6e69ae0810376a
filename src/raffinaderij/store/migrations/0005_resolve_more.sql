-- Entity resolution, Dutch layer 2: double-surname parts, roepnaam fit; link_new lookups.
ALTER TABLE resolve_frame ADD COLUMN surname_first VARCHAR;
ALTER TABLE resolve_frame ADD COLUMN surname_last VARCHAR;
ALTER TABLE resolve_frame ADD COLUMN surname_first_key VARCHAR;
ALTER TABLE resolve_frame ADD COLUMN surname_last_key VARCHAR;
ALTER TABLE resolve_frame ADD COLUMN given_fits VARCHAR;
-- Hashed blocking keys of resolve_frame (resolve/blockkeys.py): link_new looks candidates up here
-- with one join instead of one scan of the frame per blocking rule.
CREATE TABLE resolve_keys (
    key       UBIGINT NOT NULL,
    unique_id VARCHAR NOT NULL
);
