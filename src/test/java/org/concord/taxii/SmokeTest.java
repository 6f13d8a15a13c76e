package org.concord.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTest {
    @TempDir
    Path dir;

    @Test
    void smoke() {
        try (TestNode n = TestNode.start(dir)) {
            HttpResponse<String> d = n.get("/taxii2/", null);
            System.out.println(d.statusCode() + " " + d.headers().map() + " " + d.body());
            String t = n.token("alice");
            System.out.println(n.get(TestNode.ROOT, null).body());
            System.out.println(n.get(TestNode.ROOT + "collections/", t).body());
            String id = TestNode.newIndicatorId();
            HttpResponse<String> p = n.post(n.objectsPath("intelligence"), t, TestNode.envelope(List.of(TestNode.indicator(id, "2024-01-02T00:00:00.000Z"))));
            System.out.println(p.statusCode() + " " + p.body());
            HttpResponse<String> g = n.get(n.objectsPath("intelligence"), t);
            System.out.println(g.statusCode() + " " + g.headers().map() + " " + g.body());
            System.out.println(n.requestLog);
            assertThat(g.statusCode()).isEqualTo(200);
        }
    }
}
