package org.concord.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.concord.taxii.TestNode.indicator;
import static org.concord.taxii.TestNode.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** TAXII paging (§3.4, §3.5) on one store: the specification's walk-through, and paging while written to. */
abstract class PagingContract {

    abstract TestNode node();

    /** §3.5 example: 1000 records, 100 at a time, by next and by X-TAXII-Date-Added-Last. */
    @Test
    void theSpecificationsPagingWalkThrough() {
        TestNode n = node();
        String token = n.token("pager", Set.of("alerts"), Set.of("alerts"));
        Map<String, String> all = new LinkedHashMap<>();
        for (int i = 0; i < 1000; i++) all.put(TestNode.newIndicatorId(), "2024-01-01T00:00:00.000Z");
        assertThat(json(n.post(n.objectsPath("alerts"), token, TestNode.envelopeOf(all))).path("success_count").asInt()).isEqualTo(1000);

        // by next
        List<String> seen = new ArrayList<>();
        String next = null;
        int pages = 0;
        String lastHeader = null;
        do {
            HttpResponse<String> r = n.get(n.objectsPath("alerts") + "?limit=100" + (next == null ? "" : "&next=" + next), token);
            JsonNode env = json(r);
            pages++;
            assertThat(env.path("objects")).hasSize(100);
            String first = r.headers().firstValue("X-TAXII-Date-Added-First").orElseThrow();
            if (lastHeader != null) assertThat(first).isGreaterThan(lastHeader); // sorted by date_added (§3.3)
            lastHeader = r.headers().firstValue("X-TAXII-Date-Added-Last").orElseThrow();
            env.path("objects").forEach(o -> seen.add(o.path("id").asText()));
            next = env.path("more").asBoolean() ? env.path("next").asText() : null;
        } while (next != null);
        assertThat(pages).isEqualTo(10);
        assertThat(seen).containsExactlyElementsOf(all.keySet()); // the order they were added

        // by added_after = the previous page's X-TAXII-Date-Added-Last
        List<String> seen2 = new ArrayList<>();
        String after = null;
        boolean more;
        do {
            HttpResponse<String> r = n.get(n.objectsPath("alerts") + "?limit=100"
                    + (after == null ? "" : "&added_after=" + after), token);
            JsonNode env = json(r);
            env.path("objects").forEach(o -> seen2.add(o.path("id").asText()));
            after = r.headers().firstValue("X-TAXII-Date-Added-Last").orElse(after);
            more = env.path("more").asBoolean();
        } while (more);
        assertThat(seen2).containsExactlyElementsOf(all.keySet());

        // the manifest pages the same way, and next survives a new server (stateless)
        JsonNode m = json(n.get(n.objectsPath("alerts").replace("/objects/", "/manifest/") + "?limit=999", token));
        assertThat(m.path("objects")).hasSize(999);
        HttpResponse<String> rest = n.get(n.objectsPath("alerts").replace("/objects/", "/manifest/") + "?limit=999&next="
                + URLEncoder.encode(m.path("next").asText(), StandardCharsets.UTF_8), token);
        assertThat(json(rest).path("objects")).hasSize(1);
        assertThat(json(rest).path("more").asBoolean()).isFalse();
    }

    /** A reader paging while a writer adds objects sees every object exactly once. */
    @Test
    void pagingWhileWrittenToNeverSkipsNorRepeats() throws Exception {
        TestNode n = node();
        String writer = n.token("w", Set.of(), Set.of("sightings"));
        String reader = n.token("r", Set.of("sightings"), Set.of());
        List<String> written = java.util.Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
            for (int batch = 0; batch < 30; batch++) {
                Map<String, String> objects = new LinkedHashMap<>();
                for (int i = 0; i < 20; i++) objects.put(TestNode.newIndicatorId(), "2024-01-01T00:00:00.000Z");
                HttpResponse<String> r = n.post(n.objectsPath("sightings"), writer, TestNode.envelopeOf(objects));
                assertThat(r.statusCode()).isEqualTo(202);
                written.addAll(objects.keySet());
            }
        });
        List<String> seen = new ArrayList<>();
        String after = null, next = null, lastDateAdded = "";
        boolean writerDone = false;
        while (true) {
            boolean doneBefore = writing.isDone();
            String q = next != null ? "&next=" + next : after != null ? "&added_after=" + after : "";
            HttpResponse<String> r = n.get(n.objectsPath("sightings") + "?limit=7" + q, reader);
            JsonNode env = json(r);
            for (JsonNode o : env.path("objects")) seen.add(o.path("id").asText());
            if (env.path("objects").size() > 0) {
                String first = r.headers().firstValue("X-TAXII-Date-Added-First").orElseThrow();
                assertThat(first).isGreaterThan(lastDateAdded);
                lastDateAdded = r.headers().firstValue("X-TAXII-Date-Added-Last").orElseThrow();
                after = lastDateAdded;
            }
            next = env.path("more").asBoolean() ? env.path("next").asText() : null;
            if (next == null && doneBefore) {
                if (writerDone) break;
                writerDone = true; // one more empty-handed round after the writer finished
            }
        }
        writing.get(1, TimeUnit.MINUTES);
        assertThat(new HashSet<>(seen)).hasSize(seen.size()); // no repeats
        assertThat(seen).containsExactlyInAnyOrderElementsOf(written); // no skips
        assertThat(seen).hasSize(600);
    }

    static String indicatorJson() {
        return indicator(TestNode.newIndicatorId(), "2024-01-01T00:00:00.000Z").toString();
    }
}
