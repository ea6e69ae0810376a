-- Destruction reaches products, signals and provisions (issue 12): a fact or item citing a
-- destroyed registration keeps its number, property and level but loses the registration key,
-- the entity key and the value's hash (an unsalted sha256 of a BSN or a plate is reversible by
-- brute force); it keeps why: the tombstone's salted hash, when, and by term or on request.
ALTER TABLE product_facts ALTER COLUMN reg_key DROP NOT NULL;
ALTER TABLE product_facts ALTER COLUMN entity_key DROP NOT NULL;
ALTER TABLE product_facts ALTER COLUMN value_hash DROP NOT NULL;
ALTER TABLE product_facts ADD COLUMN reg_hash VARCHAR;          -- the tombstone's sha256(salt || reg_key)
ALTER TABLE product_facts ADD COLUMN destroyed_at TIMESTAMP;
ALTER TABLE product_facts ADD COLUMN destroyed_why VARCHAR;     -- 'term' | 'request'
ALTER TABLE signal_items ALTER COLUMN reg_key DROP NOT NULL;
ALTER TABLE signal_items ALTER COLUMN entity_key DROP NOT NULL;
ALTER TABLE signal_items ALTER COLUMN value_hash DROP NOT NULL;
ALTER TABLE signal_items ADD COLUMN reg_hash VARCHAR;
ALTER TABLE signal_items ADD COLUMN destroyed_at TIMESTAMP;
ALTER TABLE signal_items ADD COLUMN destroyed_why VARCHAR;
