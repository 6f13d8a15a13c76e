package org.concord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The one backoff of sync and webhooks: doubling from the first delay to the cap, jittered in the upper half. */
class BackoffTest {
    private static final Backoff SECOND_TO_FIVE_MINUTES = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));

    /** Always the lowest draw, or always the highest. */
    private static RandomGenerator fixed(boolean highest) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public long nextLong(long bound) {
                return highest ? bound - 1 : 0;
            }
        };
    }

    @Test
    void theDelayDoublesWithEachFailureUpToTheCap() {
        long[] expected = {1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000, 300_000};
        for (int attempt = 1; attempt <= expected.length; attempt++) {
            assertThat(SECOND_TO_FIVE_MINUTES.delay(attempt, fixed(true)).toMillis()).as("attempt %d", attempt)
                    .isEqualTo(expected[attempt - 1]);
            assertThat(SECOND_TO_FIVE_MINUTES.delay(attempt, fixed(false)).toMillis()).as("attempt %d", attempt)
                    .isEqualTo(expected[attempt - 1] / 2);
        }
    }

    @Test
    void everyDelayIsDrawnBetweenItsHalfAndItself() {
        SplittableRandom random = new SplittableRandom(11);
        Backoff webhooks = new Backoff(Duration.ofMillis(20), Duration.ofMillis(200));
        for (int attempt = 1; attempt < 12; attempt++) {
            long cap = Math.min(200, 20L << (attempt - 1));
            for (int i = 0; i < 200; i++) {
                assertThat(webhooks.delay(attempt, random).toMillis()).as("attempt %d", attempt).isBetween(cap / 2, cap);
            }
        }
    }

    @Test
    void anAttemptBelowOneIsTheFirstAndAVeryLateOneStaysAtTheCap() {
        assertThat(SECOND_TO_FIVE_MINUTES.delay(0, fixed(true))).isEqualTo(Duration.ofSeconds(1));
        assertThat(SECOND_TO_FIVE_MINUTES.delay(-3, fixed(true))).isEqualTo(Duration.ofSeconds(1));
        for (int attempt : new int[] {20, 53, 54, 63, 64, 1_000, Integer.MAX_VALUE}) {
            assertThat(SECOND_TO_FIVE_MINUTES.delay(attempt, fixed(true))).as("attempt %d", attempt).isEqualTo(Duration.ofMinutes(5));
        }
    }

    @Test
    void theFirstDelayMustBePositiveAndNoLongerThanTheCap() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 < first <= max");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 < first <= max");
    }
}
