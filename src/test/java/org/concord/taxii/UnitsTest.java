package org.concord.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.concord.store.ObjectFilter;
import org.concord.store.VersionMatch;
import org.junit.jupiter.api.Test;

/** Negotiation, paging tokens, filters and the rate limiter, without a server. */
class UnitsTest {

    @Test
    void acceptsTaxii21AndWildcardsAndRefusesOtherVersionsAndTypes() {
        assertThat(MediaTypes.acceptable("application/taxii+json;version=2.1")).isTrue();
        assertThat(MediaTypes.acceptable("application/taxii+json")).isTrue();
        assertThat(MediaTypes.acceptable("application/json, application/taxii+json; version=\"2.1\"")).isTrue();
        assertThat(MediaTypes.acceptable("*/*")).isTrue();
        assertThat(MediaTypes.acceptable(null)).isTrue();
        assertThat(MediaTypes.acceptable("application/stix+json;version=2.1")).isTrue();
        assertThat(MediaTypes.acceptable("application/vnd.oasis.taxii+json; version=2.0")).isFalse();
        assertThat(MediaTypes.acceptable("application/taxii+json;version=2.0")).isFalse();
        assertThat(MediaTypes.acceptable("text/html")).isFalse();
        assertThat(MediaTypes.acceptable("application/taxii+json;q=0")).isFalse();
        assertThat(MediaTypes.isTaxiiBody("application/taxii+json;version=2.1")).isTrue();
        assertThat(MediaTypes.isTaxiiBody("application/taxii+json; charset=utf-8")).isTrue();
        assertThat(MediaTypes.isTaxiiBody("application/json")).isFalse();
        assertThat(MediaTypes.isTaxiiBody("application/taxii+json;version=2.0")).isFalse();
        assertThat(MediaTypes.isTaxiiBody(null)).isFalse();
    }

    @Test
    void pageTokensRoundTripAndRefuseGarbageAndOtherQueries() {
        Instant t = Instant.parse("2024-05-06T07:08:09.123456Z");
        String token = PageToken.encode(t, "c1\nfilters");
        assertThat(PageToken.decode(token, "c1\nfilters")).isEqualTo(t);
        assertThat(token).matches("[A-Za-z0-9_-]+");
        for (String garbage : List.of("x", "!!!", "AAAAAAAAAAAAAAAAAAAAAAA", token + "A", token.substring(1), "")) {
            assertThatThrownBy(() -> PageToken.decode(garbage, "c1\nfilters")).isInstanceOf(HttpProblem.class)
                    .satisfies(e -> assertThat(((HttpProblem) e).status).isEqualTo(400));
        }
        assertThatThrownBy(() -> PageToken.decode(token, "c2\nfilters")).isInstanceOf(HttpProblem.class);
    }

    @Test
    void parsesFiltersStrictly() {
        Query q = Query.parse(Map.of("added_after", List.of("2024-01-01T00:00:00.000000Z"), "limit", List.of("5"),
                "match[type]", List.of("indicator,malware"), "match[version]", List.of("first,2024-01-01T00:00:00.000Z"),
                "match[spec_version]", List.of("2.1"), "match[unknown]", List.of("x")), Query.Fields.ALL);
        ObjectFilter f = q.filter("b", 100, VersionMatch.LAST, null);
        assertThat(f.addedAfter()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(f.limit()).isEqualTo(5);
        assertThat(f.types()).containsExactly("indicator", "malware");
        assertThat(f.versions()).isEqualTo(new VersionMatch(true, false, false, List.of("2024-01-01T00:00:00.000Z")));
        assertThat(Query.parse(Map.of("limit", List.of("99999999999")), Query.Fields.ALL).limit()).isEqualTo(ObjectFilter.MAX_LIMIT);

        for (Map<String, List<String>> bad : List.of(
                Map.of("added_after", List.of("yesterday")),
                Map.of("added_after", List.of("2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z")),
                Map.of("added_after", List.of("2024-02-30T00:00:00Z")),
                Map.of("limit", List.of("0")),
                Map.of("limit", List.of("-1")),
                Map.of("limit", List.of("ten")),
                Map.of("match[version]", List.of("all,last")),
                Map.of("match[version]", List.of("last,last")),
                Map.of("match[version]", List.of("2024-13-01T00:00:00Z")),
                Map.of("match[type]", List.of("indicator,")),
                Map.of("match[type]", List.of("indicator", "malware")),
                Map.of("match[id]", List.of("../../etc/passwd")),
                Map.of("match[spec_version]", List.of("two")))) {
            assertThatThrownBy(() -> Query.parse(bad, Query.Fields.ALL)).as(bad.toString()).isInstanceOf(HttpProblem.class);
        }
    }

    @Test
    void theLaterOfAddedAfterAndNextIsTheCursor() {
        Instant early = Instant.parse("2024-01-01T00:00:00Z"), late = Instant.parse("2024-06-01T00:00:00Z");
        String next = PageToken.encode(late, "b");
        Query q = Query.parse(Map.of("added_after", List.of("2024-01-01T00:00:00Z"), "next", List.of(next)), Query.Fields.ALL);
        assertThat(q.filter("b", 10, VersionMatch.LAST, null).addedAfter()).isEqualTo(late);
        Query q2 = Query.parse(Map.of("added_after", List.of("2024-09-01T00:00:00Z"), "next", List.of(next)), Query.Fields.ALL);
        assertThat(q2.filter("b", 10, VersionMatch.LAST, null).addedAfter()).isAfter(late);
        assertThat(early).isBefore(late);
    }

    @Test
    void rateLimiterAllowsABurstThenRefillsAtTheRate() {
        AtomicLong now = new AtomicLong();
        RateLimiter r = new RateLimiter(2, 3, now::get);
        assertThat(r.acquire("a")).isZero();
        assertThat(r.acquire("a")).isZero();
        assertThat(r.acquire("a")).isZero();
        assertThat(r.acquire("a")).isEqualTo(1);
        assertThat(r.acquire("b")).isZero(); // per credential
        now.addAndGet(500_000_000L);          // half a second: one more at 2/s
        assertThat(r.acquire("a")).isZero();
        assertThat(r.acquire("a")).isPositive();
    }
}
