package org.concord.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.concord.stix.StixValidator;
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
 * {@link StixValidator#validate} per object over all of enterprise ATT&CK 18.1 (24,771 objects)
 * and over the OASIS example indicators (pattern parsed), each beside a baseline that only visits
 * every JSON node of the same objects. Run as BENCHMARKS.md says.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ValidatorBench {
    private static final int ATTACK = 24_771;
    private static final int INDICATORS = 37;

    private final StixValidator validator = new StixValidator();
    private List<JsonNode> attack;
    private List<JsonNode> indicators;

    @Setup
    public void load() throws IOException {
        String shared = System.getProperty("concord.shared", "../shared");
        ObjectMapper mapper = new ObjectMapper();
        attack = new ArrayList<>();
        mapper.readTree(new File(shared, "data/enterprise-attack-18.1.json")).get("objects").forEach(attack::add);
        indicators = new ArrayList<>();
        for (String f : new String[] {"apt1.json", "poisonivy.json"}) {
            mapper.readTree(new File(shared, "stix2-schemas/examples/threat-reports/" + f)).get("objects").forEach(o -> {
                if (o.path("type").asText().equals("indicator")) indicators.add(o);
            });
        }
        if (attack.size() != ATTACK || indicators.size() != INDICATORS) {
            throw new IllegalStateException("unexpected data: " + attack.size() + " / " + indicators.size());
        }
    }

    @Benchmark
    @OperationsPerInvocation(ATTACK)
    public void validateAttack(Blackhole bh) {
        for (JsonNode o : attack) bh.consume(validator.validate(o));
    }

    @Benchmark
    @OperationsPerInvocation(ATTACK)
    public void baselineVisitAttack(Blackhole bh) {
        for (JsonNode o : attack) bh.consume(visit(o));
    }

    @Benchmark
    @OperationsPerInvocation(INDICATORS)
    public void validateIndicators(Blackhole bh) {
        for (JsonNode o : indicators) bh.consume(validator.validate(o));
    }

    @Benchmark
    @OperationsPerInvocation(INDICATORS)
    public void baselineVisitIndicators(Blackhole bh) {
        for (JsonNode o : indicators) bh.consume(visit(o));
    }

    /** Touches every node and string: the least any validator must do. */
    private static int visit(JsonNode n) {
        if (n.isTextual()) return n.textValue().length();
        int sum = 1;
        if (n.isObject()) {
            Iterator<java.util.Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                var e = it.next();
                sum += e.getKey().length() + visit(e.getValue());
            }
        } else if (n.isArray()) {
            for (JsonNode c : n) sum += visit(c);
        }
        return sum;
    }
}
