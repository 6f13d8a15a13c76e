-- Concord's versioned STIX store, PostgreSQL flavour. Keep in step with
-- ../sqlite/V1__versioned_store.sql: same tables, columns and indexes.
-- Times are microseconds since the epoch (UTC). Keys are COLLATE "C" so that text order is byte
-- order, whatever the database's locale: version keys compare as times only in byte order.

-- TAXII 2.1 §5.2 collections. pk is the compact key the entries carry.
CREATE TABLE collection (
    pk          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id          TEXT COLLATE "C" NOT NULL UNIQUE,
    alias       TEXT COLLATE "C" UNIQUE,
    title       TEXT NOT NULL,
    description TEXT NOT NULL
);

-- Every version ever stored, once, whatever collections hold it. seq is the order versions were
-- first stored (assigned under the writer lock); first_added increases with seq.
CREATE TABLE object_version (
    seq          BIGINT PRIMARY KEY,
    id_hash      BIGINT NOT NULL,             -- Rows.idHash(id): the lookup key, as on SQLite
    id           TEXT COLLATE "C" NOT NULL,
    version_key  TEXT COLLATE "C" NOT NULL,   -- StixTimestamp.sortKey(modified, else created); '' if unversioned
    type         TEXT COLLATE "C" NOT NULL,
    spec_version TEXT COLLATE "C" NOT NULL,
    created      TEXT,                        -- as written
    modified     TEXT,                        -- as written
    revoked      BOOLEAN NOT NULL,
    marking_refs TEXT,                        -- object_marking_refs, one per line ('\' and newline escaped); NULL if none
    canonical    BYTEA NOT NULL,              -- RFC 8785 canonical JSON
    sha256       BYTEA NOT NULL,
    first_added  BIGINT NOT NULL,
    CONSTRAINT object_version_key UNIQUE (id, version_key) -- a guard: several processes may write here
);
CREATE INDEX object_version_id_hash ON object_version (id_hash);
-- Where a scan for versions first stored after a time starts.
CREATE INDEX object_version_first_added ON object_version (first_added);

-- A version's membership in a collection. date_added strictly increases in commit order across
-- the whole store (hence within each collection); is_first / is_last mark the least and greatest
-- version key of the id in this collection, kept up to date on write and delete so reads never
-- compare versions. The fields TAXII filters on are copied here so a walk reads only entries; ids
-- are reached through object_version. Every index on entries grows at its end on import.
CREATE TABLE collection_entry (
    collection_pk BIGINT NOT NULL REFERENCES collection (pk),
    date_added    BIGINT NOT NULL,
    version_seq   BIGINT NOT NULL REFERENCES object_version (seq),
    version_key   TEXT COLLATE "C" NOT NULL,
    type          TEXT COLLATE "C" NOT NULL,
    spec_version  TEXT COLLATE "C" NOT NULL,
    is_first      BOOLEAN NOT NULL,
    is_last       BOOLEAN NOT NULL,
    PRIMARY KEY (collection_pk, date_added)
);
-- One entry per version and collection; how a write finds the entries of known versions.
CREATE UNIQUE INDEX collection_entry_version ON collection_entry (collection_pk, version_seq);
-- A walk filtered on one type reads this index in date_added order.
CREATE INDEX collection_entry_type ON collection_entry (collection_pk, type, date_added);

-- How many versions of each type are stored (countByType), kept by each write.
CREATE TABLE type_count (
    type     TEXT COLLATE "C" PRIMARY KEY,
    versions BIGINT NOT NULL
);

-- The last date_added handed out, read and advanced by each write under the writer lock.
CREATE TABLE write_clock (
    only_row   SMALLINT PRIMARY KEY CHECK (only_row = 1),
    last_added BIGINT NOT NULL
);
INSERT INTO write_clock (only_row, last_added) VALUES (1, 0);
