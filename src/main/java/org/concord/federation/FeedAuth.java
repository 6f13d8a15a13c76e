package org.concord.federation;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How this node authenticates to a feed: nothing, HTTP Basic (TAXII 2.1 §8.2.2) or a bearer
 * token. Secrets stay in files the operator keeps (read at each round, so they can be rotated);
 * neither the node's database, the command line nor a log ever holds them.
 */
public sealed interface FeedAuth {

    /** Anonymous. */
    record None() implements FeedAuth {}

    /** HTTP Basic: {@code user} and the password read from {@code passwordFile}. */
    record Basic(String user, Path passwordFile) implements FeedAuth {
        public Basic {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(passwordFile, "passwordFile");
            if (user.isEmpty() || user.contains(":") || user.length() > 200) {
                throw new IllegalArgumentException("a Basic user name is 1..200 characters without ':': " + user);
            }
        }
    }

    /** {@code Authorization: Bearer} with the token read from {@code tokenFile}. */
    record Bearer(Path tokenFile) implements FeedAuth {
        public Bearer {
            Objects.requireNonNull(tokenFile, "tokenFile");
        }
    }

    /** "none", "basic" or "bearer", as kept in the database. */
    default String kind() {
        return switch (this) {
            case None n -> "none";
            case Basic b -> "basic";
            case Bearer b -> "bearer";
        };
    }
}
