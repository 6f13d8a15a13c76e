package org.concord.store;

import java.nio.file.Path;
import java.util.Objects;

/** Where a node keeps its data: the embedded file, or a PostgreSQL server. */
public sealed interface StoreConfig {

    /** SQLite in WAL mode, one file. */
    record Embedded(Path file) implements StoreConfig {
        public Embedded {
            Objects.requireNonNull(file, "file");
        }
    }

    /** PostgreSQL at a JDBC URL; the password may be null (e.g. peer or trust authentication). */
    record Postgres(String jdbcUrl, String user, String password) implements StoreConfig {
        public Postgres {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("a PostgreSQL URL starts with jdbc:postgresql: — got " + jdbcUrl);
            }
        }

        @Override
        public String toString() { // never print the password
            return "Postgres[" + jdbcUrl + ", user=" + user + "]";
        }
    }
}
