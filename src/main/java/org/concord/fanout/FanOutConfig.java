package org.concord.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.node.NodeConfig;

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
    private static final Set<String> FIELDS = Set.of("max_streams", "max_streams_per_client", "heartbeat_seconds", "poll_seconds");

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

    /**
     * The {@code "fanout"} section of the node in {@code dir}.
     *
     * @throws ConcordException INVALID_CONFIGURATION naming the file and what to fix
     */
    public static FanOutConfig load(Path dir) {
        Path file = dir.resolve(NodeConfig.FILE);
        try {
            return parse(new ObjectMapper().readTree(Files.readAllBytes(file)).path("fanout"));
        } catch (IOException e) {
            throw new ConcordException(ErrorCode.INVALID_CONFIGURATION, file + " cannot be read as JSON: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ConcordException(ErrorCode.INVALID_CONFIGURATION, file + ": " + e.getMessage());
        }
    }

    /**
     * Parses the {@code "fanout"} object of node.json (missing: the defaults).
     *
     * @throws IllegalArgumentException naming the field and what to fix
     */
    public static FanOutConfig parse(JsonNode section) {
        if (section == null || section.isMissingNode() || section.isNull()) return defaults();
        if (!section.isObject()) throw new IllegalArgumentException("\"fanout\" must be an object");
        for (Iterator<String> it = section.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) throw new IllegalArgumentException("fanout." + f + " is not a setting; known: " + String.join(", ", FIELDS.stream().sorted().toList()));
        }
        FanOutConfig d = defaults();
        return new FanOutConfig(integer(section, "max_streams", d.maxStreams()),
                integer(section, "max_streams_per_client", Math.min(d.maxStreamsPerClient(), integer(section, "max_streams", d.maxStreams()))),
                Duration.ofSeconds(integer(section, "heartbeat_seconds", (int) d.heartbeat().toSeconds())),
                Duration.ofSeconds(integer(section, "poll_seconds", (int) d.poll().toSeconds())));
    }

    private static int integer(JsonNode section, String field, int fallback) {
        JsonNode v = section.get(field);
        if (v == null) return fallback;
        if (!v.canConvertToInt() || !v.isIntegralNumber()) throw new IllegalArgumentException("fanout." + field + " must be a whole number: " + v);
        return v.intValue();
    }
}
