package org.concord.taxii;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.config.Section;
import org.concord.node.NodeConfig;
import org.concord.store.ObjectFilter;

/**
 * How the TAXII server listens and what it allows, from the node's {@code server} section and an
 * optional {@code taxii} section of {@code node.json} ({@link #parse}; unknown fields refused):
 * <pre>
 * "taxii": {
 *   "api_root": "cert-ee",                 // path of the API root (default: the node name)
 *   "title": "...", "description": "...", "contact": "...",
 *   "max_content_length": 67108864,        // bytes a POST may carry (default 64 MiB)
 *   "page_size": 1000,                     // objects per page when the client sets no limit
 *   "rate_limit": {"per_second": 50, "burst": 200},   // per credential
 *   "idle_timeout_seconds": 30, "header_timeout_seconds": 10
 * }
 * </pre>
 *
 * @param plainHttp HTTP without TLS: only with an explicit request and a loopback bind address
 */
public record TaxiiConfig(String bind, int port, boolean plainHttp, String apiRoot, String title, String description,
                          String contact, long maxContentLength, int pageSize, double ratePerSecond, int rateBurst,
                          Duration idleTimeout, Duration headerTimeout, int maxRequestHeaderBytes, int maxConcurrentPosts) {

    public static final long DEFAULT_MAX_CONTENT_LENGTH = 64L * 1024 * 1024;
    /** Its member of node.json. */
    public static final String SECTION = "taxii";
    private static final Set<String> FIELDS = Set.of("api_root", "title", "description", "contact", "max_content_length", "page_size",
            "rate_limit", "idle_timeout_seconds", "header_timeout_seconds", "comment");
    private static final Pattern API_ROOT = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    public TaxiiConfig {
        Objects.requireNonNull(bind, "bind");
        if (port < 0 || port > 65535) throw invalid("port must be 0..65535: " + port);
        if (apiRoot == null || !API_ROOT.matcher(apiRoot).matches() || apiRoot.equals("taxii2")) {
            throw invalid("taxii.api_root must be 1-63 lower-case letters, digits, '.', '_' or '-', and not taxii2: " + apiRoot);
        }
        Objects.requireNonNull(title, "title");
        if (description == null) description = "";
        if (maxContentLength < 1024) throw invalid("taxii.max_content_length must be at least 1024 bytes: " + maxContentLength);
        if (pageSize < 1 || pageSize > ObjectFilter.MAX_LIMIT) {
            throw invalid("taxii.page_size must be 1.." + ObjectFilter.MAX_LIMIT + ": " + pageSize);
        }
        if (ratePerSecond <= 0 || rateBurst < 1) throw invalid("taxii.rate_limit needs per_second > 0 and burst >= 1");
        if (plainHttp && !isLoopback(bind)) {
            throw invalid("plain HTTP (--insecure-http) is only allowed on a loopback address such as 127.0.0.1 or ::1, not "
                    + bind + "; serve HTTPS on other addresses");
        }
    }

    /**
     * Parses the {@code "taxii"} section of node.json (absent: the defaults) for the node
     * {@code node} describes, listening where its {@code server} section says. When the node's own
     * settings did not parse ({@code node} null), the section is checked all the same and null returned.
     */
    public static TaxiiConfig parse(Section t, NodeConfig node) {
        t.known(FIELDS);
        String name = node == null ? "node" : node.name();
        String apiRoot = t.text("api_root", name.equals("taxii2") ? "api1" : name, root -> {
            if (!API_ROOT.matcher(root).matches() || root.equals("taxii2")) {
                throw new IllegalArgumentException("must be 1-63 lower-case letters, digits, '.', '_' or '-', and not taxii2: " + root);
            }
            return root;
        });
        String title = t.text("title", "Concord node " + name);
        String description = t.text("description", node == null ? "" : "TAXII 2.1 API root of " + node.member().name()
                + " (" + node.member().country() + ")");
        String contact = t.text("contact", null);
        long maxContentLength = t.whole("max_content_length", DEFAULT_MAX_CONTENT_LENGTH, 1024, Long.MAX_VALUE);
        int pageSize = t.integer("page_size", 1000, 1, ObjectFilter.MAX_LIMIT);
        Section rate = t.get("rate_limit");
        rate.known(Set.of("per_second", "burst"));
        double perSecond = rate.positive("per_second", 50);
        int burst = rate.integer("burst", 200, 1, Integer.MAX_VALUE);
        Duration idle = t.seconds("idle_timeout_seconds", Duration.ofSeconds(30), 1, Integer.MAX_VALUE);
        Duration header = t.seconds("header_timeout_seconds", Duration.ofSeconds(10), 1, Integer.MAX_VALUE);
        if (node == null) return null;
        return t.build(() -> new TaxiiConfig(node.server().bind(), node.server().port(), false, apiRoot, title, description, contact,
                maxContentLength, pageSize, perSecond, burst, idle, header, 16 * 1024, 8));
    }

    /** Defaults for tests and tools: loopback, a random port. */
    public static TaxiiConfig defaults(String apiRoot) {
        return new TaxiiConfig("127.0.0.1", 0, false, apiRoot, "Concord test node", "", null,
                DEFAULT_MAX_CONTENT_LENGTH, 1000, 50, 200, Duration.ofSeconds(30), Duration.ofSeconds(10), 16 * 1024, 8);
    }

    public TaxiiConfig withListener(String bind, int port, boolean plainHttp) {
        return new TaxiiConfig(bind, port, plainHttp, apiRoot, title, description, contact, maxContentLength, pageSize,
                ratePerSecond, rateBurst, idleTimeout, headerTimeout, maxRequestHeaderBytes, maxConcurrentPosts);
    }

    public TaxiiConfig withRateLimit(double perSecond, int burst) {
        return new TaxiiConfig(bind, port, plainHttp, apiRoot, title, description, contact, maxContentLength, pageSize,
                perSecond, burst, idleTimeout, headerTimeout, maxRequestHeaderBytes, maxConcurrentPosts);
    }

    public TaxiiConfig withMaxContentLength(long bytes) {
        return new TaxiiConfig(bind, port, plainHttp, apiRoot, title, description, contact, bytes, pageSize,
                ratePerSecond, rateBurst, idleTimeout, headerTimeout, maxRequestHeaderBytes, maxConcurrentPosts);
    }

    public TaxiiConfig withTimeouts(Duration idle, Duration header) {
        return new TaxiiConfig(bind, port, plainHttp, apiRoot, title, description, contact, maxContentLength, pageSize,
                ratePerSecond, rateBurst, idle, header, maxRequestHeaderBytes, maxConcurrentPosts);
    }

    /** Whether {@code host} is a loopback address (an IP literal or a name resolving only to loopback). */
    public static boolean isLoopback(String host) {
        try {
            InetAddress[] all = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
            for (InetAddress a : all) if (!a.isLoopbackAddress()) return false;
            return all.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static ConcordException invalid(String message) {
        return new ConcordException(ErrorCode.INVALID_CONFIGURATION, message);
    }
}
