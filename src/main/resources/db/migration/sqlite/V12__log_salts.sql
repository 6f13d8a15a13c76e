-- The transparency log's leaves become hiding commitments (docs/integrity.md, log entries), embedded
-- (SQLite) flavour. Keep in step with ../postgresql/V12__log_salts.sql.
--
-- Each version gets a secret salt of 32 random bytes that its log entry commits to, so that a leaf
-- hash tells nothing of the version to someone who does not hold both the object and the salt (a
-- RED ipv4-addr was recovered from the old leaves by hashing the 256 addresses of a /24). The salt
-- is drawn by the node (java.security.SecureRandom) when the version is first stored, in the write
-- transaction that logs it, and never changes; the node gives it only with an inclusion proof, to
-- whom it released the version.
ALTER TABLE object_version ADD COLUMN log_salt BLOB;

-- The leaves of the old log commit to no salt: the log is rebuilt from the versions in store order
-- (org.concord.integrity.MerkleLog.catchUp, run by serve at start, or by the next write when at
-- most 10,000 versions are missing), and the versions stored before this migration are given
-- their salts then, as they are appended. The new tree has other roots than the old one: heads
-- partners recorded no longer match it (a one-time break before 1.0, docs/integrity.md).
DELETE FROM log_node;
UPDATE log_state SET tree_size = 0 WHERE only_row = 1;
