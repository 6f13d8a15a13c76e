package org.concord.store.jdbc;

import org.concord.store.StoreConfig;

/**
 * Test-only: what tests in other packages need of the store's internals (the id hash its schema
 * keeps, the threshold at which recent ids merge, where the migrations are). It lives in the test
 * sources, so none of it is API of the store.
 */
public final class StoreInternals {
    private StoreInternals() {}

    /** The 64-bit lookup key the schema stores beside each STIX id (for tests writing the schema directly). */
    public static long idHash(String id) {
        return Rows.idHash(id);
    }

    /** The least number of recent ids the store lets wait before it merges them (migration V10). */
    public static long minMerge() {
        return BatchWrite.minMerge;
    }

    /** Sets {@link #minMerge()}, for a test that wants merges after a few versions (and restores it after). */
    public static void minMerge(long n) {
        BatchWrite.minMerge = n;
    }

    /** The Flyway locations of every migration (the store's and each capability's) for the database of {@code config}. */
    public static String[] migrationLocations(StoreConfig config) {
        return Migrations.locations(config instanceof StoreConfig.Postgres ? "postgresql" : "sqlite");
    }
}
