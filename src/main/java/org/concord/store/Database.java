package org.concord.store;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;

/**
 * An opened database: its dialect, where readers and the writer get connections, a description
 * for error messages (never a password), and the embedded store's background checkpointer (null
 * for PostgreSQL).
 */
record Database(Dialect dialect, HikariDataSource readers, HikariDataSource writers, String description,
                WalCheckpointer checkpointer) {

    /** A write transaction committed, with about {@code bytes} bytes of objects. */
    void committed(long bytes) {
        if (checkpointer != null) checkpointer.committed(bytes);
    }

    /** Drops a connection whose state is unknown (a failed rollback) instead of reusing it. */
    void evictWriter(Connection c) {
        writers.evictConnection(c);
    }

    void close() {
        try {
            if (checkpointer != null) checkpointer.close();
        } finally {
            try {
                if (readers != writers) readers.close();
            } finally {
                writers.close();
            }
        }
    }
}
