package org.concord.policy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;

/**
 * Keyed pseudonyms for one partner: HMAC-SHA256 under the partner's derived key, truncated to 128
 * bits. The same value always gets the same pseudonym for one partner; without the node's key the
 * pseudonym cannot be reversed or recomputed from a guess.
 *
 * <p>An email address becomes an email address ({@code p-<hex>@pseudonym.invalid}, a reserved
 * domain, RFC 2606) so that properties that must hold one stay valid; any other value becomes
 * {@code pii-<hex>}. Ids become ids of the same type with a UUID drawn from the HMAC.
 */
final class Pseudonymizer {
    private static final HexFormat HEX = HexFormat.of();
    private final Mac prototype;

    Pseudonymizer(Mac keyed) {
        this.prototype = keyed;
    }

    /** A pseudonymising session: not thread-safe; one per decision. */
    Session session() {
        try {
            return new Session((Mac) prototype.clone());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("HmacSHA256 is cloneable in the JDK", e);
        }
    }

    static final class Session {
        private final Mac mac;

        private Session(Mac mac) {
            this.mac = mac;
        }

        private byte[] digest(String domain, String value) {
            mac.update(domain.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        }

        /** The pseudonym of {@code value}. */
        String value(String value) {
            String hex = HEX.formatHex(digest("value", value), 0, 16);
            return looksLikeEmail(value) ? "p-" + hex + "@pseudonym.invalid" : "pii-" + hex;
        }

        /** A pseudonymous id of the same type as {@code id}, with an RFC 4122 version 4 UUID. */
        String id(String id) {
            int sep = id.indexOf("--");
            byte[] d = digest("id", id);
            d[6] = (byte) ((d[6] & 0x0f) | 0x40);
            d[8] = (byte) ((d[8] & 0x3f) | 0x80);
            String h = HEX.formatHex(d, 0, 16);
            return id.substring(0, sep) + "--" + h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16)
                    + "-" + h.substring(16, 20) + "-" + h.substring(20, 32);
        }

        private static boolean looksLikeEmail(String v) {
            int at = v.lastIndexOf('@');
            return at > 0 && at < v.length() - 1 && v.indexOf(' ') < 0;
        }
    }
}
