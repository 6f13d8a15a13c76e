package org.concord.response;

import static org.concord.store.Database.instant;
import static org.concord.store.Database.micros;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.concord.store.Database;

/**
 * The read side of coordinated response in the node's database (migration {@code V17__response.sql},
 * resources {@code org/concord/response/migration}, the same SQL on SQLite and PostgreSQL): cases,
 * requests, the objects of each case, the audience, the projection's cursor and the deadlines this
 * node's member holds. Derived from the {@code cases} collection by {@link ResponseProjection};
 * rebuildable, never the only copy of anything.
 */
public final class ResponseDatabase {
    private final Database db;
    /** Null: each row write is a transaction of its own; else the writes waiting for {@link #flush}. */
    private final List<Statement> queue;

    public ResponseDatabase(Database db) {
        this(db, null);
    }

    private ResponseDatabase(Database db, List<Statement> queue) {
        this.db = Objects.requireNonNull(db, "db");
        this.queue = queue;
    }

    /** A row write waiting in a queue. */
    private record Statement(String what, String sql, Object[] args) {}

    /**
     * The same tables with the row writes queued, not run: {@link #flush} runs them in one write
     * transaction, in order (the projection's page, the sweep's closed rows; one commit instead of
     * one per row). Its reads do not see the queued writes. One thread at a time.
     */
    ResponseDatabase queued() {
        return new ResponseDatabase(db, new ArrayList<>());
    }

    /** Runs the queued writes in one transaction; returns how many ran. */
    int flush() {
        if (queue == null || queue.isEmpty()) return 0;
        List<Statement> run = List.copyOf(queue);
        queue.clear();
        return db.write("indexing " + run.size() + " response rows (" + run.getFirst().what() + ", …)", c -> {
            java.util.Map<String, java.sql.PreparedStatement> prepared = new java.util.HashMap<>();
            try {
                for (Statement s : run) {
                    java.sql.PreparedStatement ps = prepared.get(s.sql());
                    if (ps == null) prepared.put(s.sql(), ps = c.prepareStatement(s.sql()));
                    Database.bind(ps, s.args());
                    ps.executeUpdate();
                }
            } finally {
                for (java.sql.PreparedStatement ps : prepared.values()) ps.close();
            }
            return run.size();
        });
    }

    private void update(String what, String sql, Object... args) {
        if (queue != null) queue.add(new Statement(what, sql, args));
        else db.update(what, sql, args);
    }

    /** A case's row. */
    public record CaseRow(String id, String name, String status, String determination, Integer criticality, String tlp,
                          String lead, Instant opened, Instant edited, String modified) {}

    /** A request's row: its effective state. */
    public record RequestRow(String id, String caseId, String kind, String priority, String state, String requester,
                             String receiver, Instant sent, Instant acknowledgeBy, Instant fulfilBy, Instant edited, String tlp) {}

    /** A member's participation in a case. */
    public record AudienceRow(String caseId, String member, String role, String state, String invitedBy, Instant at) {}

    /** An object of a case. */
    public record MemberRow(String objectId, String caseId, String type, String requestId) {}

    /** A deadline: {@code acknowledge}, {@code fulfil}, {@code preserve_until} (levels 1, 2) or {@code expire} (level 0). */
    public record DeadlineRow(String requestId, String deadline, int level, Instant due, Instant done) {}

    // ---- projection writes

    Instant cursor(String name) {
        return db.query("reading the response cursor", "SELECT after_us FROM response_cursor WHERE name = ?",
                rs -> rs.next() ? instant(rs.getLong(1)) : null, name);
    }

    void cursor(String name, Instant after) {
        update("moving the response cursor", "INSERT INTO response_cursor (name, after_us) VALUES (?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET after_us = excluded.after_us", name, micros(after));
    }

    void putCase(CaseRow c) {
        update("indexing case " + c.id(), "INSERT INTO response_case (case_id, name, status, determination, criticality, tlp, lead,"
                + " opened_us, edited_us, modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (case_id) DO UPDATE SET"
                + " name = excluded.name, status = excluded.status, determination = excluded.determination,"
                + " criticality = excluded.criticality, tlp = excluded.tlp, edited_us = excluded.edited_us, modified = excluded.modified",
                c.id(), c.name(), c.status(), c.determination(), c.criticality(), c.tlp(), c.lead(), micros(c.opened()),
                micros(c.edited()), c.modified());
    }

