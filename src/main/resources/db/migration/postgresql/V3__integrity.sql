-- The node's transparency log (org.concord.integrity, RFC 9162 §2.1 Merkle tree), PostgreSQL
-- flavour. Keep in step with ../sqlite/V3__integrity.sql.
--
-- Leaf i (from 0) records the version with object_version.seq = i + 1. Only hashes of perfect
-- subtrees are kept, each once it is complete: the subtree of 2^level leaves starting at leaf
-- index * 2^level sits at pos = level * 2^57 + index (level 0: the leaf hashes). Every root and
-- proof is then a fold of O(log n) of them. Rows are only ever added.
CREATE TABLE log_node (
    pos  BIGINT PRIMARY KEY,
    hash BYTEA  NOT NULL    -- 32 bytes, SHA-256
);

-- How many leaves the log holds; moved forward by each append under the writer lock.
CREATE TABLE log_state (
    only_row  SMALLINT PRIMARY KEY CHECK (only_row = 1),
    tree_size BIGINT   NOT NULL
);
INSERT INTO log_state (only_row, tree_size) VALUES (1, 0);
