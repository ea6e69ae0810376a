-- Graph adjacency (issue 10): the statements again, keyed for lookup by the entity key they are
-- about, and every link statement a second time under the key it points to, so that a hop of
-- expand or path reads the rows of a few keys through an ART index instead of joining whole
-- tables. Derived and rebuilt in bulk after ingest (graph/adjacency.py); used only while
-- `graph_adjacency_state` says it was built from the statements as they are now.
CREATE TABLE graph_adjacency (
    lookup_key VARCHAR NOT NULL,  -- entity_key ('own', 'out') or the link's value ('in')
    dir        VARCHAR NOT NULL,  -- 'own': a value; 'out': a link from lookup_key; 'in': into it
    reg_key    VARCHAR NOT NULL,  -- the statement's columns, as in `statements`
    entity_key VARCHAR NOT NULL,
    schema     VARCHAR NOT NULL,
    prop       VARCHAR NOT NULL,
    value      VARCHAR NOT NULL,
    qualifier  VARCHAR
);
CREATE INDEX graph_adjacency_key ON graph_adjacency (lookup_key);
CREATE TABLE graph_adjacency_state (
    version       VARCHAR NOT NULL,  -- layout and link types it was built with
    statements    BIGINT NOT NULL,   -- the fingerprint of the statements it was built from
    registrations BIGINT NOT NULL,
    batches       BIGINT NOT NULL,
    newest        TIMESTAMP,
    built_at      TIMESTAMP NOT NULL
);
-- Key lookups on the live tables the guard's predicate and the id mapping read (constant keys
-- only: DuckDB uses an ART index for a filter on constants, never for a join).
CREATE INDEX registrations_reg_key ON registrations (reg_key);
CREATE INDEX entity_ids_key ON entity_ids (entity_key);
CREATE INDEX entity_ids_id ON entity_ids (entity_id);
