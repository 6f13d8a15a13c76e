-- Origin signatures kept beside relayed versions, embedded (SQLite) flavour. Keep in step with
-- ../postgresql/V16__detached_signatures.sql. docs/integrity.md (where signatures travel and are
-- kept), docs/federation.md (x_concord_signatures, the receive path).
--
-- A version's bytes are its producer's: its origin signature travels beside the object (envelope
-- member x_concord_signatures), not inside it, and the receiver keeps the one it verified here,
-- with the version's origin, so that relaying sends it on. Written with the origin, in the
-- transaction that first stores the version, never updated: the first write wins, as for the bytes.
-- NULL for a version whose signature is inside its bytes (an older node's, a bundle imported by
-- hand) or that came unsigned; local versions have no row (this node signs them on egress, its
-- signatures cached in origin_signature by the SHA-256 of the bytes signed).
ALTER TABLE version_origin ADD COLUMN sig_key_fingerprint TEXT;   -- 64 hex: SHA-256 of the signing key's SubjectPublicKeyInfo
ALTER TABLE version_origin ADD COLUMN sig_signer TEXT;            -- who signed (the extension's signer)
ALTER TABLE version_origin ADD COLUMN sig_value BLOB;              -- the 64-byte Ed25519 signature
