-- The disclosure audit log of the egress policy (org.concord.policy), embedded (SQLite) flavour.
-- Keep in step with ../postgresql/V4__policy.sql: same table, columns and indexes.
-- Times are microseconds since the epoch (UTC).

-- One row per decision the egress policy made for a partner: which version, to whom, when, under
-- which rules, released or withheld. Append-only; seq is the order of recording.
CREATE TABLE disclosure (
    seq       INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    partner   TEXT    NOT NULL,
    object_id TEXT    NOT NULL,
    version   TEXT    NOT NULL,   -- modified, else created, as written; '' if unversioned
    released  BOOLEAN NOT NULL,
    rules     TEXT    NOT NULL,   -- rule ids, comma-separated (org.concord.policy.Rule)
    reason    TEXT,               -- why it was withheld; NULL if released
    sha256    TEXT                -- hex SHA-256 of the canonical bytes sent; NULL if withheld
);
-- concord audit --partner P, --object ID, --since T: each walks one index in seq order.
CREATE INDEX disclosure_partner ON disclosure (partner, seq);
CREATE INDEX disclosure_object ON disclosure (object_id, seq);
CREATE INDEX disclosure_at ON disclosure (at);
