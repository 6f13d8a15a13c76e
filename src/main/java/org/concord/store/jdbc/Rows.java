package org.concord.store.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.concord.stix.StixObject;
import org.concord.store.Database;
import org.concord.store.DetachedSignature;
import org.concord.store.Origin;

/** Column conventions shared by the store's statements: how versions, times and markings are kept. */
final class Rows {
    /** The columns of object_version (as {@code v}) that {@link #object} reads, in its order. */
    static final String OBJECT_COLUMNS =
            "v.id, v.type, v.spec_version, v.created, v.modified, v.revoked, v.marking_refs, v.canonical, v.sha256";

    /** The columns of version_origin (as {@code o}) that {@link #origin} reads, in its order; all NULL for a local version. */
    static final String ORIGIN_COLUMNS =
            "o.origin_node, o.origin_country, o.path, o.may_reshare, o.from_party, o.signature_status,"
            + " o.sig_key_fingerprint, o.sig_signer, o.sig_value";
    /** How many {@link #ORIGIN_COLUMNS} there are. */
    static final int ORIGIN_COLUMN_COUNT = 9;
    /** Joins a version's origin, if any, to {@code v}. */
    static final String JOIN_ORIGIN = " LEFT JOIN version_origin o ON o.version_seq = v.seq";

    /** The column of version_handling (as {@code h}) that {@link #handling} reads; NULL when none was recorded. */
    static final String HANDLING_COLUMN = "h.tlp";
    /** Joins a version's handling level, if any, to {@code v}. */
    static final String JOIN_HANDLING = " LEFT JOIN version_handling h ON h.version_seq = v.seq";

    private static final long MICROS_PER_SECOND = 1_000_000L;

    private Rows() {}

    /** The version whose {@link #OBJECT_COLUMNS} start at column {@code first}. */
    static StixObject object(ResultSet rs, int first) throws SQLException {
        return new StixObject(rs.getString(first), rs.getString(first + 1), rs.getString(first + 2),
                rs.getString(first + 3), rs.getString(first + 4), rs.getBoolean(first + 5),
                decodeMarkings(rs.getString(first + 6)), rs.getBytes(first + 7), rs.getBytes(first + 8));
    }

    /** The origin whose {@link #ORIGIN_COLUMNS} start at column {@code first}, or null for a local version. */
    static Origin origin(ResultSet rs, int first) throws SQLException {
        String node = rs.getString(first);
        if (node == null) return null;
        List<String> path = List.of(rs.getString(first + 2).split("\n", -1));
        String fingerprint = rs.getString(first + 6);
        DetachedSignature kept = fingerprint == null ? null
                : DetachedSignature.of(fingerprint, rs.getString(first + 7), rs.getBytes(first + 8));
        return new Origin(node, rs.getString(first + 1), path, rs.getBoolean(first + 3), rs.getString(first + 4),
                Origin.Signature.valueOf(rs.getString(first + 5)), kept);
    }

    /** The handling level in column {@code column} ({@link #HANDLING_COLUMN}), or null when none was recorded. */
    static org.concord.stix.Tlp handling(ResultSet rs, int column) throws SQLException {
        String name = rs.getString(column);
        return name == null ? null : org.concord.stix.Tlp.valueOf(name);
    }

    /** An origin's path as one text, one node per line (a node name never holds a newline). */
    static String encodePath(List<String> path) {
        return String.join("\n", path);
    }

    /**
     * The lookup key of a STIX id: FNV-1a (64-bit) over its UTF-16 code units. Stored, so it must
     * never change. Collisions only cost an extra row read: every lookup also compares the id.
     */
    static long idHash(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h ^= id.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    static List<Long> idHashes(List<String> ids) {
        List<Long> out = new java.util.ArrayList<>(ids.size());
        for (String id : ids) out.add(idHash(id));
        return out;
    }

    /**
     * Appends "{@code seqColumn} is the seq of a version whose id hashes to one of {@code hashes}":
     * a lookup in both id tables (version_id and version_id_recent, migration V10). Callers also
     * compare the id itself.
     */
    static Query seqOfIdHash(Query q, String seqColumn, List<Long> hashes) {
        return q.append(seqColumn + " IN (SELECT seq FROM version_id WHERE ").in("id_hash", hashes)
                .append(" UNION ALL SELECT seq FROM version_id_recent WHERE ").in("id_hash", hashes).append(")");
    }

    static long micros(Instant t) {
        return Database.micros(t);
    }

    static Instant instant(long micros) {
        return Database.instant(micros);
    }

    /** object_marking_refs as one text: one ref per line, '\' and newline escaped; null when none. */
    static String encodeMarkings(List<String> refs) {
        if (refs.isEmpty()) return null;
        boolean plain = true; // nothing to escape (every valid identifier): the refs joined as they are
        for (String ref : refs) plain &= ref.indexOf('\\') < 0 && ref.indexOf('\n') < 0;
        if (plain) return refs.size() == 1 ? refs.getFirst() : String.join("\n", refs);
        StringBuilder sb = new StringBuilder(refs.size() * 56);
        for (int i = 0; i < refs.size(); i++) {
            if (i > 0) sb.append('\n');
            String ref = refs.get(i);
            for (int j = 0; j < ref.length(); j++) {
                char ch = ref.charAt(j);
                if (ch == '\\') sb.append("\\\\");
                else if (ch == '\n') sb.append("\\n");
                else sb.append(ch);
            }
        }
        return sb.toString();
    }

    static List<String> decodeMarkings(String text) {
        if (text == null) return List.of();
        List<String> refs = new ArrayList<>(2);
        StringBuilder ref = new StringBuilder(56);
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\n') {
                refs.add(ref.toString());
                ref.setLength(0);
            } else if (ch == '\\' && i + 1 < text.length()) {
                ref.append(text.charAt(++i) == 'n' ? '\n' : text.charAt(i));
            } else {
                ref.append(ch);
            }
        }
        refs.add(ref.toString());
        return refs;
    }
}
