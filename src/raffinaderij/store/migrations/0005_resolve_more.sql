-- Entity resolution, Dutch layer 2: double-surname parts, roepnaam fit; link_new lookups.
ALTER TABLE resolve_frame ADD COLUMN surname_first VARCHAR;
ALTER TABLE resolve_frame ADD COLUMN surname_last VARCHAR;
ALTER TABLE resolve_frame ADD COLUMN surname_first_key VARCHAR;
ALTER TABLE resolve_frame ADD COLUMN surname_last_key VARCHAR;
ALTER TABLE resolve_frame ADD COLUMN given_fits VARCHAR;
