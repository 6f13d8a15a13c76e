package org.concord.taxii.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import javax.net.ssl.SSLContext;

/** How the benchmark's clients GET one page: the envelope and X-TAXII-Date-Added-Last. */
interface Pager {
    String TAXII = "application/taxii+json;version=2.1";

    record Got(TaxiiBenchmark.Envelope envelope, String lastAdded) {}

    /** GETs {@code uri}, with a bearer token when not null (else the client certificate speaks). */
    Got get(URI uri, String token) throws Exception;

    /**
     * The JDK's HttpClient (HTTP/1.1, keep-alive), the body scanned as it arrives. (HttpsURLConnection,
     * tried too, spent more CPU per object on this machine.)
     */
    static Pager jdk(SSLContext ssl) {
        HttpClient c = HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1).build();
        return (uri, token) -> {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Accept", TAXII);
            if (token != null) b.header("Authorization", "Bearer " + token);
            HttpResponse<TaxiiBenchmark.Envelope> r = c.send(b.build(), info -> new EnvelopeScanner());
            if (r.statusCode() != 200) throw new IllegalStateException("GET " + uri + " answered " + r.statusCode());
            return new Got(r.body(), r.headers().firstValue("X-TAXII-Date-Added-Last").orElse(null));
        };
    }
}
