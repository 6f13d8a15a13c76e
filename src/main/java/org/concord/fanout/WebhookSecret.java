package org.concord.fanout;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The shared secret of one webhook endpoint, read from the file {@code secret_file} names (never
 * from node.json, never logged: {@link #toString()} shows nothing of it), and the signature it
 * makes (docs/warning.md, "Webhooks"):
 *
 * <pre>
 * X-Concord-Signature: sha256=&lt;hex HMAC-SHA256(secret, "&lt;X-Concord-Timestamp&gt;.&lt;body&gt;")&gt;
 * </pre>
 *
 * The key is the secret's text as UTF-8 bytes; the signed message is the timestamp's decimal digits,
 * one full stop, and the body's bytes exactly as sent.
 */
public final class WebhookSecret {
    /** The least length of a secret, in characters. */
    public static final int MIN_LENGTH = 16;
    private static final String HMAC = "HmacSHA256";

    private final SecretKeySpec key;

    private WebhookSecret(byte[] key) {
        this.key = new SecretKeySpec(key, HMAC);
    }

    /**
     * A secret from its text (surrounding white space removed).
     *
     * @throws IllegalArgumentException when shorter than {@link #MIN_LENGTH} (the message never shows it)
     */
    public static WebhookSecret of(String text) {
        String s = Objects.requireNonNull(text, "text").strip();
        if (s.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("the secret is " + s.length() + " characters; use at least " + MIN_LENGTH
                    + " (e.g. openssl rand -hex 32)");
        }
        return new WebhookSecret(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The {@code X-Concord-Signature} value for {@code body} sent at {@code timestamp} (seconds since the epoch). */
    public String sign(long timestamp, byte[] body) {
        Mac mac = mac();
        mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    /**
     * Whether {@code signature} is this secret's signature of {@code body} at {@code timestamp}
     * (compared in constant time). A receiver also checks that the timestamp is recent.
     */
    public boolean verifies(String signature, long timestamp, byte[] body) {
        if (signature == null) return false;
        return MessageDigest.isEqual(sign(timestamp, body).getBytes(StandardCharsets.US_ASCII),
                signature.strip().getBytes(StandardCharsets.US_ASCII));
    }

    private Mac mac() {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("the JDK always has " + HMAC, e);
        }
    }

    @Override
    public String toString() {
        return "WebhookSecret[hidden]";
    }
}