    void putRequest(RequestRow r) {
        update("indexing request " + r.id(), "INSERT INTO response_request (request_id, case_id, kind, priority, state, requester,"
                + " receiver, sent_us, acknowledge_by_us, fulfil_by_us, edited_us, tlp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (request_id) DO UPDATE SET state = excluded.state, edited_us = excluded.edited_us",
                r.id(), r.caseId(), r.kind(), r.priority(), r.state(), r.requester(), r.receiver(), micros(r.sent()),
                micros(r.acknowledgeBy()), micros(r.fulfilBy()), micros(r.edited()), r.tlp());
    }

    void putMember(MemberRow m) {
        update("indexing " + m.objectId(), "INSERT INTO response_member (object_id, case_id, type, request_id) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (object_id) DO NOTHING", m.objectId(), m.caseId(), m.type(), m.requestId());
    }

    void putAudience(AudienceRow a) {
        update("indexing the participation of " + a.member(), "INSERT INTO response_audience (case_id, member, role, state,"
                + " invited_by, at_us) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (case_id, member) DO UPDATE SET role = excluded.role,"
                + " state = excluded.state, invited_by = excluded.invited_by, at_us = excluded.at_us",
                a.caseId(), a.member(), a.role(), a.state(), a.invitedBy(), micros(a.at()));
    }

    /** Removes a member from a case's audience (its invitation no longer counts, §1). */
    void deleteAudience(String caseId, String member) {
        update("removing the participation of " + member, "DELETE FROM response_audience WHERE case_id = ? AND member = ?", caseId, member);
    }

    /** Opens a deadline row unless it exists (open or closed). */
    void openDeadline(String requestId, String deadline, int level, Instant due) {
        update("opening a deadline of " + requestId, "INSERT INTO response_deadline (request_id, deadline, level, due_us)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (request_id, deadline, level) DO NOTHING", requestId, deadline, level, micros(due));
    }

    /** Opens a deadline row, or moves it to {@code due} (open again) when it was due at another time: an extension. */
    void moveDeadline(String requestId, String deadline, int level, Instant due) {
        update("moving a deadline of " + requestId, "INSERT INTO response_deadline (request_id, deadline, level, due_us)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (request_id, deadline, level) DO UPDATE SET due_us = excluded.due_us, done_us = NULL"
                + " WHERE response_deadline.due_us <> excluded.due_us", requestId, deadline, level, micros(due));
    }

    /** Closes the open rows of a deadline (every level) at {@code now}. */
    void closeDeadline(String requestId, String deadline, Instant now) {
        update("closing a deadline of " + requestId, "UPDATE response_deadline SET done_us = ? WHERE request_id = ? AND deadline = ?"
                + " AND done_us IS NULL", micros(now), requestId, deadline);
    }

    /** Closes one row at {@code now}. */
    void close(DeadlineRow d, Instant now) {
        update("closing a deadline of " + d.requestId(), "UPDATE response_deadline SET done_us = ? WHERE request_id = ?"
                + " AND deadline = ? AND level = ? AND done_us IS NULL", micros(now), d.requestId(), d.deadline(), d.level());
    }

    /** The open rows due at {@code now}, earliest first, at most {@code limit}. */
    public List<DeadlineRow> due(Instant now, int limit) {
        return db.query("reading the deadlines due", "SELECT request_id, deadline, level, due_us, done_us FROM response_deadline"
                + " WHERE done_us IS NULL AND due_us <= ? ORDER BY due_us, request_id, deadline, level LIMIT ?", ResponseDatabase::deadlines,
                micros(now), limit);
    }

    /** Every row of a request's deadlines. */
    public List<DeadlineRow> deadlines(String requestId) {
        return db.query("reading the deadlines of " + requestId, "SELECT request_id, deadline, level, due_us, done_us FROM response_deadline"
                + " WHERE request_id = ? ORDER BY deadline, level", ResponseDatabase::deadlines, requestId);
    }

    // ---- reads

    public Optional<CaseRow> caseRow(String id) {
        return db.query("reading case " + id, CASE + " WHERE case_id = ?", rs -> cases(rs).stream().findFirst(), id);
    }

