-- Concord's versioned STIX store, embedded (SQLite) flavour. Keep in step with
-- ../postgresql/V1__versioned_store.sql: same tables, columns and indexes.
-- Times are microseconds since the epoch (UTC).

-- TAXII 2.1 §5.2 collections. pk is the compact key the entries carry.
CREATE TABLE collection (
    pk          INTEGER PRIMARY KEY,
    id          TEXT    NOT NULL UNIQUE,
    alias       TEXT    UNIQUE,
    title       TEXT    NOT NULL,
    description TEXT    NOT NULL
);

-- Every version ever stored, once, whatever collections hold it. seq is the order versions were
-- first stored; first_added (the date_added it was first stored with) increases with seq.
CREATE TABLE object_version (
    seq          INTEGER PRIMARY KEY,
    id_hash      INTEGER NOT NULL,   -- Rows.idHash(id): the lookup key (see below)
    id           TEXT    NOT NULL,
    version_key  TEXT    NOT NULL,   -- StixTimestamp.sortKey(modified, else created); '' if unversioned
    type         TEXT    NOT NULL,
    spec_version TEXT    NOT NULL,
    created      TEXT,               -- as written
    modified     TEXT,               -- as written
    revoked      BOOLEAN NOT NULL,
    marking_refs TEXT,               -- object_marking_refs, one per line ('\' and newline escaped); NULL if none
    canonical    BLOB    NOT NULL,   -- RFC 8785 canonical JSON
    sha256       BLOB    NOT NULL,
    first_added  INTEGER NOT NULL
);
-- Versions are found by a 64-bit hash of their id, not by the id text: ids are random, so every
-- import batch dirties leaves all over this index, and an 8-byte key keeps it a quarter of the
-- size of a text key (measured: 58k against 34k inserts/s at 1M versions). (id, version_key) is
-- unique by the write path, which looks the batch's ids up under the writer lock before inserting.
CREATE INDEX object_version_id_hash ON object_version (id_hash);
-- Where a scan for versions first stored after a time starts.
CREATE INDEX object_version_first_added ON object_version (first_added);

-- A version's membership in a collection. date_added strictly increases in commit order across
-- the whole store (hence within each collection); is_first / is_last mark the least and greatest
-- version key of the id in this collection, kept up to date on write and delete so reads never
-- compare versions. The fields TAXII filters on are copied here so a walk reads only entries; ids
-- are reached through object_version. Every index on entries grows at its end on import.
-- WITHOUT ROWID: the table is clustered by (collection, date_added), the order TAXII walks.
CREATE TABLE collection_entry (
    collection_pk INTEGER NOT NULL REFERENCES collection (pk),
    date_added    INTEGER NOT NULL,
    version_seq   INTEGER NOT NULL REFERENCES object_version (seq),
    version_key   TEXT    NOT NULL,
    type          TEXT    NOT NULL,
    spec_version  TEXT    NOT NULL,
    is_first      BOOLEAN NOT NULL,
    is_last       BOOLEAN NOT NULL,
    PRIMARY KEY (collection_pk, date_added)
) WITHOUT ROWID;
-- One entry per version and collection; how a write finds the entries of known versions.
CREATE UNIQUE INDEX collection_entry_version ON collection_entry (collection_pk, version_seq);
-- A walk filtered on one type reads this index in date_added order.
CREATE INDEX collection_entry_type ON collection_entry (collection_pk, type, date_added);

-- How many versions of each type are stored (countByType), kept by each write.
CREATE TABLE type_count (
    type     TEXT PRIMARY KEY,
    versions INTEGER NOT NULL
);

-- The last date_added handed out, read and advanced by each write under the writer lock.
CREATE TABLE write_clock (
    only_row   INTEGER PRIMARY KEY CHECK (only_row = 1),
    last_added INTEGER NOT NULL
);
INSERT INTO write_clock (only_row, last_added) VALUES (1, 0);
