package org.concord.taxii;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.concord.node.NodeTls;
import org.concord.stix.StixTimestamp;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The TAXII benchmark's transport floor: a collection's latest versions read by plain JDBC and
 * written as the same JSON envelopes, served on the same HTTP stack as {@link TaxiiServer}
 * ({@link JettyTransport}: Jetty, TLS, virtual threads, the same response buffer), with nothing of
 * Concord's on the way: no authentication, rate limit, access or egress policy, no TAXII filters
 * but the cursor. {@code GET /floor/objects/?limit=N[&next=MICROS|&added_after=TIMESTAMP]} answers
 * {@code {"more":…,"next":…,"objects":[…]}} and {@code X-TAXII-Date-Added-First/-Last}, so a TAXII
 * client walks it as it walks the real endpoint.
 *
 * <p>Reads go through a pool of as many SQLite connections, with the same settings, as the
 * embedded store's readers; a page is read whole before it is written, as the store reads it.
 */
public final class HttpFloor implements AutoCloseable {
    private static final byte[] OBJECTS = ",\"objects\":[".getBytes(StandardCharsets.US_ASCII);

    private final HikariDataSource readers;
    private final long collectionPk;
    private final Javalin app;
    private final JettyTransport transport;

    private HttpFloor(HikariDataSource readers, long collectionPk, TaxiiConfig config, NodeTls tls) {
        this.readers = readers;
        this.collectionPk = collectionPk;
        this.transport = new JettyTransport(config, tls);
        this.app = Javalin.create(cfg -> {
            transport.configure(cfg);
            cfg.routes.get("/floor/objects/", this::page);
        });
    }

    /** Serves collection {@code collectionId} of the embedded store at {@code db} on {@code config}'s address. */
    public static HttpFloor start(Path db, String collectionId, TaxiiConfig config, NodeTls tls) throws SQLException {
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setCacheSize(-16 * 1024);
        sqlite.setPageSize(8192);
        SQLiteDataSource source = new SQLiteDataSource(sqlite);
        source.setUrl("jdbc:sqlite:" + db.toAbsolutePath());
        HikariConfig hc = new HikariConfig();
        hc.setDataSource(source);
        hc.setPoolName("floor-readers");
        hc.setMaximumPoolSize(4);
        hc.setConnectionInitSql("PRAGMA query_only = ON");
        HikariDataSource readers = new HikariDataSource(hc);
        try (Connection c = readers.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT pk FROM collection WHERE id = ?")) {
            ps.setString(1, collectionId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new IllegalArgumentException("no collection " + collectionId);
                HttpFloor floor = new HttpFloor(readers, rs.getLong(1), config, tls);
                floor.app.start();
                return floor;
            }
        } catch (SQLException | RuntimeException e) {
            readers.close();
            throw e;
        }
    }

    /** The objects endpoint, {@code https://host:port/floor/objects/}. */
    public URI objects() {
        return URI.create("https://127.0.0.1:" + transport.port() + "/floor/objects/");
    }

    private record Row(long dateAdded, byte[] canonical) {}

    private void page(Context ctx) throws SQLException, IOException {
        int limit = Integer.parseInt(ctx.queryParam("limit"));
        String next = ctx.queryParam("next"), addedAfter = ctx.queryParam("added_after");
        long after = next != null ? Long.parseLong(next)
                : addedAfter != null ? micros(StixTimestamp.parse(addedAfter)) : Long.MIN_VALUE;
        List<Row> rows = new ArrayList<>(limit);
        boolean more = false;
        try (Connection c = readers.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT e.date_added, v.canonical FROM collection_entry e JOIN object_version v ON v.seq = e.version_seq"
                        + " WHERE e.collection_pk = ? AND e.is_last AND e.date_added > ? ORDER BY e.date_added LIMIT ?")) {
            ps.setLong(1, collectionPk);
            ps.setLong(2, after);
            ps.setInt(3, limit + 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rows.size() == limit) {
                        more = true;
                        break;
                    }
                    rows.add(new Row(rs.getLong(1), rs.getBytes(2)));
                }
            }
        }
        ctx.status(200).contentType(MediaTypes.TAXII);
        if (!rows.isEmpty()) {
            ctx.header("X-TAXII-Date-Added-First", StixTimestamp.formatMicros(instant(rows.getFirst().dateAdded())));
            ctx.header("X-TAXII-Date-Added-Last", StixTimestamp.formatMicros(instant(rows.getLast().dateAdded())));
        }
        String head = "{\"more\":" + more + (more ? ",\"next\":\"" + rows.getLast().dateAdded() + "\"" : "");
        long length = head.length() + 1;
        if (!rows.isEmpty()) length += OBJECTS.length + rows.size() + rows.stream().mapToLong(r -> r.canonical().length).sum();
        JettyTransport.stream(ctx, length, out -> write(out, head, rows));
    }

    private static void write(OutputStream out, String head, List<Row> rows) throws IOException {
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        if (!rows.isEmpty()) {
            out.write(OBJECTS);
            for (int i = 0; i < rows.size(); i++) {
                if (i > 0) out.write(',');
                out.write(rows.get(i).canonical());
            }
            out.write(']');
        }
        out.write('}');
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    @Override
    public void close() {
        app.stop();
        readers.close();
    }
}
