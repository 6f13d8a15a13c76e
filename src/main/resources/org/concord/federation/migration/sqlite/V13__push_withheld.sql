-- What a push withheld from each peer, so that a changed agreement sends what it now releases
-- (org.concord.federation, docs/federation.md "Agreements that change"), embedded (SQLite) flavour.
-- Keep in step with ../postgresql/V13__push_withheld.sql: same tables, columns and indexes.
-- Times are microseconds since the epoch (UTC).

-- The terms (policy.EgressGate#terms: a SHA-256 of the outbound agreement and the node's default
-- TLP) under which every version withheld in this collection was last decided. NULL: the cursor
-- moved before this migration, what it passed over is not known yet; '' : it is, under no known terms.
ALTER TABLE sync_cursor ADD COLUMN terms TEXT;

-- One row per entry a push withheld from a peer and that has not gone to it since. When the terms
-- change these, and only these, are decided again; a row goes when its version is released, or
-- when the cursor is rewound before it (the entry is then decided again as a new one).
CREATE TABLE sync_withheld (
    peer          TEXT   NOT NULL,
    collection_id TEXT   NOT NULL,
    date_added_us BIGINT NOT NULL,   -- the entry's date_added (this node's)
    object_id     TEXT   NOT NULL,
    version       TEXT   NOT NULL,   -- modified, else created, as written; '' if unversioned
    rule          TEXT   NOT NULL,   -- the rule that withheld it (org.concord.policy.Rule id)
    reason        TEXT   NOT NULL,
    terms         TEXT   NOT NULL,   -- the terms it was last decided under
    PRIMARY KEY (peer, collection_id, date_added_us)
);
-- peer show: the count per rule and an example.
CREATE INDEX sync_withheld_rule ON sync_withheld (peer, rule);
