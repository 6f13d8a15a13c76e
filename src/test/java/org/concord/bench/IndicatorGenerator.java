package org.concord.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.UUID;
import org.concord.stix.StixTimestamp;
import org.concord.stix.Tlp;

/**
 * Writes a STIX 2.1 bundle of N realistic indicators (domain, IPv4, URL and SHA-256 patterns,
 * ~600 bytes each), deterministic for a seed, streamed so N can be millions.
 *
 * <p>{@code java … IndicatorGenerator N FILE [SEED]}
 */
public final class IndicatorGenerator {
    private static final String[] TLDS = {"com", "net", "org", "info", "ru", "cn", "io", "xyz", "top", "biz"};
    private static final String[] TYPES = {"malicious-activity", "anomalous-activity", "attribution", "compromised"};
    private static final String[] WORDS = {"update", "secure", "login", "cdn", "mail", "portal", "cloud", "sync", "auth", "files"};
    private static final String[] TLP_IDS = {Tlp.CLEAR.markingId(), Tlp.GREEN.markingId(), Tlp.AMBER.markingId()};

    private IndicatorGenerator() {}

    public static void main(String[] args) throws IOException {
        long n = Long.parseLong(args[0]);
        Path file = Path.of(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
        write(n, file, seed);
    }

    /** Writes the bundle to {@code file}. */
    public static void write(long n, Path file, long seed) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            write(n, out, seed);
        }
    }

    public static void write(long n, OutputStream out, long seed) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        String creator = "identity--" + uuid(rnd);
        out.write(("{\"type\":\"bundle\",\"id\":\"bundle--" + uuid(rnd) + "\",\"objects\":[\n").getBytes(StandardCharsets.US_ASCII));
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        StringBuilder sb = new StringBuilder(1024);
        for (long i = 0; i < n; i++) {
            sb.setLength(0);
            Instant created = base.plusMillis(rnd.nextLong(300L * 24 * 3600 * 1000));
            String ts = StixTimestamp.formatMillis(created);
            String modified = StixTimestamp.formatMillis(created.plusMillis(rnd.nextLong(3_600_000)));
            String[] pattern = pattern(rnd);
            sb.append(i == 0 ? "" : ",\n")
                    .append("{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--").append(uuid(rnd))
                    .append("\",\"created_by_ref\":\"").append(creator)
                    .append("\",\"created\":\"").append(ts).append("\",\"modified\":\"").append(modified)
                    .append("\",\"name\":\"").append(pattern[0])
                    .append("\",\"description\":\"Observed in campaign ").append(rnd.nextInt(500))
                    .append(" against ").append(WORDS[rnd.nextInt(WORDS.length)]).append(" infrastructure; seen by sensor ")
                    .append(rnd.nextInt(10_000))
                    .append("\",\"indicator_types\":[\"").append(TYPES[rnd.nextInt(TYPES.length)])
                    .append("\"],\"pattern\":\"").append(pattern[1].replace("\\", "\\\\"))
                    .append("\",\"pattern_type\":\"stix\",\"pattern_version\":\"2.1\",\"valid_from\":\"").append(ts)
                    .append("\",\"confidence\":").append(rnd.nextInt(101))
                    .append(",\"labels\":[\"generated\",\"bench\"],\"kill_chain_phases\":[{\"kill_chain_name\":\"mitre-attack\",\"phase_name\":\"command-and-control\"}]")
                    .append(",\"object_marking_refs\":[\"").append(TLP_IDS[rnd.nextInt(TLP_IDS.length)]).append("\"]}");
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        out.write("\n]}\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static String[] pattern(SplittableRandom rnd) {
        return switch (rnd.nextInt(4)) {
            case 0 -> {
                String d = domain(rnd);
                yield new String[] {"Malicious domain " + d, "[domain-name:value = '" + d + "']"};
            }
            case 1 -> {
                String ip = (1 + rnd.nextInt(222)) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + (1 + rnd.nextInt(254));
                yield new String[] {"C2 address " + ip, "[ipv4-addr:value = '" + ip + "']"};
            }
            case 2 -> {
                String d = domain(rnd);
                yield new String[] {"Phishing URL on " + d, "[url:value = 'https://" + d + "/" + WORDS[rnd.nextInt(WORDS.length)] + "/index.php']"};
            }
            default -> {
                StringBuilder h = new StringBuilder(64);
                for (int i = 0; i < 4; i++) h.append(String.format("%016x", rnd.nextLong()));
                yield new String[] {"Malware sample " + h.substring(0, 12), "[file:hashes.'SHA-256' = '" + h + "']"};
            }
        };
    }

    private static String domain(SplittableRandom rnd) {
        return WORDS[rnd.nextInt(WORDS.length)] + "-" + Long.toString(rnd.nextLong(1L << 40), 36) + "." + TLDS[rnd.nextInt(TLDS.length)];
    }

    private static String uuid(SplittableRandom rnd) {
        return new UUID((rnd.nextLong() & ~0xF000L) | 0x4000L, (rnd.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
    }
}
