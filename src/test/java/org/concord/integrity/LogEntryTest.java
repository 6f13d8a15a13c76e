package org.concord.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HexFormat;
import org.concord.stix.StixObject;
import org.junit.jupiter.api.Test;

/** The leaf encoding — a salted commitment — byte for byte, as docs/integrity.md gives it to partners. */
class LogEntryTest {
    static final ObjectMapper JSON = new ObjectMapper();

    /** A salt anyone would recognise in a dump: 0x00, 0x01, … 0x1f. */
    static final byte[] SALT = new byte[32];

    static {
        for (int i = 0; i < 32; i++) SALT[i] = (byte) i;
    }

    @Test
    void anEntryIsTheSaltThenTheLengthPrefixedIdAndVersionKeyThenTheHashOfTheCanonicalJson() throws Exception {
        StixObject o = StixObject.of((ObjectNode) JSON.readTree("""
                {"type": "indicator", "spec_version": "2.1", "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                 "created": "2016-04-06T20:03:48.000Z", "modified": "2016-04-06T20:03:48.5Z",
                 "pattern": "[ipv4-addr:value = '10.0.0.1']", "pattern_type": "stix", "valid_from": "2016-01-01T00:00:00Z"}"""));
        byte[] entry = LogEntry.of(o, SALT);

        String id = "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f";
        String key = "2016-04-06T20:03:48.500000000Z";
        assertThat(HexFormat.of().formatHex(entry)).isEqualTo(
                "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
                        + "002f" + HexFormat.of().formatHex(id.getBytes()) + "1e" + HexFormat.of().formatHex(key.getBytes())
                        + HexFormat.of().formatHex(Reference.hash(o.canonical())));
        assertThat(LogEntry.leafHash(o, SALT)).isEqualTo(Reference.hash(concat(new byte[] {0}, entry)))
                .isEqualTo(LogEntry.leafHash(SALT, id, key, Reference.hash(o.canonical())));
    }

    @Test
    void anUnversionedObjectHasAnEmptyVersionKey() throws Exception {
        StixObject ip = StixObject.of((ObjectNode) JSON.readTree(
                "{\"type\": \"ipv4-addr\", \"id\": \"ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd\", \"value\": \"10.0.0.1\"}"));
        byte[] entry = LogEntry.of(ip, SALT);
        assertThat(entry).hasSize(32 + 2 + ip.id().length() + 1 + 32);
        assertThat(entry[32 + 2 + ip.id().length()]).isZero();
    }

    @Test
    void anotherSaltMakesAnotherLeafOfTheSameVersion() {
        StixObject o = StixObject.of(OriginSignatureTest.indicator());
        byte[] other = SALT.clone();
        other[31] ^= 1;
        assertThat(LogEntry.leafHash(o, other)).isNotEqualTo(LogEntry.leafHash(o, SALT));
    }

    @Test
    void aSignedCopyAndTheUnsignedOriginalHaveTheSameLeaf() {
        ObjectNode original = OriginSignatureTest.indicator(); // carries another extension too
        StixObject unsigned = StixObject.of(original);
        StixObject signed = StixObject.of(OriginSignature.sign(original, OriginSignatureTest.KEYS, OriginSignatureTest.SIGNER));
        ObjectNode bare = original.deepCopy();
        bare.remove("extensions");
        StixObject bareUnsigned = StixObject.of(bare);
        StixObject bareSigned = StixObject.of(OriginSignature.sign(bare, OriginSignatureTest.KEYS, OriginSignatureTest.SIGNER));

        assertThat(signed.sha256()).isNotEqualTo(unsigned.sha256());
        assertThat(LogEntry.leafHash(signed, SALT)).isEqualTo(LogEntry.leafHash(unsigned, SALT));
        assertThat(LogEntry.of(signed, SALT)).isEqualTo(LogEntry.of(unsigned, SALT));
        assertThat(LogEntry.contentHash(unsigned)).isSameAs(unsigned.sha256()); // nothing hashed again
        assertThat(LogEntry.leafHash(bareSigned, SALT)).isEqualTo(LogEntry.leafHash(bareUnsigned, SALT));
        assertThat(LogEntry.contentHash(bareSigned)).isEqualTo(Reference.hash(bareUnsigned.canonical()));
        // signed by another node: the same leaf still
        StixObject resigned = StixObject.of(OriginSignature.sign(original, org.concord.node.NodeKeys.generate(), "identity--x"));
        assertThat(LogEntry.leafHash(resigned, SALT)).isEqualTo(LogEntry.leafHash(unsigned, SALT));
    }

    @Test
    void entriesThatCannotBeEncodedAreRefused() {
        byte[] h = new byte[32];
        assertThatThrownBy(() -> LogEntry.of(SALT, "", "", h)).hasMessageContaining("1..65535");
        assertThatThrownBy(() -> LogEntry.of(SALT, "x".repeat(65_536), "", h)).hasMessageContaining("1..65535");
        assertThatThrownBy(() -> LogEntry.of(SALT, "x", "k".repeat(256), h)).hasMessageContaining("at most 255");
        assertThatThrownBy(() -> LogEntry.of(SALT, "x", "", new byte[20])).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> LogEntry.of(new byte[16], "x", "", h)).hasMessage("a salt is 32 bytes: 16");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
