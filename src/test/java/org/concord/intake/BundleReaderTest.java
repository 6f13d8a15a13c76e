package org.concord.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BundleReaderTest {

    private static final String A = "{\"type\":\"indicator\",\"id\":\"indicator--1\",\"name\":\"a \\\"quoted\\\" }]{[ name\"}";
    private static final String B = "{\"type\":\"malware\",\"id\":\"malware--2\",\"nested\":{\"x\":[1,2,{\"y\":null}]}}";

    record Result(List<BundleReader.Element> elements, String problem, String type) {
        List<String> json() {
            return elements.stream().map(e -> e.ok() ? new String(e.json(), StandardCharsets.UTF_8) : "!" + e.problem()).toList();
        }
    }

    static Result read(InputStream in, BundleReader.Limits limits) throws IOException {
        try (BundleReader r = new BundleReader(in, limits)) {
            List<BundleReader.Element> out = new ArrayList<>();
            for (BundleReader.Element e; (e = r.next()) != null; ) out.add(e);
            return new Result(out, r.problem(), r.bundleType());
        }
    }

    static Result read(String s) throws IOException {
        return read(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)), BundleReader.Limits.DEFAULT);
    }

    @Test
    void framesEachObjectOfABundleVerbatim() throws IOException {
        Result r = read("{\"type\":\"bundle\",\"id\":\"bundle--x\",\"objects\":[" + A + " , \n" + B + "]}");
        assertThat(r.problem()).isNull();
        assertThat(r.json()).containsExactly(A, B);
        assertThat(r.elements().get(1).index()).isEqualTo(1);
    }

    @Test
    void acceptsMembersInAnyOrderAndAByteOrderMark() throws IOException {
        Result r = read("\uFEFF{\"objects\":[" + A + "],\"spec_version\":\"2.1\",\"extra\":{\"a\":[1,\"]\"]},\"type\":\"bundle\"}");
        assertThat(r.problem()).isNull();
        assertThat(r.json()).containsExactly(A);
    }

    @Test
    void emptyBundleIsFine() throws IOException {
        assertThat(read("{\"type\":\"bundle\",\"id\":\"bundle--1\"}").problem()).isNull();
        assertThat(read("{\"type\":\"bundle\",\"objects\":[]}").problem()).isNull();
    }

    @Test
    void refusesSomethingThatIsNotABundle() throws IOException {
        assertThat(read("[1,2]").problem()).contains("not a STIX bundle").contains("byte 0").contains("'['");
        assertThat(read(A).problem()).contains("\"type\" is \"indicator\"");
        assertThat(read("{\"objects\":[]}").problem()).contains("no \"type\"");
        assertThat(read("").problem()).contains("empty input");
        assertThat(read("{\"type\":\"bundle\",\"objects\":{}}").problem()).contains("\"objects\" must be an array");
    }

    @Test
    void aTruncatedFileKeepsEverythingBeforeTheCut() throws IOException {
        String full = "{\"type\":\"bundle\",\"objects\":[" + A + "," + B + "]}";
        for (int cut = full.indexOf(A) + A.length() + 1; cut < full.length() - 2; cut++) {
            Result r = read(full.substring(0, cut));
            assertThat(r.problem()).as("cut at %d", cut).contains("input ends at byte " + cut);
            assertThat(r.json()).as("cut at %d", cut).startsWith(A);
        }
    }

    @Test
    void aNonObjectElementIsRefusedAndItsNeighboursKept() throws IOException {
        Result r = read("{\"type\":\"bundle\",\"objects\":[" + A + ",\"just a string\",42," + B + "]}");
        assertThat(r.problem()).isNull();
        assertThat(r.json()).hasSize(4);
        assertThat(r.json().get(1)).startsWith("!objects[1] at byte").endsWith("is not a JSON object");
        assertThat(r.json().get(2)).startsWith("!objects[2]");
        assertThat(r.json().get(3)).isEqualTo(B);
    }

    @Test
    void aMissingCommaEndsTheWalkWithItsOffset() throws IOException {
        String s = "{\"type\":\"bundle\",\"objects\":[" + A + " " + B + "]}";
        Result r = read(s);
        assertThat(r.json()).containsExactly(A);
        assertThat(r.problem()).contains("expected ',' or ']' after objects[0]").contains("byte " + s.indexOf(B));
    }

    @Test
    void nestingTenThousandDeepIsRefusedWithoutRecursion() throws IOException {
        String deep = "{\"type\":\"x\",\"a\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        Result r = read("{\"type\":\"bundle\",\"objects\":[" + deep + "," + B + "]}");
        assertThat(r.problem()).isNull();
        assertThat(r.json().get(0)).contains("nests 10001 levels deep, more than the limit of 64");
        assertThat(r.json().get(1)).isEqualTo(B);
    }

    @Test
    void aHundredMegabyteStringIsRefusedWithoutBufferingIt() throws IOException {
        long size = 100L << 20;
        InputStream huge = new InputStream() {
            long left = size;

            @Override
            public int read() {
                return left-- > 0 ? 'a' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) return -1;
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 'a');
                left -= n;
                return n;
            }
        };
        String head = "{\"type\":\"bundle\",\"objects\":[" + A + ",{\"type\":\"note\",\"content\":\"";
        String tail = "\"}," + B + "]}";
        InputStream in = new SequenceInputStream(java.util.Collections.enumeration(List.of(
                new ByteArrayInputStream(head.getBytes()), huge, new ByteArrayInputStream(tail.getBytes()))));
        Result r = read(in, BundleReader.Limits.DEFAULT);
        assertThat(r.problem()).isNull();
        assertThat(r.json()).hasSize(3);
        assertThat(r.json().get(0)).isEqualTo(A);
        assertThat(r.json().get(1)).contains("objects[1] at byte " + (head.indexOf("{\"type\":\"note\"")))
                .contains("more than the limit of " + (16 << 20));
        assertThat(r.json().get(2)).isEqualTo(B);
    }

    @Test
    void escapedQuotesAndBracketsInsideStringsDoNotConfuseFraming() throws IOException {
        String tricky = "{\"type\":\"note\",\"content\":\"\\\\\",\"b\":\"\\\\\\\"}]\"}";
        Result r = read("{\"type\":\"bundle\",\"objects\":[" + tricky + "," + B + "]}");
        assertThat(r.problem()).isNull();
        assertThat(r.json()).containsExactly(tricky, B);
    }

    @Test
    void framingWorksAcrossBufferBoundaries() throws IOException {
        // objects spanning many 64 KiB buffers, with escapes at every alignment
        StringBuilder sb = new StringBuilder("{\"type\":\"bundle\",\"objects\":[");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String o = "{\"type\":\"note\",\"id\":\"note--" + i + "\",\"content\":\"" + "x\\\"y".repeat(i * 37) + "\"}";
            expected.add(o);
            sb.append(i == 0 ? "" : ",").append(o);
        }
        Result r = read(sb.append("]}").toString());
        assertThat(r.problem()).isNull();
        assertThat(r.json()).isEqualTo(expected);
    }
}
