-- The handling level of versions that carry no TLP marking, PostgreSQL flavour. Keep in
-- step with ../sqlite/V11__handling.sql. docs/sovereignty.md (effective TLP), docs/federation.md.
--
-- A version's bytes are its producer's; the TLP level this node was told to handle an unmarked
-- version at (import --tlp, or the level a Concord peer sent beside it) is node metadata, kept
-- here beside the version (org.concord.store.StoredVersion#handling). Sparse: most versions have
-- no row (a TLP marking of their own, or the node's default_tlp at decision time). Written in the
-- transaction that first stores the version, never updated: the first write wins, as for the
-- bytes and the origin.
CREATE TABLE version_handling (
    version_seq BIGINT  PRIMARY KEY REFERENCES object_version (seq),
    tlp         TEXT    NOT NULL    -- org.concord.stix.Tlp name: CLEAR, GREEN, AMBER, AMBER_STRICT, RED
);
