package org.concord.stix;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.UUID;

/**
 * Deterministic identifiers (STIX 2.1 §2.9): a cyber-observable's id is a UUIDv5 in the STIX
 * namespace {@code 00abedb4-aa42-466c-9c01-fed23315a9b7} of the RFC 8785 canonical JSON of its
 * ID contributing properties, so every producer that sees the same value names it the same.
 */
public final class ObservableIds {
    /** The namespace STIX 2.1 §2.9 gives for cyber-observable ids. */
    public static final UUID STIX_NAMESPACE = UUID.fromString("00abedb4-aa42-466c-9c01-fed23315a9b7");

    private ObservableIds() {}

    /**
     * The id of an observable of {@code type} whose ID contributing properties are
     * {@code contributing}, e.g. {@code {"value": "example.com"}} for a domain-name (§6.4) or
     * {@code {"hashes": {"SHA-256": "…"}}} for a file known by one hash (§6.7).
     */
    public static String id(String type, ObjectNode contributing) {
        Objects.requireNonNull(type, "type");
        return type + "--" + uuid5(STIX_NAMESPACE, Canonical.string(contributing));
    }

    /** A name-based UUID, version 5 (RFC 9562 §5.5: SHA-1 of namespace and UTF-8 name). */
    public static UUID uuid5(UUID namespace, String name) {
        byte[] h;
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] ns = new byte[16];
            for (int i = 0; i < 8; i++) {
                ns[i] = (byte) (namespace.getMostSignificantBits() >>> (56 - 8 * i));
                ns[8 + i] = (byte) (namespace.getLeastSignificantBits() >>> (56 - 8 * i));
            }
            sha1.update(ns);
            h = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-1", e);
        }
        h[6] = (byte) ((h[6] & 0x0f) | 0x50);
        h[8] = (byte) ((h[8] & 0x3f) | 0x80);
        long msb = 0, lsb = 0;
        for (int i = 0; i < 8; i++) msb = (msb << 8) | (h[i] & 0xff);
        for (int i = 8; i < 16; i++) lsb = (lsb << 8) | (h[i] & 0xff);
        return new UUID(msb, lsb);
    }
}
