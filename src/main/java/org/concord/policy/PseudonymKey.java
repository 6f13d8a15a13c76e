package org.concord.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.concord.ConcordException;
import org.concord.ErrorCode;

/**
 * The node's secret for pseudonymising PII: 32 random bytes in a file of its own (mode 600), made
 * at first use (a key readable by others is set back to 600 when read). Each partner gets a key derived from it (HMAC-SHA256 of the partner's name), so
 * one value has one pseudonym per partner and two partners cannot join their data on it.
 *
 * <p>The key is never printed: {@link #toString()} says only where it lives.
 */
public final class PseudonymKey {
    /** Where a node keeps it, relative to its folder. */
    public static final String FILE = "keys/pseudonym.key";
    private static final int BYTES = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final byte[] key;
    private final String source;

    private PseudonymKey(byte[] key, String source) {
        this.key = key;
        this.source = source;
    }

    /** A key from bytes (tests; at least 32 bytes). */
    public static PseudonymKey of(byte[] key) {
        if (key.length < BYTES) throw new IllegalArgumentException("a pseudonym key has at least " + BYTES + " bytes: " + key.length);
        return new PseudonymKey(key.clone(), "(given)");
    }

    /**
     * Reads the key at {@code file}, or makes one there (mode 600, written under a temporary name
     * and linked into place, so two processes starting together end up with the same key).
     *
     * @throws ConcordException INVALID_CONFIGURATION when the file exists but is not a key, or
     *                          INTERNAL when it cannot be written
     */
    public static PseudonymKey loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) create(file);
            if (!OWNER_ONLY.containsAll(Files.getPosixFilePermissions(file))) {
                Files.setPosixFilePermissions(file, OWNER_ONLY); // a copied or restored key: only its owner reads it
            }
            byte[] key = Files.readAllBytes(file);
            if (key.length != BYTES) {
                throw new ConcordException(ErrorCode.INVALID_CONFIGURATION, file + " is not a pseudonym key (" + BYTES
                        + " bytes expected, found " + key.length + "); restore it from a backup, or delete it to make a"
                        + " new one (every pseudonym then changes)");
            }
            return new PseudonymKey(key, file.toString());
        } catch (IOException e) {
            throw new ConcordException(ErrorCode.INTERNAL, "cannot read or make the pseudonym key " + file + ": " + e.getMessage(), e);
        }
    }

    private static void create(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, ".pseudonym", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            byte[] key = new byte[BYTES];
            new SecureRandom().nextBytes(key);
            Files.write(temp, key);
            Arrays.fill(key, (byte) 0);
            try {
                Files.createLink(file, temp); // atomic, and never replaces a key another process made first
            } catch (FileAlreadyExistsException lost) {
                // another process made it first: use theirs
            } catch (UnsupportedOperationException | FileSystemException noLinks) {
                try {
                    Files.move(temp, file); // no hard links here: a move that refuses to replace
                } catch (FileAlreadyExistsException lost) {
                    // another process made it first: use theirs
                }
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The pseudonymiser for {@code partner}. */
    Pseudonymizer forPartner(String partner) {
        Mac mac = mac(key);
        byte[] derived = mac.doFinal(("concord pseudonym key v1\0" + partner).getBytes(StandardCharsets.UTF_8));
        return new Pseudonymizer(mac(derived));
    }

    static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("the JDK always has HmacSHA256", e);
        }
    }

    @Override
    public String toString() {
        return "PseudonymKey[" + source + "]";
    }
}
