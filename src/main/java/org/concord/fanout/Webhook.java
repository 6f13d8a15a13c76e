package org.concord.fanout;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.concord.stix.Tlp;

/**
 * One webhook endpoint of {@code node.json}'s {@code "webhooks"} (parsed by {@link Webhooks}).
 *
 * @param name        the endpoint's name: its delivery queue and state are kept under it
 * @param url         where alerts are POSTed: https, or http to a loopback address (or when allowed)
 * @param secret      the shared secret that signs each delivery
 * @param minSeverity the least severity sent, or null for every alert
 * @param maxTlp      the most restricted TLP level sent (never RED: TLP:RED never leaves the node)
 * @param timeout     how long one attempt may take (connecting, sending, answering)
 * @param giveUpAfter how long a delivery is retried before it is given up
 * @param trust       certificates trusted for the endpoint's TLS instead of the JDK's CAs (empty:
 *                    the JDK's)
 */
public record Webhook(String name, URI url, WebhookSecret secret, SeverityFloor minSeverity, Tlp maxTlp, Duration timeout,
                      Duration giveUpAfter, List<X509Certificate> trust) {

    public Webhook {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(maxTlp, "maxTlp");
        if (maxTlp == Tlp.RED) throw new IllegalArgumentException("max_tlp cannot be red: TLP:RED never leaves the node");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(giveUpAfter, "giveUpAfter");
        trust = List.copyOf(trust);
    }

    /**
     * Whether the endpoint takes this alert: its effective TLP ({@code level}: its TLP marking, else
     * the handling level stored beside it, else the node's default; docs/sovereignty.md) is at most
     * {@link #maxTlp}, and its severity at least {@link #minSeverity}.
     */
    public boolean takes(AlertSummary alert, Tlp level) {
        if (level.isStricterThan(maxTlp)) return false;
        return minSeverity == null || minSeverity.admits(alert);
    }

    /** Scheme, host and port of the URL: what logs show (a URL's path may itself be a credential). */
    public String origin() {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "");
    }

    @Override
    public String toString() {
        return "webhook " + name + " (" + origin() + ")";
    }
}
