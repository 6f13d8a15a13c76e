package org.concord.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** PEM (RFC 7468) text for the node's keys and certificate. */
final class Pem {
    private Pem() {}

    static String encode(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    /** The DER bytes of the first PEM block in {@code file}. */
    static byte[] read(Path file) throws IOException {
        String text = Files.readString(file);
        String body = text.replaceAll("-----(BEGIN|END) [A-Z0-9 ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }
}
