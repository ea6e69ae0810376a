-- Issue 14: a person's vehicles (plates via drives / registeredKeeper) as supporting evidence.
ALTER TABLE resolve_frame ADD COLUMN plate_a VARCHAR;
ALTER TABLE resolve_frame ADD COLUMN plate_b VARCHAR;
