package org.concord.fanout;

import static org.concord.store.Database.instant;
import static org.concord.store.Database.micros;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.concord.store.Database;

/**
 * Webhook delivery state in the node's own database, beside the store (tables of this package's
 * migration {@code V9__fanout.sql}, resources {@code org/concord/fanout/migration}, the same SQL on
 * SQLite and PostgreSQL): per endpoint, a cursor over the
 * alerts collection, the state of the delivery at the head of its queue, and the deliveries given up.
 *
 * <p>Several node processes may share one database: one of them at a time delivers to an endpoint,
 * the one holding its lease ({@link #claim}). Every change of an endpoint's state names the owner
 * and does nothing (returns false) for a process that lost the lease, and the cursor only moves
 * forward.
 */
public final class WebhookDatabase {
    private static final String COLUMNS = "endpoint, after_us, delivered, skipped, given_up, last_success_us, attempts,"
            + " first_failure_us, next_attempt_us, last_error, last_error_us, owner, lease_until_us";

    private final Database db;

    /** The webhook state on the node's database {@code db} (which its opener closes). */
    public WebhookDatabase(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /**
     * One endpoint's queue and delivery state.
     *
     * @param after        the cursor: date_added of the last alerts entry settled for it
     * @param attempts     failed attempts of the delivery at the head of its queue (0 when none failed)
     * @param firstFailure when that delivery first failed, or null
     * @param nextAttempt  when it is tried again, or null
     * @param owner        the process delivering to it, or null
     */
    public record EndpointState(String endpoint, Instant after, long delivered, long skipped, long givenUp, Instant lastSuccess,
                                int attempts, Instant firstFailure, Instant nextAttempt, String lastError, Instant lastErrorAt,
                                String owner, Instant leaseUntil) {}

    /** A delivery given up, and why. {@code status} is the last HTTP status, null when no answer came. */
    public record GivenUp(long seq, String endpoint, String deliveryId, String objectId, String version, Instant dateAdded,
                          Instant at, int attempts, Integer status, String reason) {}

    /**
     * The endpoint's state; an endpoint seen for the first time starts with its cursor at
     * {@code start} (null: the beginning of the collection).
     */
    public EndpointState begin(String endpoint, Instant start) {
        update("INSERT INTO webhook_state (endpoint, after_us) VALUES (?, ?) ON CONFLICT (endpoint) DO NOTHING",
                endpoint, start == null ? 0L : micros(start));
        return state(endpoint).orElseThrow();
    }

    /** The state of an endpoint seen before. */
    public Optional<EndpointState> state(String endpoint) {
        List<EndpointState> all = states("SELECT " + COLUMNS + " FROM webhook_state WHERE endpoint = ?", endpoint);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getFirst());
    }

    /** Every endpoint's state, by name. */
    public List<EndpointState> states() {
        return states("SELECT " + COLUMNS + " FROM webhook_state ORDER BY endpoint");
    }

    /**
     * Claims or renews the endpoint for {@code owner} until {@code now + lease}: succeeds when
     * nobody holds it, {@code owner} does, or the holder's lease lapsed.
     */
    public boolean claim(String endpoint, String owner, Instant now, Duration lease) {
        return update("UPDATE webhook_state SET owner = ?, lease_until_us = ? WHERE endpoint = ?"
                        + " AND (owner IS NULL OR owner = ? OR lease_until_us < ?)",
                owner, micros(now.plus(lease)), endpoint, owner, micros(now)) == 1;
    }

    /**
     * Takes the endpoint over from {@code dead}, a process known to have stopped without releasing it
     * (a crash on this host), without waiting for its lease to lapse.
     */
    public boolean takeOver(String endpoint, String dead, String owner, Instant now, Duration lease) {
        return update("UPDATE webhook_state SET owner = ?, lease_until_us = ? WHERE endpoint = ? AND owner = ?",
                owner, micros(now.plus(lease)), endpoint, dead) == 1;
    }

    /** Gives the endpoint up, if {@code owner} holds it: another process may claim it at once. */
    public void release(String endpoint, String owner) {
        update("UPDATE webhook_state SET owner = NULL, lease_until_us = NULL WHERE endpoint = ? AND owner = ?", endpoint, owner);
    }

