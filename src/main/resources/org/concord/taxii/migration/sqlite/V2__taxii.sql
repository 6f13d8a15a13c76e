-- TAXII server state: API tokens (hashed), per-collection rights, pinned partners, statuses.
-- Times are microseconds since the epoch (UTC).

CREATE TABLE taxii_token (
    id            TEXT    PRIMARY KEY,          -- public part of the token, hex
    member        TEXT    NOT NULL,
    secret_sha256 TEXT    NOT NULL,             -- SHA-256 of the secret part, hex; the secret is never stored
    created_us    BIGINT  NOT NULL,
    revoked_us    BIGINT
);
CREATE INDEX taxii_token_member ON taxii_token (member);

CREATE TABLE taxii_right (
    principal     TEXT    NOT NULL,             -- member:NAME or partner:NAME
    collection_id TEXT    NOT NULL,
    can_read      INTEGER NOT NULL,
    can_write     INTEGER NOT NULL,
    PRIMARY KEY (principal, collection_id)
);

CREATE TABLE taxii_partner (
    name          TEXT    PRIMARY KEY,
    spki_sha256   TEXT    NOT NULL UNIQUE,      -- pinned SHA-256 of the certificate's SubjectPublicKeyInfo, hex
    added_us      BIGINT  NOT NULL
);

CREATE TABLE taxii_status (
    id            TEXT    PRIMARY KEY,
    collection_id TEXT    NOT NULL,
    owner         TEXT    NOT NULL,             -- member:NAME or partner:NAME; only the owner reads it
    requested_us  BIGINT  NOT NULL,
    complete      INTEGER NOT NULL
);
CREATE INDEX taxii_status_requested ON taxii_status (requested_us);

CREATE TABLE taxii_status_detail (
    status_id     TEXT    NOT NULL,
    seq           INTEGER NOT NULL,
    outcome       TEXT    NOT NULL,             -- success, failure, pending
    object_id     TEXT    NOT NULL,
    version       TEXT    NOT NULL,
    message       TEXT,
    PRIMARY KEY (status_id, seq)
);
