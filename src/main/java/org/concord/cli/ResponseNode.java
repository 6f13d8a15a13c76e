package org.concord.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.Time;
import org.concord.response.ResponseApi;
import org.concord.runtime.NodeServices;
import org.concord.stix.StixTimestamp;
import org.concord.stix.Tlp;
import picocli.CommandLine.Option;

/**
 * The options every {@code concord case …} and {@code concord request …} command takes
 * ({@code --dir}, {@code --json}), the node's coordinated response they call, and the parsing and
 * printing they share. The one place a command gets its {@link ResponseApi}: {@link #open()}.
 */
class ResponseNode {
    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "concord-data",
            description = "The node's folder (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--json", description = "Print the result as JSON (the REST API's form), on one line.")
    boolean json;

    /** The node opened, and its coordinated response; closing it closes the node. */
    record Opened(AutoCloseable node, ResponseApi api) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            node.close();
        }
    }

    /** Opens the node (beside a serving process, as {@code sighting add} does) and its coordinated response. */
    Opened open() {
        NodeServices services = NodeServices.open(dir, Time.system());
        try {
            return new Opened(services, services.response());
        } catch (RuntimeException e) {
            services.close();
            throw e;
        }
    }

    /** {@code json} on one line with {@code --json}, else {@code text}. */
    void print(JsonNode json, String text) {
        System.out.println(this.json ? json.toString() : text);
    }

    /** An enum constant by its wire name ({@code in_progress}, {@code in-progress}); the message lists them. */
    static <E extends Enum<E>> E choice(Class<E> type, String option, String text) {
        String wire = text.strip().toLowerCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().toLowerCase(Locale.ROOT).equals(wire)) return e;
        }
        throw new ConcordException(ErrorCode.INVALID_ARGUMENT, option + " must be one of " + Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")) + ": " + text);
    }

    /** A timestamp option ({@code 2026-12-09T09:00:00Z}); null when not given. */
    static Instant time(String option, String text) {
        if (text == null) return null;
        String problem = StixTimestamp.check(text);
        if (problem != null) throw new ConcordException(ErrorCode.INVALID_ARGUMENT, option + ": " + problem);
        return StixTimestamp.parse(text);
    }

    /** A TLP option; null when not given. */
    static Tlp tlp(String text) {
        if (text == null) return null;
        try {
            return Tlp.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConcordException(ErrorCode.INVALID_ARGUMENT, "--tlp: " + e.getMessage());
        }
    }

    /** A STIX id argument of {@code type} ({@code incident--…}). */
    static String id(String what, String type, String text) {
        if (text == null || !text.matches(type.replace("-", "\\-") + "--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
            throw new ConcordException(ErrorCode.INVALID_ARGUMENT, "not a " + what + " id (" + type + "--uuid, lower-case hex): " + text);
        }
        return text;
    }

    static String orDash(Object o) {
        return o == null ? "-" : o.toString();
    }
}