    /** The head delivery (entry {@code dateAdded}) was acknowledged at {@code at}: the cursor moves past it. */
    public boolean delivered(String endpoint, String owner, Instant dateAdded, Instant at) {
        return update("UPDATE webhook_state SET after_us = ?, delivered = delivered + 1, last_success_us = ?, attempts = 0,"
                + " first_failure_us = NULL, next_attempt_us = NULL WHERE endpoint = ? AND owner = ? AND after_us < ?",
                micros(dateAdded), micros(at), endpoint, owner, micros(dateAdded)) == 1;
    }

    /** The entry {@code dateAdded} is not for this endpoint (severity, TLP): the cursor moves past it. */
    public boolean skipped(String endpoint, String owner, Instant dateAdded) {
        return update("UPDATE webhook_state SET after_us = ?, skipped = skipped + 1, attempts = 0, first_failure_us = NULL,"
                + " next_attempt_us = NULL WHERE endpoint = ? AND owner = ? AND after_us < ?",
                micros(dateAdded), endpoint, owner, micros(dateAdded)) == 1;
    }

    /** An attempt of the head delivery failed at {@code at}; it is tried again at {@code next}. */
    public boolean failed(String endpoint, String owner, String error, Instant at, Instant next) {
        return update("UPDATE webhook_state SET attempts = attempts + 1, first_failure_us = COALESCE(first_failure_us, ?),"
                + " next_attempt_us = ?, last_error = ?, last_error_us = ? WHERE endpoint = ? AND owner = ?",
                micros(at), micros(next), clip(error), micros(at), endpoint, owner) == 1;
    }

    /** The head delivery is given up: recorded, and the cursor moves past it (one transaction). */
    public boolean gaveUp(String endpoint, String owner, GivenUp g) {
        return db.write("recording a delivery given up for webhook " + endpoint, c -> {
            int moved = execute(c, "UPDATE webhook_state SET after_us = ?, given_up = given_up + 1, attempts = 0,"
                    + " first_failure_us = NULL, next_attempt_us = NULL, last_error = ?, last_error_us = ?"
                    + " WHERE endpoint = ? AND owner = ? AND after_us < ?",
                    micros(g.dateAdded()), clip(g.reason()), micros(g.at()), endpoint, owner, micros(g.dateAdded()));
            if (moved == 1) {
                execute(c, "INSERT INTO webhook_given_up (endpoint, delivery_id, object_id, version, date_added_us, at_us,"
                        + " attempts, status, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", endpoint, g.deliveryId(),
                        g.objectId(), g.version(), micros(g.dateAdded()), micros(g.at()), g.attempts(), g.status(), clip(g.reason()));
            }
            return moved == 1;
        });
    }

    /** The deliveries given up for {@code endpoint}, newest first, at most {@code limit}. */
    public List<GivenUp> givenUp(String endpoint, int limit) {
        return db.query("reading the deliveries given up for webhook " + endpoint,
                "SELECT seq, endpoint, delivery_id, object_id, version, date_added_us, at_us, attempts, status, reason"
                + " FROM webhook_given_up WHERE endpoint = ? ORDER BY seq DESC LIMIT ?", rs -> {
            List<GivenUp> out = new ArrayList<>();
            while (rs.next()) {
                int code = rs.getInt(9);
                Integer status = rs.wasNull() ? null : code; // asked right after its column: wasNull is about the last read
                out.add(new GivenUp(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        instant(rs.getLong(6)), instant(rs.getLong(7)), rs.getInt(8), status, rs.getString(10)));
            }
            return out;
        }, endpoint, limit);
    }

    // ---- JDBC

    private List<EndpointState> states(String sql, Object... args) {
        return db.query("reading the webhook state", sql, rs -> {
            List<EndpointState> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new EndpointState(rs.getString(1), instant(rs.getLong(2)), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        nullableInstant(rs, 6), rs.getInt(7), nullableInstant(rs, 8), nullableInstant(rs, 9), rs.getString(10),
                        nullableInstant(rs, 11), rs.getString(12), nullableInstant(rs, 13)));
            }
            return out;
        }, args);
    }

    private int update(String sql, Object... args) {
        return db.update("updating the webhook state", sql, args);
    }

    private static int execute(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Database.bind(ps, args);
            return ps.executeUpdate();
        }
    }

    private static Instant nullableInstant(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : instant(v);
    }

    private static String clip(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 1000) + "…";
    }
}
