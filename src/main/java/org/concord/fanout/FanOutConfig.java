package org.concord.fanout;

import java.time.Duration;
import java.util.Set;
import org.concord.config.Section;

/**
 * The optional {@code "fanout"} section of {@code node.json}: the server-sent-events stream of
 * alerts and how often the node looks for alerts written by other processes.
 * <pre>
 * "fanout": {"max_streams": 64, "max_streams_per_client": 4, "heartbeat_seconds": 15, "poll_seconds": 2}
 * </pre>
 *
 * @param maxStreams          streams open at once on this node; one more is refused (503)
 * @param maxStreamsPerClient streams one credential (token or partner) may hold open at once
 * @param heartbeat           a comment line is sent on an idle stream this often (keeps proxies
 *                            and the server's idle timeout from closing it; must be shorter than
 *                            {@code taxii.idle_timeout_seconds})
 * @param poll                how often the alerts collection is checked for writes by another process
 */
public record FanOutConfig(int maxStreams, int maxStreamsPerClient, Duration heartbeat, Duration poll) {
    /** Its member of node.json. */
    public static final String SECTION = "fanout";
    private static final Set<String> FIELDS = Set.of("max_streams", "max_streams_per_client", "heartbeat_seconds", "poll_seconds",
            "comment");

    public FanOutConfig {
        if (maxStreams < 1 || maxStreams > 10_000) throw new IllegalArgumentException("fanout.max_streams must be 1..10000: " + maxStreams);
        if (maxStreamsPerClient < 1 || maxStreamsPerClient > maxStreams) {
            throw new IllegalArgumentException("fanout.max_streams_per_client must be 1..max_streams (" + maxStreams + "): "
                    + maxStreamsPerClient);
        }
        if (heartbeat.isNegative() || heartbeat.isZero()) throw new IllegalArgumentException("fanout.heartbeat_seconds must be positive: " + heartbeat);
        if (poll.isNegative() || poll.isZero()) throw new IllegalArgumentException("fanout.poll_seconds must be positive: " + poll);
    }

    /** The defaults: 64 streams, 4 per client, a heartbeat every 15 s, a poll every 2 s. */
    public static FanOutConfig defaults() {
        return new FanOutConfig(64, 4, Duration.ofSeconds(15), Duration.ofSeconds(2));
    }

    /** Parses the {@code "fanout"} section of node.json (absent: the defaults). */
    public static FanOutConfig parse(Section section) {
        FanOutConfig d = defaults();
        section.known(FIELDS);
        int maxStreams = section.integer("max_streams", d.maxStreams(), 1, 10_000);
        int perClient = section.integer("max_streams_per_client", Math.min(d.maxStreamsPerClient(), maxStreams), 1, 10_000);
        if (perClient > maxStreams) {
            section.get("max_streams_per_client").problem("must be at most max_streams (" + maxStreams + "): " + perClient);
        }
        Duration heartbeat = section.seconds("heartbeat_seconds", d.heartbeat(), 1, Integer.MAX_VALUE);
        Duration poll = section.seconds("poll_seconds", d.poll(), 1, Integer.MAX_VALUE);
        FanOutConfig out = section.build(() -> new FanOutConfig(maxStreams, perClient, heartbeat, poll));
        return out != null ? out : d;
    }
}
