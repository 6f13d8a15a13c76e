package org.concord.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.junit.jupiter.api.Test;

/** The store contract on a real PostgreSQL. */
class PostgresStoreTest extends StoreContractTest {

    @Override
    protected StoreConfig newDatabase() {
        return new StoreConfig.Postgres(PostgresServer.newDatabase(), "postgres", null);
    }

    @Test
    void aFailureToConnectNamesTheServerButNeverThePassword() {
        StoreConfig wrong = new StoreConfig.Postgres(PostgresServer.url("no_such_database"), "postgres", "s3cret-Pa55");

        assertThatThrownBy(() -> Stores.open(wrong)).isInstanceOfSatisfying(ConcordException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.STORE_FAILURE);
            assertThat(e.getMessage()).contains("127.0.0.1").contains("no_such_database").doesNotContain("s3cret-Pa55");
        });
    }
}
