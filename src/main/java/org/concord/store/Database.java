package org.concord.store;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;

/**
 * An opened database: its dialect, where readers and the writer get connections, and a
 * description for error messages (never a password).
 */
record Database(Dialect dialect, HikariDataSource readers, HikariDataSource writers, String description) {

    /** Drops a connection whose state is unknown (a failed rollback) instead of reusing it. */
    void evictWriter(Connection c) {
        writers.evictConnection(c);
    }

    void close() {
        try {
            if (readers != writers) readers.close();
        } finally {
            writers.close();
        }
    }
}
