-- Opaque, stable entity ids (issue 9): every entity-in-source key maps to an id that carries no
-- record key, so an id in an answer never names a record the reader may not see. Resolved
-- clusters share one id; ids are carried over by member overlap when clusters change.
CREATE TABLE entity_ids (
    entity_key VARCHAR NOT NULL,
    entity_id  VARCHAR NOT NULL
);
INSERT INTO entity_ids
WITH keys AS (
    SELECT k.entity_key, coalesce(ec.entity_id, k.entity_key) AS grp
    FROM (SELECT DISTINCT entity_key FROM statements) k
    LEFT JOIN entity_clusters ec ON ec.entity_key = k.entity_key
),
groups AS (
    SELECT grp, 'e' || substr(md5(gen_random_uuid()::VARCHAR), 1, 20) AS entity_id
    FROM (SELECT DISTINCT grp FROM keys)
)
SELECT k.entity_key, g.entity_id FROM keys k JOIN groups g ON g.grp = k.grp;
UPDATE entity_clusters SET entity_id = i.entity_id
FROM entity_ids i WHERE i.entity_key = entity_clusters.entity_key;
