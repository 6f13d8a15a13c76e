package org.concord.taxii;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import org.concord.store.Database;

/**
 * TAXII {@code next} values (§3.4, §3.7): stateless, so they survive restarts and need no server
 * memory. A token holds the date_added of the last entry of the page it follows (which, date_added
 * strictly increasing in commit order, is a gap-free cursor) and a check binding it to the
 * collection and match filters of the query it came from. Anything else is refused as garbage.
 */
final class PageToken {
    private static final byte VERSION = 1;
    private static final int PAYLOAD = 1 + 8, TAG = 8;

    private PageToken() {}

    static String encode(Instant lastDateAdded, String binding) {
        ByteBuffer b = ByteBuffer.allocate(PAYLOAD + TAG);
        b.put(VERSION).putLong(Database.micros(lastDateAdded));
        b.put(tag(Arrays.copyOf(b.array(), PAYLOAD), binding));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    /** The cursor in {@code token}. @throws HttpProblem 400 on anything this server did not issue for this query */
    static Instant decode(String token, String binding) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest("next is not a value this server issued");
        }
        if (raw.length != PAYLOAD + TAG || raw[0] != VERSION) {
            throw HttpProblem.badRequest("next is not a value this server issued");
        }
        byte[] payload = Arrays.copyOf(raw, PAYLOAD);
        if (!MessageDigest.isEqual(tag(payload, binding), Arrays.copyOfRange(raw, PAYLOAD, PAYLOAD + TAG))) {
            throw HttpProblem.badRequest("next does not belong to this collection and these match filters");
        }
        return Database.instant(ByteBuffer.wrap(payload, 1, 8).getLong());
    }

    private static byte[] tag(byte[] payload, String binding) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update("concord taxii next\n".getBytes(StandardCharsets.UTF_8));
            d.update(binding.getBytes(StandardCharsets.UTF_8));
            d.update(payload);
            return Arrays.copyOf(d.digest(), TAG);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
