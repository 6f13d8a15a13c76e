-- Provenance of received versions, the log hash of signed versions and the cache of this node's
-- origin signatures, PostgreSQL flavour. Keep in step with ../sqlite/V6__provenance.sql.
-- docs/federation.md (Provenance, Signatures on egress), docs/integrity.md (Log entries).

-- Where a version this node did not originate came from (org.concord.store.Origin). Sparse: a
-- version originated here has no row. Written in the transaction that first stores the version,
-- never updated: the first route a version arrived by wins, as its first bytes do.
CREATE TABLE version_origin (
    version_seq      BIGINT  PRIMARY KEY REFERENCES object_version (seq),
    origin_node      TEXT    NOT NULL,   -- the node (or feed:NAME) that originated the version
    origin_country   TEXT,               -- ISO 3166-1 alpha-2 of the origin's member; NULL if unknown
    path             TEXT    NOT NULL,   -- the nodes it passed through, origin first, sender last, one per line
    may_reshare      BOOLEAN NOT NULL,   -- whether this node may pass it on
    from_party       TEXT    NOT NULL,   -- the pinned peer or feed it was received from (the last of path)
    signature_status TEXT    NOT NULL    -- VALID, UNKNOWN_SIGNER or UNSIGNED (Origin.Signature)
);

-- The SHA-256 a version's transparency-log entry records, when it is not object_version.sha256:
-- the entry hashes the object without Concord's origin-signature extension (docs/integrity.md, log
-- entries), so a signed version has the same leaf at its origin and at every receiver. NULL for
-- the versions that carry no signature (nearly all), whose entry hashes exactly their bytes.
ALTER TABLE object_version ADD COLUMN log_sha256 BYTEA;

-- This node's Ed25519 origin signatures, each computed once: keyed by the SHA-256 of the bytes
-- signed (RFC 8785 JSON of the object without the signature extension), for versions originated
-- here and for copies the egress policy altered. Rows are only added.
CREATE TABLE origin_signature (
    sha256    BYTEA PRIMARY KEY,  -- 32 bytes
    signature BYTEA NOT NULL      -- 64 bytes, by the node key
);
