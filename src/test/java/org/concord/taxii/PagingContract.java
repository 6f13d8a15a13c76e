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
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** TAXII paging (§3.4, §3.5) on one store: the specification's walk-through, and paging while written to. */
abstract class PagingContract {
    /** The concurrent walk: POSTs of PER_BATCH objects, read LIMIT at a time. */
    private static final int BATCHES = 30, PER_BATCH = 20, LIMIT = 7;
    /**
     * The most page requests of the concurrent walk: its full pages ({@link #LIMIT} new entries
     * each) and one page without {@code more} per acknowledged POST, and the last one (85 + 31).
     */
    private static final int MOST_PAGE_REQUESTS = BATCHES * PER_BATCH / LIMIT + BATCHES + 1;

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

    /**
     * A reader paging while a writer adds objects sees every object exactly once. Every answer is
     * checked: a refusal (a 429 from the credential's rate limit) once read as an empty last page
     * ended the walk before the last POST's objects, which looked like a skip on a loaded machine.
     * The reader never spins: after a page without {@code more} it waits for the writer's next
     * acknowledged POST, so it asks at most {@link #MOST_PAGE_REQUESTS} times, under the default
     * burst of 200 requests, whatever the timing.
     */
    @Test
    void pagingWhileWrittenToNeverSkipsNorRepeats() throws Exception {
        TestNode n = node();
        String writer = n.token("w", Set.of(), Set.of("sightings"));
        String reader = n.token("r", Set.of("sightings"), Set.of());
        List<String> written = java.util.Collections.synchronizedList(new ArrayList<>());
        Semaphore acknowledged = new Semaphore(0); // one permit per POST the server acknowledged
        AtomicBoolean finished = new AtomicBoolean(); // set before the last permit: every POST was acknowledged (or failed)
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
            try {
                for (int batch = 0; batch < BATCHES; batch++) {
                    Map<String, String> objects = new LinkedHashMap<>();
                    for (int i = 0; i < PER_BATCH; i++) objects.put(TestNode.newIndicatorId(), "2024-01-01T00:00:00.000Z");
                    HttpResponse<String> r = n.post(n.objectsPath("sightings"), writer, TestNode.envelopeOf(objects));
                    assertThat(r.statusCode()).as("POST %d: %s", batch, r.body()).isEqualTo(202);
                    assertThat(json(r).path("success_count").asInt()).as("POST %d stored: %s", batch, r.body()).isEqualTo(PER_BATCH);
                    written.addAll(objects.keySet());
                    if (batch == BATCHES - 1) finished.set(true);
                    acknowledged.release();
                }
            } catch (RuntimeException | AssertionError e) {
                finished.set(true); // the reader ends its walk, and writing.get() reports this
                acknowledged.release();
                throw e;
            }
        }, task -> Thread.ofPlatform().name("paging-writer").start(task)); // its own thread, not the shared pool
        List<String> seen = new ArrayList<>();
        String after = null, next = null, lastDateAdded = "";
        int requests = 0;
        while (true) {
            boolean writerDone = finished.get(); // decided before reading: a page read after it sees every write
            String q = next != null ? "&next=" + next : after != null ? "&added_after=" + after : "";
            HttpResponse<String> r = n.get(n.objectsPath("sightings") + "?limit=" + LIMIT + q, reader);
            requests++;
            assertThat(r.statusCode()).as("page request %d (%s): %s", requests, q, r.body()).isEqualTo(200);
            JsonNode env = json(r);
            for (JsonNode o : env.path("objects")) seen.add(o.path("id").asText());
            if (env.path("objects").size() > 0) {
                String first = r.headers().firstValue("X-TAXII-Date-Added-First").orElseThrow();
                assertThat(first).isGreaterThan(lastDateAdded);
                lastDateAdded = r.headers().firstValue("X-TAXII-Date-Added-Last").orElseThrow();
                after = lastDateAdded;
            }
            boolean more = env.path("more").asBoolean();
            next = more ? env.path("next").asText() : null;
            if (more) continue;
            if (writerDone) break; // every POST was acknowledged before this page was read: nothing follows it
            assertThat(acknowledged.tryAcquire(1, TimeUnit.MINUTES)).as("the writer acknowledged another POST").isTrue();
        }
        writing.get(1, TimeUnit.MINUTES);
        assertThat(new HashSet<>(seen)).hasSize(seen.size()); // no repeats
        assertThat(seen).containsExactlyInAnyOrderElementsOf(written); // no skips
        assertThat(seen).hasSize(BATCHES * PER_BATCH);
        assertThat(requests).isLessThanOrEqualTo(MOST_PAGE_REQUESTS);
    }

    static String indicatorJson() {
        return indicator(TestNode.newIndicatorId(), "2024-01-01T00:00:00.000Z").toString();
    }
}
