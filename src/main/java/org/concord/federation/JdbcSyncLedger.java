package org.concord.federation;

import static org.concord.store.Database.instant;
import static org.concord.store.Database.micros;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.store.Database;

/** {@link SyncLedger} in SQL that SQLite and PostgreSQL both speak. */
final class JdbcSyncLedger implements SyncLedger {
    private static final String FEED_COLUMNS = "name, url, collection, into_collection, auth, user_name, secret_file, ca_file,"
            + " allow_http, may_reshare, added_us";

    private final Database db;

    JdbcSyncLedger(Database db) {
        this.db = db;
    }

    // ---- peers

    @Override
    public PeerFlags peerFlags(String peer) {
        return db.query("reading the sync flags of " + peer, "SELECT pull, push FROM sync_peer WHERE name = ?",
                rs -> rs.next() ? new PeerFlags(rs.getBoolean(1), rs.getBoolean(2)) : PeerFlags.DEFAULT, peer);
    }

    @Override
    public void setPeerFlags(String peer, PeerFlags flags) {
        db.update("setting the sync flags of " + peer, "INSERT INTO sync_peer (name, pull, push) VALUES (?, ?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET pull = excluded.pull, push = excluded.push", peer, flags.pull(), flags.push());
    }

    @Override
    public void forget(String party) {
        db.write("forgetting what sync kept of " + party, c -> {
            forget(c, party);
            return null;
        });
    }

