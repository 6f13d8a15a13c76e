package org.concord.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.concord.stix.Canonical;
import org.concord.stix.pattern.StixPattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Hot paths of ingest beside their baselines, per object:
 * RFC 8785 canonical bytes of ATT&CK objects vs Jackson's plain (unsorted) serialisation of the
 * same trees; STIX pattern parsing of generated indicator patterns vs a bare scan of their
 * characters. {@code ./bench jmh CanonicalBench -f 1 -wi 3 -i 5}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CanonicalBench {
    private static final int OBJECTS = 2_000;
    private static final int PATTERNS = 1_000;

    private final ObjectMapper mapper = new ObjectMapper();
    private List<JsonNode> objects;
    private List<String> patterns;

    @Setup
    public void load() throws IOException {
        String shared = System.getProperty("concord.shared", "../shared");
        objects = new ArrayList<>();
        for (JsonNode o : mapper.readTree(new File(shared, "data/ics-attack-18.1.json")).get("objects")) {
            if (objects.size() < OBJECTS) objects.add(o);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        IndicatorGenerator.write(PATTERNS, out, 1);
        patterns = new ArrayList<>();
        for (JsonNode o : mapper.readTree(out.toByteArray()).get("objects")) patterns.add(o.get("pattern").asText());
    }

    @Benchmark
    @OperationsPerInvocation(OBJECTS)
    public void canonical(Blackhole bh) {
        for (JsonNode o : objects) bh.consume(Canonical.bytes(o));
    }

    @Benchmark
    @OperationsPerInvocation(OBJECTS)
    public void baselineJacksonBytes(Blackhole bh) throws JsonProcessingException {
        for (JsonNode o : objects) bh.consume(mapper.writeValueAsBytes(o));
    }

    @Benchmark
    @OperationsPerInvocation(PATTERNS)
    public void parsePattern(Blackhole bh) {
        for (String p : patterns) bh.consume(StixPattern.parse(p));
    }

    @Benchmark
    @OperationsPerInvocation(PATTERNS)
    public void baselineScanPattern(Blackhole bh) {
        for (String p : patterns) {
            int h = 0;
            for (int i = 0; i < p.length(); i++) h = 31 * h + p.charAt(i);
            bh.consume(h);
        }
    }
}
