-- Pinned peers (concord peer add) and what concord verify last saw of each peer's transparency log.
-- Same statements in ../sqlite and ../postgresql. Times are microseconds since the epoch (UTC).
ALTER TABLE taxii_partner ADD COLUMN url TEXT;            -- the peer's API root URL; NULL for a partner pinned without one
ALTER TABLE taxii_partner ADD COLUMN log_key TEXT;        -- the peer's Ed25519 log key (SubjectPublicKeyInfo, base64), first seen over the pinned channel
ALTER TABLE taxii_partner ADD COLUMN last_head TEXT;      -- the last signed tree head accepted, JSON (docs/integrity.md)
ALTER TABLE taxii_partner ADD COLUMN last_head_us BIGINT; -- when it was accepted
