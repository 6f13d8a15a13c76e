package org.concord.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.node.NodeConfig;
import org.concord.stix.Tlp;

/**
 * The webhook endpoints of a node: the {@code "webhooks"} array of {@code node.json}, parsed once and
 * validated with messages that name the endpoint and what to fix.
 *
 * <pre>{@code
 * "webhooks": [
 *   {"name": "soc", "url": "https://soc.example/concord", "secret_file": "secrets/soc.secret",
 *    "min_severity": "high", "max_tlp": "amber", "timeout_seconds": 10, "give_up_after_hours": 24,
 *    "ca_file": "secrets/soc-ca.pem", "comment": "the SOC's SOAR"}
 * ]
 * }</pre>
 *
 * <p>{@code name}, {@code url} and {@code secret_file} are required. {@code url} is https, or http
 * only to a loopback address or with {@code "allow_http": true}; it carries no user or password
 * (the secret file is for secrets). {@code secret_file} (relative to the node folder) holds at least
 * {@value WebhookSecret#MIN_LENGTH} characters; it is read here and never logged. Optional, with
 * their defaults: {@code min_severity} (none: every alert; a level {@code low|medium|high|critical}
 * or a score 0..100), {@code max_tlp} ({@code amber+strict}; never {@code red}), {@code timeout_seconds}
 * (10, 1..120), {@code give_up_after_hours} (24, 1..720), {@code ca_file} (PEM certificates to trust
 * instead of the JDK's CAs), {@code allow_http} (false), {@code comment}. Unknown fields are refused.
 */
public final class Webhooks {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("name", "url", "secret_file", "min_severity", "max_tlp", "timeout_seconds",
            "give_up_after_hours", "ca_file", "allow_http", "comment");

    private Webhooks() {}

