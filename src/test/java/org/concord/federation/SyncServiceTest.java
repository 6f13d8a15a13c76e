package org.concord.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.UUID;
import org.concord.stix.StixObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sync running continuously as serve runs it: a write is pushed along a chain without a poll; backoff bounds. */
class SyncServiceTest {
    @TempDir
    Path tmp;

    @Test
    void aWriteIsPushedAlongAChainAsItIsStoredAndTheServiceStopsCleanly() {
        try (TestFederation f = new TestFederation(tmp)) {
            TestFederation.Member a = f.node("cert-ee", "EE"), b = f.node("cert-lv", "LV"), c = f.node("cert-lt", "LT");
            f.link(a, b);
            f.link(b, c);
            // polls far apart: only the store listener can make this quick
            for (TestFederation.Member m : java.util.List.of(a, b, c)) {
                m.syncSettings(TestFederation.JSON.createObjectNode().put("poll_seconds", 3600).put("pull_seconds", 3600));
            }
            a.agree(TestFederation.outbound("cert-lv", true));
            b.agree(TestFederation.inbound("cert-ee", true), TestFederation.outbound("cert-lt", true));
            c.agree(TestFederation.inbound("cert-lv", true));
            f.start();
            a.startSync();
            b.startSync();
            c.startSync();
            StixObject x = a.put(Samples.indicator("indicator--" + UUID.randomUUID(), "2026-02-01T00:00:00.000Z"));
            assertThat(TestFederation.eventually(() -> c.version(x).isPresent())).as("x reached C").isTrue();
            StixObject y = a.put(Samples.indicator("indicator--" + UUID.randomUUID(), "2026-02-01T00:00:00.000Z"));
            assertThat(TestFederation.eventually(() -> c.version(y).isPresent())).as("y reached C").isTrue();
            a.stop();
            b.stop();
            c.stop();
        }
    }

    @Test
    void backoffDoublesFromOneSecondToFiveMinutesWithJitterInTheUpperHalf() {
        SplittableRandom random = new SplittableRandom(7);
        for (int failures = 1; failures < 40; failures++) {
            long cap = Math.min(300_000L, 1000L << Math.min(failures - 1, 20));
            for (int i = 0; i < 50; i++) {
                Duration d = SyncService.RETRY.delay(failures, random);
                assertThat(d.toMillis()).as("after %d failures", failures).isBetween(cap / 2, cap);
            }
        }
        assertThat(SyncService.RETRY.delay(1, random).toMillis()).isBetween(500L, 1000L);
        assertThat(SyncService.RETRY.delay(9, random).toMillis()).isBetween(128_000L, 256_000L);
        assertThat(SyncService.RETRY.delay(10, random).toMillis()).isBetween(150_000L, 300_000L);
    }
}