    private static void forget(Connection c, String party) throws SQLException {
        for (String sql : List.of("DELETE FROM sync_peer WHERE name = ?", "DELETE FROM sync_checkpoint WHERE party = ?",
                "DELETE FROM sync_cursor WHERE peer = ?", "DELETE FROM sync_state WHERE party = ?",
                "DELETE FROM sync_error WHERE party = ?", "DELETE FROM sync_withheld WHERE peer = ?")) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, party);
                ps.executeUpdate();
            }
        }
    }

    // ---- feeds

    @Override
    public void addFeed(Feed f) {
        db.write("adding feed " + f.name(), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM sync_feed WHERE name = ?")) {
                ps.setString(1, f.name());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) throw new ConcordException(ErrorCode.ALREADY_EXISTS, "a feed named " + f.name() + " exists (concord feed list)");
                }
            }
            String user = f.auth() instanceof FeedAuth.Basic b ? b.user() : null;
            Path secret = switch (f.auth()) {
                case FeedAuth.None n -> null;
                case FeedAuth.Basic b -> b.passwordFile();
                case FeedAuth.Bearer b -> b.tokenFile();
            };
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sync_feed (" + FEED_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                Database.bind(ps, f.name(), f.url().toString(), f.collection(), f.into(), f.auth().kind(), user,
                        secret == null ? null : secret.toString(), f.caFile() == null ? null : f.caFile().toString(),
                        f.allowHttp(), f.mayReshare(), micros(f.added()));
                ps.executeUpdate();
            }
            forget(c, f.party()); // a feed added again under an old name starts afresh
            return null;
        });
    }

    @Override
    public Optional<Feed> feed(String name) {
        return db.query("reading feed " + name, "SELECT " + FEED_COLUMNS + " FROM sync_feed WHERE name = ?",
                rs -> rs.next() ? Optional.of(feed(rs)) : Optional.<Feed>empty(), name);
    }

    @Override
    public List<Feed> feeds() {
        return db.query("listing the feeds", "SELECT " + FEED_COLUMNS + " FROM sync_feed ORDER BY name", rs -> {
            List<Feed> out = new ArrayList<>();
            while (rs.next()) out.add(feed(rs));
            return out;
        });
    }

    @Override
    public boolean removeFeed(String name) {
        return db.write("removing feed " + name, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM sync_feed WHERE name = ?")) {
                ps.setString(1, name);
                if (ps.executeUpdate() == 0) return false;
            }
            forget(c, Feed.PREFIX + name);
            return true;
        });
    }

    private static Feed feed(ResultSet rs) throws SQLException {
        String secret = rs.getString(7);
        FeedAuth auth = switch (rs.getString(5)) {
            case "basic" -> new FeedAuth.Basic(rs.getString(6), Path.of(secret));
            case "bearer" -> new FeedAuth.Bearer(Path.of(secret));
            default -> new FeedAuth.None();
        };
        String ca = rs.getString(8);
        return new Feed(rs.getString(1), URI.create(rs.getString(2)), rs.getString(3), rs.getString(4), auth,
                ca == null ? null : Path.of(ca), rs.getBoolean(9), rs.getBoolean(10), instant(rs.getLong(11)));
    }

    // ---- pull checkpoints

    @Override
    public Optional<Checkpoint> checkpoint(String party, String remoteCollection) {
        return db.query("reading the pull checkpoint of " + party + " in " + remoteCollection,
                "SELECT party, remote_collection, added_after, updated_us FROM sync_checkpoint"
                + " WHERE party = ? AND remote_collection = ?",
                rs -> rs.next() ? Optional.of(checkpoint(rs)) : Optional.<Checkpoint>empty(), party, remoteCollection);
    }

    @Override
    public List<Checkpoint> checkpoints(String party) {
        return db.query("reading the pull checkpoints of " + party,
                "SELECT party, remote_collection, added_after, updated_us FROM sync_checkpoint WHERE party = ?"
                + " ORDER BY remote_collection", rs -> {
            List<Checkpoint> out = new ArrayList<>();
            while (rs.next()) out.add(checkpoint(rs));
            return out;
        }, party);
    }

    private static Checkpoint checkpoint(ResultSet rs) throws SQLException {
        return new Checkpoint(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs.getLong(4)));
    }

    @Override
    public void advanceCheckpoint(String party, String remoteCollection, String addedAfter, Instant now) {
        db.update("advancing the pull checkpoint of " + party + " in " + remoteCollection,
                "INSERT INTO sync_checkpoint (party, remote_collection, added_after, updated_us) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (party, remote_collection) DO UPDATE SET added_after = excluded.added_after,"
                + " updated_us = excluded.updated_us", party, remoteCollection, addedAfter, micros(now));
    }

    // ---- push cursors

    @Override
    public Optional<Instant> cursor(String peer, String collectionId) {
        return db.query("reading the push cursor of " + peer + " in " + collectionId,
                "SELECT date_added_us FROM sync_cursor WHERE peer = ? AND collection_id = ?",
                rs -> rs.next() ? Optional.of(instant(rs.getLong(1))) : Optional.<Instant>empty(), peer, collectionId);
    }

    @Override
    public void advanceCursor(String peer, String collectionId, Instant dateAdded, Instant now) {
        db.update("advancing the push cursor of " + peer + " in " + collectionId,
                "INSERT INTO sync_cursor (peer, collection_id, date_added_us, updated_us) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (peer, collection_id) DO UPDATE SET date_added_us = CASE WHEN excluded.date_added_us"
                + " > sync_cursor.date_added_us THEN excluded.date_added_us ELSE sync_cursor.date_added_us END,"
                + " updated_us = excluded.updated_us", peer, collectionId, micros(dateAdded), micros(now));
    }

    // ---- what push held back (V13)

    private static final String HELD_COLUMNS = "peer, collection_id, date_added_us, object_id, version, rule, reason, terms";

    @Override
    public Optional<PushCursor> pushCursor(String peer, String collectionId) {
        return db.query("reading the push cursor of " + peer + " in " + collectionId,
                "SELECT date_added_us, terms FROM sync_cursor WHERE peer = ? AND collection_id = ?",
                rs -> rs.next() ? Optional.of(new PushCursor(instant(rs.getLong(1)), rs.getString(2))) : Optional.<PushCursor>empty(),
                peer, collectionId);
    }

    @Override
    public boolean advanceCursor(String peer, String collectionId, Instant from, Instant to, Instant now, List<HeldBack> withheld,
                                 String terms) {
        return db.write("advancing the push cursor of " + peer + " in " + collectionId, c -> {
            int moved = from == null
                    ? run(c, "INSERT INTO sync_cursor (peer, collection_id, date_added_us, updated_us, terms) VALUES (?, ?, ?, ?, ?)"
                            + " ON CONFLICT (peer, collection_id) DO NOTHING", peer, collectionId, micros(to), micros(now), terms)
                    : run(c, "UPDATE sync_cursor SET date_added_us = ?, updated_us = ? WHERE peer = ? AND collection_id = ?"
                            + " AND date_added_us = ?", micros(to), micros(now), peer, collectionId, micros(from));
            if (moved == 0) return false;
            upsertHeld(c, withheld, true);
            return true;
        });
    }

    /** Writes held-back rows: replacing rows of the same entries, or leaving them. */
    private static void upsertHeld(Connection c, List<HeldBack> rows, boolean replace) throws SQLException {
        if (rows.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sync_withheld (" + HELD_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (peer, collection_id, date_added_us) DO " + (replace ? "UPDATE SET object_id = excluded.object_id,"
                + " version = excluded.version, rule = excluded.rule, reason = excluded.reason, terms = excluded.terms" : "NOTHING"))) {
            for (HeldBack h : rows) {
                Database.bind(ps, h.peer(), h.collectionId(), micros(h.dateAdded()), clip(h.objectId()), clip(h.version()), h.rule(),
                        h.reason().length() > 2_000 ? h.reason().substring(0, 2_000) + "…" : h.reason(), h.terms());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Override
    public List<HeldBack> heldBack(String peer, String collectionId, String terms, Instant after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + HELD_COLUMNS + " FROM sync_withheld WHERE peer = ? AND collection_id = ?");
        List<Object> args = new ArrayList<>(List.of(peer, collectionId));
        if (terms != null) {
            sql.append(" AND terms <> ?");
            args.add(terms);
        }
        if (after != null) {
            sql.append(" AND date_added_us > ?");
            args.add(micros(after));
        }
        sql.append(" ORDER BY date_added_us LIMIT ?");
        args.add(limit);
        return db.query("reading what a push to " + peer + " held back", sql.toString(), rs -> {
            List<HeldBack> out = new ArrayList<>();
            while (rs.next()) out.add(held(rs));
            return out;
        }, args.toArray());
    }

    private static HeldBack held(ResultSet rs) throws SQLException {
        return new HeldBack(rs.getString(1), rs.getString(2), instant(rs.getLong(3)), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8));
    }

    @Override
    public void reviewed(String peer, String collectionId, List<Instant> gone, List<HeldBack> still) {
        db.write("recording the review of what a push to " + peer + " held back", c -> {
            if (!gone.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM sync_withheld WHERE peer = ? AND collection_id = ?"
                        + " AND date_added_us = ?")) {
                    for (Instant t : gone) {
                        Database.bind(ps, peer, collectionId, micros(t));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            upsertHeld(c, still, true);
            return null;
        });
    }

    @Override
    public void addHeldBack(List<HeldBack> rows) {
        db.write("recording what a push held back", c -> {
            upsertHeld(c, rows, false);
            return null;
        });
    }

    @Override
    public void heldBackFound(String peer, String collectionId) {
        db.update("marking what a push to " + peer + " held back",
                "UPDATE sync_cursor SET terms = '' WHERE peer = ? AND collection_id = ? AND terms IS NULL", peer, collectionId);
    }

    @Override
    public boolean settleTerms(String peer, String collectionId, String terms) {
        return db.write("settling the terms of the push to " + peer + " in " + collectionId, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE sync_cursor SET terms = ? WHERE peer = ? AND collection_id = ?"
                    + " AND NOT EXISTS (SELECT 1 FROM sync_withheld w WHERE w.peer = ? AND w.collection_id = ? AND w.terms <> ?)")) {
                Database.bind(ps, terms, peer, collectionId, peer, collectionId, terms);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public List<HeldBack.Count> heldBackCounts(String peer) {
        return db.read("counting what a push to " + peer + " held back", c -> {
            List<HeldBack.Count> out = new ArrayList<>();
            List<Object[]> counts = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT rule, COUNT(*) FROM sync_withheld WHERE peer = ? GROUP BY rule"
                    + " ORDER BY COUNT(*) DESC, rule")) {
                Database.bind(ps, peer);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) counts.add(new Object[] {rs.getString(1), rs.getLong(2)});
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT " + HELD_COLUMNS + " FROM sync_withheld WHERE peer = ? AND rule = ?"
                    + " ORDER BY collection_id, date_added_us LIMIT 1")) {
                for (Object[] rc : counts) {
                    Database.bind(ps, peer, rc[0]);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) out.add(new HeldBack.Count((String) rc[0], (Long) rc[1], held(rs)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public int rewindCursor(String peer, String collectionId, Instant after, Instant now) {
        String which = collectionId == null ? "" : " AND collection_id = ?";
        Object[] key = collectionId == null ? new Object[] {peer} : new Object[] {peer, collectionId};
        return db.write("rewinding the push cursor of " + peer, c -> {
            int moved;
            if (after == null) {
                moved = run(c, "DELETE FROM sync_cursor WHERE peer = ?" + which, key);
                run(c, "DELETE FROM sync_withheld WHERE peer = ?" + which, key);
            } else {
                long t = micros(after);
                moved = run(c, "UPDATE sync_cursor SET date_added_us = ?, updated_us = ? WHERE peer = ?" + which
                        + " AND date_added_us > ?", concat(new Object[] {t, micros(now)}, key, t));
                run(c, "DELETE FROM sync_withheld WHERE peer = ?" + which + " AND date_added_us > ?", concat(new Object[0], key, t));
            }
            return moved;
        });
    }

    @Override
    public int rewindCheckpoint(String party, String remoteCollection, String addedAfter, Instant now) {
        if (addedAfter == null) {
            return db.write("rewinding the pull checkpoints of " + party, c -> remoteCollection == null ? run(c,
                    "DELETE FROM sync_checkpoint WHERE party = ?", party)
                    : run(c, "DELETE FROM sync_checkpoint WHERE party = ? AND remote_collection = ?", party, remoteCollection));
        }
        Instant to = Instant.parse(addedAfter);
        List<Checkpoint> kept = checkpoints(party);
        return db.write("rewinding the pull checkpoints of " + party, c -> {
            int moved = 0;
            for (Checkpoint k : kept) {
                if (remoteCollection != null && !remoteCollection.equals(k.remoteCollection())) continue;
                if (!after(k.addedAfter(), to)) continue; // already at or before it
                moved += run(c, "UPDATE sync_checkpoint SET added_after = ?, updated_us = ? WHERE party = ? AND remote_collection = ?",
                        addedAfter, micros(now), party, k.remoteCollection());
            }
            return moved;
        });
    }

    /** Whether the remote's timestamp {@code checkpoint} is after {@code t} (one that does not parse is taken as after). */
    private static boolean after(String checkpoint, Instant t) {
        try {
            return Instant.parse(checkpoint).isAfter(t);
        } catch (java.time.format.DateTimeParseException e) {
            return true;
        }
    }

    private static int run(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Database.bind(ps, args);
            return ps.executeUpdate();
        }
    }

    private static Object[] concat(Object[] head, Object[] key, long last) {
        Object[] out = java.util.Arrays.copyOf(head, head.length + key.length + 1);
        System.arraycopy(key, 0, out, head.length, key.length);
        out[out.length - 1] = last;
        return out;
    }

    // ---- outcomes

    @Override
    public void succeeded(String party, Direction direction, Instant now) {
        db.update("recording a sync success of " + party,
                "INSERT INTO sync_state (party, direction, last_success_us, failures) VALUES (?, ?, ?, 0)"
                + " ON CONFLICT (party, direction) DO UPDATE SET last_success_us = excluded.last_success_us, failures = 0",
                party, direction.label(), micros(now));
    }

    @Override
    public int failed(String party, Direction direction, String error, Instant now) {
        String message = error.length() > 2_000 ? error.substring(0, 2_000) + "…" : error;
        return db.write("recording a sync failure of " + party, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sync_state (party, direction, last_error, last_error_us,"
                    + " failures) VALUES (?, ?, ?, ?, 1) ON CONFLICT (party, direction) DO UPDATE SET"
                    + " last_error = excluded.last_error, last_error_us = excluded.last_error_us,"
                    + " failures = sync_state.failures + 1")) {
                Database.bind(ps, party, direction.label(), message, micros(now));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT failures FROM sync_state WHERE party = ? AND direction = ?")) {
                Database.bind(ps, party, direction.label());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : 1;
                }
            }
        });
    }

    @Override
    public Optional<PartyState> state(String party, Direction direction) {
        return db.query("reading the sync state of " + party,
                "SELECT last_success_us, last_error, last_error_us, failures FROM sync_state WHERE party = ? AND direction = ?",
                rs -> {
                    if (!rs.next()) return Optional.<PartyState>empty();
                    long success = rs.getLong(1);
                    Instant lastSuccess = rs.wasNull() ? null : instant(success);
                    String error = rs.getString(2);
                    long errorAt = rs.getLong(3);
                    Instant lastErrorAt = rs.wasNull() ? null : instant(errorAt);
                    return Optional.of(new PartyState(party, direction, lastSuccess, error, lastErrorAt, rs.getInt(4)));
                }, party, direction.label());
    }

    @Override
    public void recordErrors(List<SyncError> errors) {
        if (errors.isEmpty()) return;
        db.write("recording " + errors.size() + " sync errors", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sync_error (party, direction, at_us, object_id, version,"
                    + " reason) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (SyncError e : errors) {
                    String reason = e.reason().length() > 2_000 ? e.reason().substring(0, 2_000) + "…" : e.reason();
                    Database.bind(ps, e.party(), e.direction().label(), micros(e.at()), clip(e.objectId()), clip(e.version()), reason);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            for (String party : errors.stream().map(SyncError::party).distinct().toList()) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM sync_error WHERE party = ? AND seq <= (SELECT seq"
                        + " FROM sync_error WHERE party = ? ORDER BY seq DESC LIMIT 1 OFFSET " + ERRORS_KEPT + ")")) {
                    Database.bind(ps, party, party);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public List<SyncError> recentErrors(String party, int limit) {
        return db.query("reading the sync errors of " + party,
                "SELECT at_us, party, direction, object_id, version, reason FROM sync_error WHERE party = ?"
                + " ORDER BY seq DESC LIMIT ?", rs -> {
            List<SyncError> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new SyncError(instant(rs.getLong(1)), rs.getString(2), Direction.of(rs.getString(3)), rs.getString(4),
                        rs.getString(5), rs.getString(6)));
            }
            return out;
        }, party, limit);
    }

    private static String clip(String s) {
        return s.length() > 300 ? s.substring(0, 300) : s;
    }
}