    /** Cases newest edit first, after the keyset ({@code afterEdited}, {@code afterId}) when given. */
    public List<CaseRow> cases(String status, Instant afterEdited, String afterId, int limit) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder(CASE + " WHERE 1 = 1");
        if (status != null) {
            sql.append(" AND status = ?");
            args.add(status);
        }
        if (afterEdited != null) {
            sql.append(" AND (edited_us < ? OR (edited_us = ? AND case_id < ?))");
            args.add(micros(afterEdited));
            args.add(micros(afterEdited));
            args.add(afterId);
        }
        sql.append(" ORDER BY edited_us DESC, case_id DESC LIMIT ?");
        args.add(limit);
        return db.query("listing cases", sql.toString(), ResponseDatabase::cases, args.toArray());
    }

    /** Per case of {@code caseIds}: how many of its requests are in each (kind, state). One query. */
    public java.util.Map<String, List<KindStateCount>> requestCounts(List<String> caseIds) {
        java.util.Map<String, List<KindStateCount>> out = new java.util.HashMap<>();
        if (caseIds.isEmpty()) return out;
        return db.query("counting the requests of " + caseIds.size() + " cases", "SELECT case_id, kind, state, count(*) FROM response_request"
                + " WHERE case_id IN (" + marks(caseIds.size()) + ") GROUP BY case_id, kind, state", rs -> {
            while (rs.next()) {
                out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new KindStateCount(rs.getString(2), rs.getString(3), rs.getInt(4)));
            }
            return out;
        }, caseIds.toArray());
    }

    /** How many requests of a case are of {@code kind} in {@code state}. */
    public record KindStateCount(String kind, String state, int count) {}

    /** Per case of {@code caseIds}: how many members have {@code state} there. One query. */
    public java.util.Map<String, Integer> audienceCounts(List<String> caseIds, String state) {
        java.util.Map<String, Integer> out = new java.util.HashMap<>();
        if (caseIds.isEmpty()) return out;
        List<Object> args = new ArrayList<>(caseIds);
        args.add(state);
        return db.query("counting the participants of " + caseIds.size() + " cases", "SELECT case_id, count(*) FROM response_audience"
                + " WHERE case_id IN (" + marks(caseIds.size()) + ") AND state = ? GROUP BY case_id", rs -> {
            while (rs.next()) out.put(rs.getString(1), rs.getInt(2));
            return out;
        }, args.toArray());
    }

    private static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    /** The rows of the requests {@code ids} that are indexed, by id. One query. */
    public java.util.Map<String, RequestRow> requestRows(List<String> ids) {
        java.util.Map<String, RequestRow> out = new java.util.HashMap<>();
        if (ids.isEmpty()) return out;
        for (RequestRow r : db.query("reading " + ids.size() + " requests", REQUEST + " WHERE request_id IN (" + marks(ids.size()) + ")",
                ResponseDatabase::requests, ids.toArray())) {
            out.put(r.id(), r);
        }
        return out;
    }

    public Optional<RequestRow> requestRow(String id) {
        return db.query("reading request " + id, REQUEST + " WHERE request_id = ?", rs -> requests(rs).stream().findFirst(), id);
    }

    /**
     * Requests newest edit first: sent by {@code requester} or received by {@code receiver} (either
     * may be null), in {@code state} (null: any), with an open deadline before {@code dueBefore} (null: any).
     */
    public List<RequestRow> requests(String requester, String receiver, String state, Instant dueBefore, Instant afterEdited,
                                     String afterId, int limit) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder(REQUEST + " WHERE 1 = 1");
        if (requester != null) {
            sql.append(" AND requester = ?");
            args.add(requester);
        }
        if (receiver != null) {
            sql.append(" AND receiver = ?");
            args.add(receiver);
        }
        if (state != null) {
            sql.append(" AND state = ?");
            args.add(state);
        }
        if (dueBefore != null) {
            sql.append(" AND request_id IN (SELECT request_id FROM response_deadline WHERE done_us IS NULL AND due_us < ?)");
            args.add(micros(dueBefore));
        }
        if (afterEdited != null) {
            sql.append(" AND (edited_us < ? OR (edited_us = ? AND request_id < ?))");
            args.add(micros(afterEdited));
            args.add(micros(afterEdited));
            args.add(afterId);
        }
        sql.append(" ORDER BY edited_us DESC, request_id DESC LIMIT ?");
        args.add(limit);
        return db.query("listing requests", sql.toString(), ResponseDatabase::requests, args.toArray());
    }

    public List<RequestRow> requestsOfCase(String caseId) {
        return db.query("reading the requests of " + caseId, REQUEST + " WHERE case_id = ? ORDER BY sent_us, request_id",
                ResponseDatabase::requests, caseId);
    }

    /** The objects of a case, by type then id. */
    public List<MemberRow> members(String caseId) {
        return db.query("reading the objects of " + caseId, "SELECT object_id, case_id, type, request_id FROM response_member"
                + " WHERE case_id = ? ORDER BY type, object_id", ResponseDatabase::members, caseId);
    }

    /** The escalation notices of a request. */
    public List<MemberRow> escalations(String requestId) {
        return db.query("reading the escalations of " + requestId, "SELECT object_id, case_id, type, request_id FROM response_member"
                + " WHERE request_id = ? ORDER BY object_id", ResponseDatabase::members, requestId);
    }

    /** The case a {@code cases} object belongs to, if indexed. */
    public Optional<String> caseOf(String objectId) {
        return db.query("reading the case of " + objectId, "SELECT case_id FROM response_member WHERE object_id = ?",
                rs -> rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty(), objectId);
    }

    public List<AudienceRow> audience(String caseId) {
        return db.query("reading the participants of " + caseId, "SELECT case_id, member, role, state, invited_by, at_us"
                + " FROM response_audience WHERE case_id = ? ORDER BY at_us, member", rs -> {
            List<AudienceRow> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new AudienceRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        instant(rs.getLong(6))));
            }
            return out;
        }, caseId);
    }

    /** {@code member}'s participation state in {@code caseId}, if any. */
    public Optional<String> participation(String caseId, String member) {
        return db.query("reading a participation", "SELECT state FROM response_audience WHERE case_id = ? AND member = ?",
                rs -> rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty(), caseId, member);
    }

    /**
     * A fingerprint of the cases {@code member} is invited to or takes part in: their count, the
     * latest participation change among them and a checksum of their change times, so that joining
     * one (or leaving one and joining another) changes it. One indexed query.
     */
    public String audienceTerms(String member) {
        return db.query("reading the audiences of " + member, "SELECT count(*), coalesce(max(at_us), 0), coalesce(sum(at_us % 1000000007), 0)"
                + " FROM response_audience WHERE member = ? AND state IN ('invited', 'accepted')",
                rs -> rs.next() ? rs.getLong(1) + ":" + rs.getLong(2) + ":" + rs.getLong(3) : "", member);
    }

    // ---- JDBC

    private static final String CASE = "SELECT case_id, name, status, determination, criticality, tlp, lead, opened_us, edited_us,"
            + " modified FROM response_case";
    private static final String REQUEST = "SELECT request_id, case_id, kind, priority, state, requester, receiver, sent_us,"
            + " acknowledge_by_us, fulfil_by_us, edited_us, tlp FROM response_request";

    private static List<CaseRow> cases(ResultSet rs) throws SQLException {
        List<CaseRow> out = new ArrayList<>();
        while (rs.next()) {
            int c = rs.getInt(5);
            Integer criticality = rs.wasNull() ? null : c;
            out.add(new CaseRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), criticality, rs.getString(6),
                    rs.getString(7), instant(rs.getLong(8)), instant(rs.getLong(9)), rs.getString(10)));
        }
        return out;
    }

    private static List<RequestRow> requests(ResultSet rs) throws SQLException {
        List<RequestRow> out = new ArrayList<>();
        while (rs.next()) {
            out.add(new RequestRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                    rs.getString(6), rs.getString(7), instant(rs.getLong(8)), instant(rs.getLong(9)), instant(rs.getLong(10)),
                    instant(rs.getLong(11)), rs.getString(12)));
        }
        return out;
    }

    private static List<MemberRow> members(ResultSet rs) throws SQLException {
        List<MemberRow> out = new ArrayList<>();
        while (rs.next()) out.add(new MemberRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
        return out;
    }

    private static List<DeadlineRow> deadlines(ResultSet rs) throws SQLException {
        List<DeadlineRow> out = new ArrayList<>();
        while (rs.next()) {
            long done = rs.getLong(5);
            Instant d = rs.wasNull() ? null : instant(done);
            out.add(new DeadlineRow(rs.getString(1), rs.getString(2), rs.getInt(3), instant(rs.getLong(4)), d));
        }
        return out;
    }
}
