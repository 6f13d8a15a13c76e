-- Versions are found by the hash of their id through two small tables instead of an index on
-- object_version, embedded (SQLite) flavour. Keep in step with ../postgresql/V10__version_id_index.sql.
-- docs/architecture.md, "Finding versions by id".
--
-- Ids are random, so every import batch inserted into leaves all over the one id index, and each
-- commit wrote every leaf it touched to the WAL: at a million versions a batch of 10,000 rewrote
-- nearly the whole index, more bytes than the versions themselves. Now a new version's (id_hash, seq)
-- goes into version_id_recent, which stays small, and the writer moves the recent rows into
-- version_id in one sorted pass (each of its leaves written once) whenever version_id_recent has
-- grown large enough (BatchWrite.mergeAt). A lookup reads both tables.
CREATE TABLE version_id (
    id_hash INTEGER NOT NULL,   -- Rows.idHash(object_version.id)
    seq     INTEGER NOT NULL,   -- object_version.seq
    PRIMARY KEY (id_hash, seq)
) WITHOUT ROWID;

-- The versions stored since the last merge: exactly those with seq > write_clock.merged_seq.
CREATE TABLE version_id_recent (
    id_hash INTEGER NOT NULL,
    seq     INTEGER NOT NULL,
    PRIMARY KEY (id_hash, seq)
) WITHOUT ROWID;

ALTER TABLE write_clock ADD COLUMN merged_seq INTEGER NOT NULL DEFAULT 0;

INSERT INTO version_id (id_hash, seq) SELECT id_hash, seq FROM object_version ORDER BY id_hash, seq;
UPDATE write_clock SET merged_seq = (SELECT COALESCE(MAX(seq), 0) FROM object_version);
DROP INDEX object_version_id_hash;