    /**
     * The webhooks of the node in {@code dir}, from its node.json (none when it has no
     * {@code "webhooks"}).
     *
     * @throws ConcordException INVALID_CONFIGURATION naming the file, the endpoint and what to fix
     */
    public static List<Webhook> load(Path dir) {
        Path file = dir.resolve(NodeConfig.FILE);
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ConcordException(ErrorCode.INVALID_CONFIGURATION, file + " cannot be read as JSON: " + e.getMessage());
        }
        try {
            return parse(root.path("webhooks"), dir);
        } catch (IllegalArgumentException e) {
            throw new ConcordException(ErrorCode.INVALID_CONFIGURATION, file + ": " + e.getMessage());
        }
    }

    /**
     * Parses a {@code "webhooks"} array, reading secret and CA files relative to {@code dir}.
     *
     * @throws IllegalArgumentException naming the endpoint ("webhooks[1] (soc)") and what to fix
     */
    public static List<Webhook> parse(JsonNode array, Path dir) {
        if (array.isMissingNode() || array.isNull()) return List.of();
        if (!array.isArray()) throw new IllegalArgumentException("\"webhooks\" must be an array of endpoints");
        List<Webhook> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode w = array.get(i);
            String where = "webhooks[" + i + "]";
            if (!w.isObject()) throw new IllegalArgumentException(where + " must be an object");
            JsonNode n = w.get("name");
            if (n != null && n.isTextual()) where += " (" + n.textValue() + ")";
            try {
                Webhook hook = one(w, dir);
                if (!names.add(hook.name())) throw new IllegalArgumentException("another webhook is already named " + hook.name());
                out.add(hook);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(out);
    }

    private static Webhook one(JsonNode w, Path dir) {
        for (Iterator<String> it = w.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException("unknown field \"" + f + "\"; known: " + String.join(", ", FIELDS.stream().sorted().toList()));
            }
        }
        String name = text(w, "name", true);
        if (!name.matches("[a-z0-9][a-z0-9._-]{0,62}")) {
            throw new IllegalArgumentException("name must be 1-63 lower-case letters, digits, '.', '_' or '-': " + name);
        }
        boolean allowHttp = bool(w, "allow_http");
        URI url = url(text(w, "url", true), allowHttp);
        WebhookSecret secret = secret(dir, text(w, "secret_file", true));
        String floor = w.has("min_severity") ? (w.get("min_severity").isNumber() ? w.get("min_severity").asText()
                : text(w, "min_severity", true)) : null;
        SeverityFloor minSeverity;
        try {
            minSeverity = floor == null ? null : SeverityFloor.parse(floor);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("min_severity: " + e.getMessage());
        }
        Tlp maxTlp;
        try {
            maxTlp = w.has("max_tlp") ? Tlp.parse(text(w, "max_tlp", true)) : Tlp.AMBER_STRICT;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("max_tlp: " + e.getMessage());
        }
        if (maxTlp == Tlp.RED) {
            throw new IllegalArgumentException("max_tlp is red, but TLP:RED never leaves the node: use amber+strict at most");
        }
        Duration timeout = Duration.ofSeconds(integer(w, "timeout_seconds", 10, 1, 120));
        Duration giveUp = Duration.ofHours(integer(w, "give_up_after_hours", 24, 1, 720));
        List<X509Certificate> trust = w.has("ca_file") ? certificates(dir, text(w, "ca_file", true)) : List.of();
        return new Webhook(name, url, secret, minSeverity, maxTlp, timeout, giveUp, trust);
    }

    private static URI url(String text, boolean allowHttp) {
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url is not a URL: " + e.getMessage());
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase();
        if (!scheme.equals("https") && !scheme.equals("http") || url.getHost() == null) {
            throw new IllegalArgumentException("url must be an absolute https:// URL with a host: " + text);
        }
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("url must not carry a user or password; the endpoint authenticates deliveries by their signature");
        }
        if (url.getRawFragment() != null) throw new IllegalArgumentException("url must not have a #fragment: " + text);
        if (scheme.equals("http") && !allowHttp && !loopback(url.getHost())) {
            throw new IllegalArgumentException("url must be https:// (plain http only to a loopback address, or with \"allow_http\": true): "
                    + url.getScheme() + "://" + url.getHost());
        }
        return url;
    }

    /** A loopback literal or "localhost": names are not resolved, a DNS answer could change later. */
    static boolean loopback(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) return true;
        if (!h.matches("[0-9.]+") && !h.contains(":")) return false;
        try {
            return InetAddress.getByName(h).isLoopbackAddress(); // a literal: no lookup
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static WebhookSecret secret(Path dir, String file) {
        Path p = dir.resolve(file);
        String text;
        try {
            text = Files.readString(p);
        } catch (IOException e) {
            throw new IllegalArgumentException("secret_file cannot be read: " + p + " (" + e.getClass().getSimpleName() + ")");
        }
        try {
            return WebhookSecret.of(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("secret_file " + p + ": " + e.getMessage());
        }
    }

    private static List<X509Certificate> certificates(Path dir, String file) {
        Path p = dir.resolve(file);
        try (InputStream in = Files.newInputStream(p)) {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) out.add((X509Certificate) c);
            if (out.isEmpty()) throw new IllegalArgumentException("ca_file holds no certificate: " + p);
            return out;
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException("ca_file is not readable PEM certificates: " + p + " (" + e.getMessage() + ")");
        }
    }

    private static String text(JsonNode w, String field, boolean required) {
        JsonNode v = w.get(field);
        if (v == null) {
            if (required) throw new IllegalArgumentException("\"" + field + "\" (a non-empty string) is required");
            return null;
        }
        if (!v.isTextual() || v.textValue().isBlank()) throw new IllegalArgumentException(field + " must be a non-empty string: " + v);
        return v.textValue();
    }

    private static boolean bool(JsonNode w, String field) {
        JsonNode v = w.get(field);
        if (v == null) return false;
        if (!v.isBoolean()) throw new IllegalArgumentException(field + " must be true or false: " + v);
        return v.booleanValue();
    }

    private static int integer(JsonNode w, String field, int fallback, int min, int max) {
        JsonNode v = w.get(field);
        if (v == null) return fallback;
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
            throw new IllegalArgumentException(field + " must be a whole number " + min + ".." + max + ": " + v);
        }
        return v.intValue();
    }
}
