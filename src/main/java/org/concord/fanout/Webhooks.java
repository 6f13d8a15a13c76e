package org.concord.fanout;

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
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.concord.config.Section;
import org.concord.stix.Tlp;

/**
 * The webhook endpoints of a node: the {@code "webhooks"} array of {@code node.json}, parsed once
 * ({@link #parse}) and validated with messages that name the endpoint, the value and what to fix.
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
    /** Its member of node.json. */
    public static final String SECTION = "webhooks";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    private static final Set<String> FIELDS = Set.of("name", "url", "secret_file", "min_severity", "max_tlp", "timeout_seconds",
            "give_up_after_hours", "ca_file", "allow_http", "comment");

    private Webhooks() {}

    /**
     * Parses the {@code "webhooks"} array of node.json (absent: none), reading secret and CA files
     * relative to the node folder. Problems are said at the endpoint, labelled with its name
     * ({@code /webhooks/1 (soc)}), or at its value when one value is wrong.
     */
    public static List<Webhook> parse(Section array) {
        List<Webhook> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Section element : array.elements()) {
            Section w = element.labelled(element.peek("name"));
            Webhook hook = one(w);
            if (hook == null) continue;
            if (!names.add(hook.name())) w.problem("another webhook is already named " + hook.name());
            else out.add(hook);
        }
        return List.copyOf(out);
    }

    private static Webhook one(Section w) {
        w.known(FIELDS);
        w.require("name", "a non-empty string");
        w.require("url", "an https:// URL");
        w.require("secret_file", "a non-empty string");
        String name = w.text("name", null, n -> {
            if (!NAME.matcher(n).matches()) throw new IllegalArgumentException("must be 1-63 lower-case letters, digits, '.', '_' or '-': " + n);
            return n;
        });
        boolean allowHttp = w.bool("allow_http", false);
        URI url = w.text("url", null, text -> url(text, allowHttp));
        WebhookSecret secret = w.text("secret_file", null, file -> secret(w.path("secret_file"), file));
        SeverityFloor minSeverity = w.scalar("min_severity", null, SeverityFloor::parse); // a level, or a score as a number
        Tlp maxTlp = w.text("max_tlp", Tlp.AMBER_STRICT, Webhooks::maxTlp);
        Duration timeout = Duration.ofSeconds(w.integer("timeout_seconds", 10, 1, 120));
        Duration giveUp = Duration.ofHours(w.integer("give_up_after_hours", 24, 1, 720));
        List<X509Certificate> trust = w.text("ca_file", List.of(), file -> certificates(w.path("ca_file")));
        return w.build(() -> new Webhook(name, url, secret, minSeverity, maxTlp, timeout, giveUp, trust));
    }

    private static Tlp maxTlp(String text) {
        Tlp level = Tlp.parse(text);
        if (level == Tlp.RED) throw new IllegalArgumentException("is red, but TLP:RED never leaves the node: use amber+strict at most");
        return level;
    }

    private static URI url(String text, boolean allowHttp) {
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a URL: " + e.getMessage());
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase();
        if (!scheme.equals("https") && !scheme.equals("http") || url.getHost() == null) {
            throw new IllegalArgumentException("must be an absolute https:// URL with a host: " + text);
        }
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("must not carry a user or password; the endpoint authenticates deliveries by their signature");
        }
        if (url.getRawFragment() != null) throw new IllegalArgumentException("must not have a #fragment: " + text);
        if (scheme.equals("http") && !allowHttp && !loopback(url.getHost())) {
            throw new IllegalArgumentException("must be https:// (plain http only to a loopback address, or with \"allow_http\": true): "
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

    /** The secret in {@code p} ({@code file} as node.json names it); messages never show it. */
    private static WebhookSecret secret(Path p, String file) {
        String text;
        try {
            text = Files.readString(p);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot be read: " + p + " (" + e.getClass().getSimpleName() + ")");
        }
        try {
            return WebhookSecret.of(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(p + ": " + e.getMessage());
        }
    }

    private static List<X509Certificate> certificates(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) out.add((X509Certificate) c);
            if (out.isEmpty()) throw new IllegalArgumentException("holds no certificate: " + p);
            return out;
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException("is not readable PEM certificates: " + p + " (" + e.getMessage() + ")");
        }
    }
}
