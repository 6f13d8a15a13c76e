package org.concord.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded store: one SQLite file in WAL mode.
 *
 * <p>One writer connection, the node's single writer, used under {@link JdbcDatabase}'s write lock
 * by the store and by every capability's tables alike, opens every transaction with
 * {@code BEGIN IMMEDIATE}, so writers of other processes on the same file queue on SQLite's own
 * lock (for up to {@link #BUSY_TIMEOUT_MS}) and date_added still follows commit order. Readers use
 * their own connections and, in WAL mode, are never blocked by a write in progress.
 *
 * <p>Durability: {@code synchronous=NORMAL} in WAL mode. A committed write survives the process
 * being killed (SIGKILL, an OOM kill): the commit is in the WAL, which the next open replays. It
 * does not promise to survive a power loss or kernel crash, which may roll back the last
 * transactions — never corrupt the file.
 */
final class SqliteDialect implements Dialect {
    static final int BUSY_TIMEOUT_MS = 30_000;
    /** 8 KiB pages: fewer, fuller leaves for the random id index (measured +10% inserts at 1M). */
    static final int PAGE_SIZE = 8192;
    /**
     * The WAL size, in pages, at which a committing connection checkpoints it itself (128 MiB): the
     * {@link WalCheckpointer} has copied most of it by then, and this checkpoint lets the WAL start
     * over from its beginning (see {@link #source}).
     */
    static final int WAL_CHECKPOINT_PAGES = 16_384;
    /** Readers for the store and every capability's reads (each connection's page cache fills only as it is used). */
    private static final int READERS = 8;
    private static final SqliteDialect INSTANCE = new SqliteDialect();

    private SqliteDialect() {}

    /** Opens (creating it and its folder if needed) and migrates the database at {@code file}. */
    static JdbcDatabase open(Path file) {
        Path path = file.toAbsolutePath();
        String description = "the embedded store " + path;
        String url = migrated(path, description);
        HikariDataSource writers = null;
        HikariDataSource readers = null;
        try {
            writers = pool(url, "concord-writer", 1, 64, null);
            readers = pool(url, "concord-readers", READERS, 16, "PRAGMA query_only = ON");
            return new JdbcDatabase(INSTANCE, readers, writers, description, WalCheckpointer.start(checkpointSource(path), description));
        } catch (RuntimeException e) {
            if (readers != null) readers.close();
            if (writers != null) writers.close();
            throw new ConcordException(ErrorCode.STORE_FAILURE, "cannot open " + description + ": " + e.getMessage(), e);
        }
    }

    /** Connections for the {@link WalCheckpointer} of the store at {@code file}: it reads little, so a small cache. */
    static SQLiteDataSource checkpointSource(Path file) {
        return source("jdbc:sqlite:" + file.toAbsolutePath(), 2);
    }

    /**
     * Creates the file's folder and the file (mode 600: only the node's user reads the database,
     * as only it reads the keys; SQLite gives the {@code -wal} and {@code -shm} files the database's
     * mode), brings its schema up to date, and returns its JDBC URL.
     */
    private static String migrated(Path path, String description) {
        Path folder = path.getParent();
        try {
            if (folder != null) Files.createDirectories(folder);
        } catch (IOException e) {
            throw new ConcordException(ErrorCode.STORE_FAILURE, "cannot create the folder of " + description + ": " + e.getMessage(), e);
        }
        // WAL mode writes path-wal and path-shm beside the file, even to read it
        if (folder != null && !Files.isWritable(folder)) {
            throw new ConcordException(ErrorCode.FORBIDDEN, "the folder of " + description + " is not writable, and SQLite"
                    + " keeps its -wal and -shm files there: make it writable by the user running concord ("
                    + System.getProperty("user.name") + ")");
        }
        createPrivate(path, description);
        String url = "jdbc:sqlite:" + path;
        Migrations.run(source(url, 64), INSTANCE, description);
        return url;
    }

    /** Creates an empty database file readable and writable by its owner only, unless it exists. */
    private static void createPrivate(Path path, String description) {
        if (Files.exists(path)) return;
        try {
            Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException | UnsupportedOperationException e) {
            // made meanwhile by another process (with this mode), or a file system without POSIX modes
        } catch (IOException e) {
            throw new ConcordException(ErrorCode.STORE_FAILURE, "cannot create " + description + ": " + e.getMessage(), e);
        }
    }

    private static HikariDataSource pool(String url, String name, int size, int cacheMiB, String initSql) {
        HikariConfig hc = new HikariConfig();
        hc.setDataSource(source(url, cacheMiB));
        hc.setPoolName(name);
        hc.setMaximumPoolSize(size);
        hc.setMinimumIdle(1);
        hc.setConnectionInitSql(initSql);
        return new HikariDataSource(hc);
    }

    private static SQLiteDataSource source(String url, int cacheMiB) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.enforceForeignKeys(true);
        config.setCacheSize(-cacheMiB * 1024); // negative: KiB
        // The writer checkpoints at 128 MiB of WAL rather than 4: an import rewrites the pages of the
        // (random) id index in every batch, and fewer checkpoints by the writer copy each of them to the
        // file fewer times (measured at 1M versions: 52k inserts/s at 40 MiB, 70k at 120 MiB); the
        // WalCheckpointer copies in the background meanwhile (1M import: 38-40k -> 41-43k objects/s;
        // a 256 MiB or 1 GiB WAL was no faster). The WAL file is cut back to 64 MiB after each restart.
        config.setPageSize(PAGE_SIZE); // takes effect when the file is created
        config.setWalAutocheckpoint(WAL_CHECKPOINT_PAGES);
        config.setPragma(SQLiteConfig.Pragma.JOURNAL_SIZE_LIMIT, String.valueOf(64L << 20));
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl(url);
        return source;
    }

    @Override
    public String flavour() {
        return "sqlite";
    }

    @Override
    public boolean oneWriter() {
        return true;
    }

    // Transactions are explicit statements: sqlite-jdbc's own (autocommit off) would begin the next
    // transaction right after each commit and keep other processes' writers waiting while idle.
    @Override
    public void beginWrite(Connection c) throws SQLException {
        exec(c, "BEGIN IMMEDIATE");
    }

    @Override
    public void begin(Connection c) throws SQLException {
        exec(c, "BEGIN IMMEDIATE"); // the one writer: a transaction that reads before it writes never finds the file changed
    }

    @Override
    public void commit(Connection c) throws SQLException {
        exec(c, "COMMIT");
    }

    @Override
    public void rollback(Connection c) throws SQLException {
        exec(c, "ROLLBACK");
    }

    @Override
    public String in(String column, int n) {
        StringBuilder sb = new StringBuilder(column.length() + 6 + 2 * n).append(column).append(" IN (");
        for (int i = 0; i < n; i++) sb.append(i == 0 ? "?" : ",?");
        return sb.append(')').toString();
    }

    @Override
    public int bindList(PreparedStatement ps, int index, List<?> values) throws SQLException {
        for (Object v : values) {
            if (v instanceof Long l) ps.setLong(index++, l);
            else if (v instanceof byte[] b) ps.setBytes(index++, b);
            else ps.setString(index++, (String) v);
        }
        return index;
    }

    @Override
    public int maxList() {
        return 500;
    }

    @Override
    public String indexedBy(String index) {
        return " INDEXED BY " + index;
    }

    @Override
    public void beginStream(Connection c) {
        // sqlite-jdbc steps the statement row by row; one statement is one read snapshot
    }

    @Override
    public void endStream(Connection c) {}

    @Override
    public int fetchSize() {
        return 0;
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
