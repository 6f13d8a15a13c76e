package org.concord.taxii;

import static org.concord.store.Database.instant;
import static org.concord.store.Database.micros;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.partner.Partners;
import org.concord.store.Database;

/** Tokens, rights, partners and statuses in SQL that SQLite and PostgreSQL both speak. */
final class JdbcTaxiiState implements Tokens, Rights, Partners, Statuses {
    static final String TOKEN_PREFIX = "ct1.";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private final Database db;

    JdbcTaxiiState(Database db) {
        this.db = db;
    }

    // ---- tokens

    @Override
    public IssuedToken issue(String member, Instant now) {
        if (member == null || member.isBlank() || member.length() > 200) {
            throw new ConcordException(ErrorCode.INVALID_ARGUMENT, "a member name is 1..200 characters: " + member);
        }
        byte[] idBytes = new byte[8];
        byte[] secretBytes = new byte[32]; // 256 bits
        RANDOM.nextBytes(idBytes);
        RANDOM.nextBytes(secretBytes);
        String id = HEX.formatHex(idBytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        Instant created = now.truncatedTo(ChronoUnit.MICROS);
        db.update("issuing a token for " + member,
                "INSERT INTO taxii_token (id, member, secret_sha256, created_us) VALUES (?, ?, ?, ?)",
                id, member, HEX.formatHex(sha256(secret)), micros(created));
        return new IssuedToken(new TokenInfo(id, member, created, null), TOKEN_PREFIX + id + "." + secret);
    }

    @Override
    public Optional<TokenInfo> verify(String presented) {
        if (presented == null || !presented.startsWith(TOKEN_PREFIX)) return Optional.empty();
        int dot = presented.indexOf('.', TOKEN_PREFIX.length());
        if (dot < 0) return Optional.empty();
        String id = presented.substring(TOKEN_PREFIX.length(), dot);
        if (!id.matches("[0-9a-f]{16}")) return Optional.empty();
        byte[] presentedHash = sha256(presented.substring(dot + 1));
        return db.query("verifying token " + id,
                "SELECT id, member, created_us, revoked_us, secret_sha256 FROM taxii_token WHERE id = ?", rs -> {
            if (!rs.next()) return Optional.<TokenInfo>empty();
            byte[] stored = HEX.parseHex(rs.getString(5));
            TokenInfo info = tokenInfo(rs);
            // constant time: the comparison takes as long whatever prefix matches
            return MessageDigest.isEqual(stored, presentedHash) && info.live() ? Optional.of(info) : Optional.<TokenInfo>empty();
        }, id);
    }

    @Override
    public List<TokenInfo> list() {
        return db.query("listing the tokens",
                "SELECT id, member, created_us, revoked_us FROM taxii_token ORDER BY created_us, id", rs -> {
            List<TokenInfo> out = new ArrayList<>();
            while (rs.next()) out.add(tokenInfo(rs));
            return out;
        });
    }

    @Override
    public boolean knows(String member) {
        return db.query("finding the tokens of " + member, "SELECT 1 FROM taxii_token WHERE member = ?", ResultSet::next, member);
    }

    @Override
    public boolean revoke(String tokenId, Instant now) {
        return db.update("revoking token " + tokenId, "UPDATE taxii_token SET revoked_us = ? WHERE id = ? AND revoked_us IS NULL",
                micros(now), tokenId) > 0;
    }

    private static TokenInfo tokenInfo(ResultSet rs) throws SQLException {
        long revoked = rs.getLong(4);
        boolean live = rs.wasNull();
        return new TokenInfo(rs.getString(1), rs.getString(2), instant(rs.getLong(3)), live ? null : instant(revoked));
    }

    // ---- rights

    @Override
    public Permissions of(String principalKey) {
        return db.query("reading the rights of " + principalKey,
                "SELECT collection_id, can_read, can_write FROM taxii_right WHERE principal = ?", rs -> {
            Set<String> read = new HashSet<>();
            Set<String> write = new HashSet<>();
            while (rs.next()) {
                if (rs.getInt(2) != 0) read.add(rs.getString(1));
                if (rs.getInt(3) != 0) write.add(rs.getString(1));
            }
            return new Permissions(read, write);
        }, principalKey);
    }

    @Override
    public void set(String principalKey, Permissions p) {
        db.write("setting the rights of " + principalKey, c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM taxii_right WHERE principal = ?")) {
                del.setString(1, principalKey);
                del.executeUpdate();
            }
            Set<String> all = new HashSet<>(p.read());
            all.addAll(p.write());
            try (PreparedStatement ins = c.prepareStatement(
                    "INSERT INTO taxii_right (principal, collection_id, can_read, can_write) VALUES (?, ?, ?, ?)")) {
                for (String id : all) {
                    ins.setString(1, principalKey);
                    ins.setString(2, id);
                    ins.setInt(3, p.canRead(id) ? 1 : 0);
                    ins.setInt(4, p.canWrite(id) ? 1 : 0);
                    ins.addBatch();
                }
                ins.executeBatch();
            }
            return null;
        });
    }

    // ---- partners

    @Override
    public void add(Partner partner) {
        db.write("pinning partner " + partner.name(), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT name FROM taxii_partner WHERE name = ? OR spki_sha256 = ?")) {
                ps.setString(1, partner.name());
                ps.setString(2, partner.fingerprint());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        throw new ConcordException(ErrorCode.ALREADY_EXISTS,
                                "partner " + rs.getString(1) + " already has that name or fingerprint");
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO taxii_partner (name, spki_sha256, added_us, url) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, partner.name());
                ps.setString(2, partner.fingerprint());
                ps.setLong(3, micros(partner.added()));
                ps.setString(4, partner.url());
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<Partner> byFingerprint(String fingerprint) {
        return db.query("finding the partner pinned to " + fingerprint,
                "SELECT name, spki_sha256, added_us, url FROM taxii_partner WHERE spki_sha256 = ?", rs ->
                rs.next() ? Optional.of(partner(rs)) : Optional.<Partner>empty(), fingerprint);
    }

    @Override
    public List<Partner> pinned() {
        return db.query("listing the pinned partners",
                "SELECT name, spki_sha256, added_us, url FROM taxii_partner ORDER BY name", rs -> {
            List<Partner> out = new ArrayList<>();
            while (rs.next()) out.add(partner(rs));
            return out;
        });
    }

    @Override
    public Optional<Partner> byName(String name) {
        return db.query("finding partner " + name,
                "SELECT name, spki_sha256, added_us, url FROM taxii_partner WHERE name = ?", rs ->
                rs.next() ? Optional.of(partner(rs)) : Optional.<Partner>empty(), name);
    }

    @Override
    public boolean remove(String name) {
        return db.update("removing partner " + name, "DELETE FROM taxii_partner WHERE name = ?", name) > 0;
    }

    @Override
    public Optional<LogAudit> audit(String name) {
        return db.query("reading the log audit of partner " + name,
                "SELECT log_key, last_head, last_head_us FROM taxii_partner WHERE name = ? AND last_head IS NOT NULL",
                rs -> rs.next() ? Optional.of(new LogAudit(rs.getString(1), rs.getString(2), instant(rs.getLong(3))))
                        : Optional.<LogAudit>empty(), name);
    }

    @Override
    public void recordAudit(String name, LogAudit audit) {
        if (db.update("recording the log audit of partner " + name,
                "UPDATE taxii_partner SET log_key = ?, last_head = ?, last_head_us = ? WHERE name = ?",
                audit.logKey(), audit.lastHead(), micros(audit.seen()), name) == 0) {
            throw new ConcordException(ErrorCode.NOT_FOUND, "no pinned partner " + name);
        }
    }

    private static Partner partner(ResultSet rs) throws SQLException {
        return new Partner(rs.getString(1), rs.getString(2), instant(rs.getLong(3)), rs.getString(4));
    }

    // ---- statuses

    @Override
    public void save(Status s) {
        db.write("saving status " + s.id(), c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM taxii_status_detail WHERE status_id = ?")) {
                del.setString(1, s.id());
                del.executeUpdate();
            }
            try (PreparedStatement del = c.prepareStatement("DELETE FROM taxii_status WHERE id = ?")) {
                del.setString(1, s.id());
                del.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO taxii_status (id, collection_id, owner, requested_us, complete) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, s.id());
                ps.setString(2, s.collectionId());
                ps.setString(3, s.owner());
                ps.setLong(4, micros(s.requested()));
                ps.setInt(5, s.complete() ? 1 : 0);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO taxii_status_detail "
                    + "(status_id, seq, outcome, object_id, version, message) VALUES (?, ?, ?, ?, ?, ?)")) {
                int seq = 0;
                seq = details(ps, s.id(), seq, "success", s.successes());
                seq = details(ps, s.id(), seq, "failure", s.failures());
                details(ps, s.id(), seq, "pending", s.pendings());
                ps.executeBatch();
            }
            return null;
        });
    }

    private static int details(PreparedStatement ps, String statusId, int seq, String outcome, List<Detail> ds)
            throws SQLException {
        for (Detail d : ds) {
            ps.setString(1, statusId);
            ps.setInt(2, seq++);
            ps.setString(3, outcome);
            ps.setString(4, d.id());
            ps.setString(5, d.version());
            ps.setString(6, d.message());
            ps.addBatch();
            if (seq % 1000 == 0) ps.executeBatch();
        }
        return seq;
    }

    @Override
    public Optional<Status> find(String id) {
        // one statement, so one snapshot: the status and its details as one save left them
        return db.query("reading status " + id, "SELECT s.collection_id, s.owner, s.requested_us, s.complete, d.outcome,"
                + " d.object_id, d.version, d.message FROM taxii_status s LEFT JOIN taxii_status_detail d ON d.status_id = s.id"
                + " WHERE s.id = ? ORDER BY d.seq", rs -> {
            if (!rs.next()) return Optional.<Status>empty();
            String collection = rs.getString(1), owner = rs.getString(2);
            long requested = rs.getLong(3);
            boolean complete = rs.getInt(4) != 0;
            List<Detail> ok = new ArrayList<>(), failed = new ArrayList<>(), pending = new ArrayList<>();
            do {
                String outcome = rs.getString(5);
                if (outcome == null) break; // no details
                Detail d = new Detail(rs.getString(6), rs.getString(7), rs.getString(8));
                switch (outcome) {
                    case "success" -> ok.add(d);
                    case "failure" -> failed.add(d);
                    default -> pending.add(d);
                }
            } while (rs.next());
            return Optional.of(new Status(id, collection, owner, instant(requested), complete, ok, failed, pending));
        }, id);
    }

    @Override
    public int prune(Instant before) {
        return db.write("pruning the statuses requested before " + before, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM taxii_status_detail WHERE status_id IN "
                    + "(SELECT id FROM taxii_status WHERE requested_us < ?)")) {
                ps.setLong(1, micros(before));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM taxii_status WHERE requested_us < ?")) {
                ps.setLong(1, micros(before));
                return ps.executeUpdate();
            }
        });
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
