package org.concord.policy;

import static org.concord.store.Database.micros;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import org.concord.stix.StixTimestamp;
import org.concord.store.Database;

/** {@link DisclosureLog} on table {@code disclosure}: the same SQL on SQLite and PostgreSQL. */
final class JdbcDisclosureLog implements DisclosureLog {
    private static final String INSERT = "INSERT INTO disclosure (at, partner, object_id, version, released, rules, reason,"
            + " sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String SELECT = "SELECT seq, at, partner, object_id, version, released, rules, reason, sha256"
            + " FROM disclosure WHERE seq > ?";

    private static final String RELEASED = "SELECT version, rules FROM disclosure"
            + " WHERE object_id = ? AND partner = ? AND released = ? ORDER BY seq DESC LIMIT ?";
    /** The most lines {@link #releasedAsStored} reads of one object and partner, newest first. */
    static final int MAX_RELEASES_READ = 10_000;

    private final Database db;

    JdbcDisclosureLog(Database db) {
        this.db = db;
    }

    @Override
    public void record(List<Disclosure> lines) {
        if (lines.isEmpty()) return;
        db.write("recording " + lines.size() + " disclosures in the audit log", c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                for (Disclosure d : lines) {
                    ps.setLong(1, micros(d.at()));
                    ps.setString(2, d.partner());
                    ps.setString(3, d.objectId());
                    ps.setString(4, d.version());
                    ps.setBoolean(5, d.released());
                    ps.setString(6, String.join(",", d.rules().stream().map(Rule::id).toList()));
                    nullable(ps, 7, d.reason());
                    nullable(ps, 8, d.sha256());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<Disclosure> find(AuditQuery q) {
        StringBuilder sql = new StringBuilder(SELECT);
        List<Object> args = new ArrayList<>();
        args.add(q.afterSeq());
        if (q.partner() != null) {
            sql.append(" AND partner = ?");
            args.add(q.partner());
        }
        if (q.objectId() != null) {
            sql.append(" AND object_id = ?");
            args.add(q.objectId());
        }
        if (q.since() != null) {
            sql.append(" AND at >= ?");
            args.add(micros(q.since()));
        }
        if (q.until() != null) {
            sql.append(" AND at < ?");
            args.add(micros(q.until()));
        }
        if (q.beforeSeq() > 0) {
            sql.append(" AND seq < ?");
            args.add(q.beforeSeq());
        }
        sql.append(q.newestFirst() ? " ORDER BY seq DESC LIMIT ?" : " ORDER BY seq LIMIT ?");
        args.add(q.limit());
        return db.query("reading the audit log", sql.toString(), JdbcDisclosureLog::rows, args.toArray());
    }

    @Override
    public boolean releasedAsStored(String partner, String objectId, String versionKey) {
        // the index on (object_id, seq) finds the object's lines; the version is compared as a key,
        // since the line keeps it as written
        return db.query("reading the audit log of " + objectId, RELEASED, rs -> {
            while (rs.next()) {
                if (versionKey.equals(key(rs.getString(1))) && !transforms(rs.getString(2))) return true;
            }
            return false;
        }, objectId, partner, true, MAX_RELEASES_READ);
    }

    @Override
    public List<Disclosure> decisions(String partner, Collection<String> objectIds) {
        if (objectIds.size() > IDS_AT_ONCE) throw new IllegalArgumentException("at most " + IDS_AT_ONCE + " ids: " + objectIds.size());
        if (objectIds.isEmpty()) return List.of();
        List<String> ids = List.copyOf(new LinkedHashSet<>(objectIds));
        String sql = SELECT + " AND partner = ? AND object_id IN (" + String.join(", ", Collections.nCopies(ids.size(), "?"))
                + ") ORDER BY seq";
        List<Object> args = new ArrayList<>(ids.size() + 2);
        args.add(0L);
        args.add(partner);
        args.addAll(ids);
        return db.query("reading the audit log of " + partner, sql, JdbcDisclosureLog::rows, args.toArray());
    }

    private static String key(String version) {
        if (version.isEmpty()) return "";
        try {
            return StixTimestamp.sortKey(version);
        } catch (IllegalArgumentException e) {
            return null; // recorded from an object with a malformed timestamp: matches no key
        }
    }

    private static boolean transforms(String rules) {
        for (String r : rules.split(",")) {
            try {
                if (Rule.ofId(r).transforms()) return true;
            } catch (IllegalArgumentException e) {
                return true; // a rule this version does not know: not known to leave the object as stored
            }
        }
        return false;
    }

    private static List<Disclosure> rows(ResultSet rs) throws SQLException {
        List<Disclosure> out = new ArrayList<>();
        while (rs.next()) out.add(row(rs));
        return out;
    }

    private static Disclosure row(ResultSet rs) throws SQLException {
        List<Rule> rules = new ArrayList<>(2);
        for (String r : rs.getString(7).split(",")) rules.add(Rule.ofId(r));
        long at = rs.getLong(2);
        return new Disclosure(rs.getLong(1), Instant.ofEpochSecond(Math.floorDiv(at, 1_000_000L), Math.floorMod(at, 1_000_000L) * 1000L),
                rs.getString(3), rs.getString(4), rs.getString(5), rs.getBoolean(6), rules, rs.getString(8), rs.getString(9));
    }


    private static void nullable(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) ps.setNull(index, Types.VARCHAR);
        else ps.setString(index, value);
    }
}
