-- Sync between nodes and from feeds (org.concord.federation, docs/federation.md), PostgreSQL
-- flavour. Keep in step with ../sqlite/V7__sync.sql: same tables, columns and indexes.
-- Times are microseconds since the epoch (UTC). A party is a peer's name (as pinned in
-- taxii_partner) or feed:NAME.

-- Which ways sync runs with each pinned peer; a peer without a row is pushed to and not pulled from.
CREATE TABLE sync_peer (
    name        TEXT    PRIMARY KEY,
    pull        BOOLEAN NOT NULL,   -- read its collections each round (peer add --pull)
    push        BOOLEAN NOT NULL    -- send it what its outbound agreement releases (off: peer add --no-push)
);

-- TAXII 2.1 servers pulled from (concord feed add). Secrets are never stored: only the file they
-- are read from at each round.
CREATE TABLE sync_feed (
    name            TEXT    PRIMARY KEY,
    url             TEXT    NOT NULL,   -- discovery URL (or an API root)
    collection      TEXT    NOT NULL,   -- the remote collection id
    into_collection TEXT    NOT NULL,   -- local collection alias or id
    auth            TEXT    NOT NULL,   -- none, basic or bearer
    user_name       TEXT,               -- basic only
    secret_file     TEXT,               -- absolute path of the password (basic) or token (bearer) file
    ca_file         TEXT,               -- absolute path of the PEM certificate(s) to trust; NULL: the JDK's CAs
    allow_http      BOOLEAN NOT NULL,
    may_reshare     BOOLEAN NOT NULL,
    added_us        BIGINT  NOT NULL
);

-- Pull: the remote's X-TAXII-Date-Added-Last of the last page whose objects were committed, verbatim.
CREATE TABLE sync_checkpoint (
    party             TEXT   NOT NULL,
    remote_collection TEXT   NOT NULL,
    added_after       TEXT   NOT NULL,
    updated_us        BIGINT NOT NULL,   -- this node's clock, when it last advanced
    PRIMARY KEY (party, remote_collection)
);

-- Push: date_added (this node's) of the last local entry of the collection the peer acknowledged.
CREATE TABLE sync_cursor (
    peer          TEXT   NOT NULL,
    collection_id TEXT   NOT NULL,
    date_added_us BIGINT NOT NULL,
    updated_us    BIGINT NOT NULL,
    PRIMARY KEY (peer, collection_id)
);

-- The outcome of the last rounds per party and direction (pull, push).
CREATE TABLE sync_state (
    party           TEXT    NOT NULL,
    direction       TEXT    NOT NULL,
    last_success_us BIGINT,
    last_error      TEXT,
    last_error_us   BIGINT,
    failures        INTEGER NOT NULL,   -- consecutive failed rounds (backoff)
    PRIMARY KEY (party, direction)
);

-- Objects refused during sync (validation, agreement, signature, the receiver's status), newest kept.
CREATE TABLE sync_error (
    seq        BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    party      TEXT    NOT NULL,
    direction  TEXT    NOT NULL,
    at_us      BIGINT  NOT NULL,
    object_id  TEXT    NOT NULL,   -- '' when the error concerns no one object
    version    TEXT    NOT NULL,
    reason     TEXT    NOT NULL
);
CREATE INDEX sync_error_party ON sync_error (party, seq);
