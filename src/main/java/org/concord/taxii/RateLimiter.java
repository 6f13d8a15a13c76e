package org.concord.taxii;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Token buckets, one per credential: {@code burst} requests at once, refilled at {@code perSecond}.
 * Time comes from a nanosecond ticker (the node's {@link org.concord.Time#nanoTime}; tests move it by
 * hand). A bucket left alone until it is full again is forgotten (a new one starts full: the same).
 */
final class RateLimiter {
    private static final int MAX_BUCKETS = 100_000;

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanos;
    private final Cache<String, Bucket> buckets;

    RateLimiter(double perSecond, int burst, LongSupplier nanos) {
        if (perSecond <= 0 || burst < 1) throw new IllegalArgumentException("rate must be > 0 and burst >= 1: " + perSecond + ", " + burst);
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanos = nanos;
        Duration refilled = Duration.ofNanos((long) Math.ceil(burst / perSecond * 1e9));
        this.buckets = Caffeine.newBuilder().maximumSize(MAX_BUCKETS).expireAfterAccess(refilled).ticker(nanos::getAsLong)
                .executor(Runnable::run).build();
    }

    /** 0 if a request by {@code key} may go now, else the seconds to wait before it may. */
    long acquire(String key) {
        Bucket b = buckets.get(key, k -> new Bucket(burst, nanos.getAsLong()));
        synchronized (b) {
            long now = nanos.getAsLong();
            b.tokens = Math.min(burst, b.tokens + (now - b.last) / 1e9 * perSecond);
            b.last = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - b.tokens) / perSecond));
        }
    }

    private static final class Bucket {
        double tokens;
        long last;

        Bucket(double tokens, long last) {
            this.tokens = tokens;
            this.last = last;
        }
    }
}
