-- Saved link charts (issue 10) and the pictures of charts cited in products (issue 11).
-- A saved chart is its *recipe* (seed entity ids, the expansions and paths asked, hidden ids,
-- layout positions), never a copy of police data: opening it re-runs the recipe under the
-- reader's guard, so it never shows what its reader may not see now.
CREATE TABLE charts (
    chart_id    VARCHAR NOT NULL PRIMARY KEY,   -- opaque: 'c' + hex
    case_id     VARCHAR NOT NULL,
    title       VARCHAR NOT NULL,
    recipe      VARCHAR NOT NULL,               -- JSON: seeds, expansions, paths, hidden, pinned, positions
    created_by  VARCHAR NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
-- A chart section of a product: where each node of the snapshot stands and which nodes each
-- link joins, by number only ("n1", "e1": the row labels of its facts in product_facts). What a
-- node or link *is* lives in product_facts and is re-read under the reader's guard.
CREATE TABLE product_layouts (
    product_id  VARCHAR NOT NULL,
    version     INTEGER NOT NULL,
    section_no  INTEGER NOT NULL,
    layout      VARCHAR NOT NULL                -- JSON: {"nodes": {"n1": [x, y]}, "edges": {"e1": ["n1", "n2"]}}
);
