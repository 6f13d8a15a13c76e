package org.concord.policy;

import org.concord.store.Sql;
import java.sql.Connection;
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
import javax.sql.DataSource;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.stix.StixTimestamp;

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

    private final DataSource source;

    JdbcDisclosureLog(DataSource source) {
        this.source = source;
    }

    @Override
    public void record(List<Disclosure> lines) {
        if (lines.isEmpty()) return;
        try (Connection c = source.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                for (Disclosure d : lines) {
                    ps.setLong(1, Sql.micros(d.at()));
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
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new ConcordException(ErrorCode.STORE_FAILURE, "cannot record " + lines.size()
                    + " disclosures in the audit log: " + e.getMessage(), e);
        }
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
            args.add(Sql.micros(q.since()));
        }
        if (q.until() != null) {
            sql.append(" AND at < ?");
            args.add(Sql.micros(q.until()));
        }
        if (q.beforeSeq() > 0) {
            sql.append(" AND seq < ?");
            args.add(q.beforeSeq());
        }
        sql.append(q.newestFirst() ? " ORDER BY seq DESC LIMIT ?" : " ORDER BY seq LIMIT ?");
        args.add(q.limit());
        try (Connection c = source.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                Object a = args.get(i);
                if (a instanceof String s) ps.setString(i + 1, s);
                else if (a instanceof Integer n) ps.setInt(i + 1, n);
                else ps.setLong(i + 1, (Long) a);
            }
            List<Disclosure> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(row(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new ConcordException(ErrorCode.STORE_FAILURE, "cannot read the audit log: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean releasedAsStored(String partner, String objectId, String versionKey) {
        // the index on (object_id, seq) finds the object's lines; the version is compared as a key,
        // since the line keeps it as written
        try (Connection c = source.getConnection(); PreparedStatement ps = c.prepareStatement(RELEASED)) {
            ps.setString(1, objectId);
            ps.setString(2, partner);
            ps.setBoolean(3, true);
            ps.setInt(4, MAX_RELEASES_READ);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (versionKey.equals(key(rs.getString(1))) && !transforms(rs.getString(2))) return true;
                }
            }
            return false;
        } catch (SQLException e) {
            throw new ConcordException(ErrorCode.STORE_FAILURE, "cannot read the audit log: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Disclosure> decisions(String partner, Collection<String> objectIds) {
        if (objectIds.size() > IDS_AT_ONCE) throw new IllegalArgumentException("at most " + IDS_AT_ONCE + " ids: " + objectIds.size());
        if (objectIds.isEmpty()) return List.of();
        List<String> ids = List.copyOf(new LinkedHashSet<>(objectIds));
        String sql = SELECT + " AND partner = ? AND object_id IN (" + String.join(", ", Collections.nCopies(ids.size(), "?"))
                + ") ORDER BY seq";
        try (Connection c = source.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, 0);
            ps.setString(2, partner);
            for (int i = 0; i < ids.size(); i++) ps.setString(i + 3, ids.get(i));
            List<Disclosure> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(row(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new ConcordException(ErrorCode.STORE_FAILURE, "cannot read the audit log: " + e.getMessage(), e);
        }
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
