package org.concord.taxii.bench;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;

/** How the benchmark's clients GET one page: the envelope and X-TAXII-Date-Added-Last. */
interface Pager {
    String TAXII = "application/taxii+json;version=2.1";

    record Got(TaxiiBenchmark.Envelope envelope, String lastAdded) {}

    /** GETs {@code uri}, with a bearer token when not null (else the client certificate speaks). */
    Got get(URI uri, String token) throws Exception;

    /** The JDK's HttpClient (HTTP/1.1), the body scanned as it arrives. */
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

    /** The JDK's blocking HttpsURLConnection (keep-alive), the body read to its end and scanned. */
    static Pager blocking(SSLContext ssl) {
        return (uri, token) -> {
            HttpsURLConnection c = (HttpsURLConnection) uri.toURL().openConnection();
            c.setSSLSocketFactory(ssl.getSocketFactory());
            c.setRequestProperty("Accept", TAXII);
            if (token != null) c.setRequestProperty("Authorization", "Bearer " + token);
            if (c.getResponseCode() != 200) throw new IllegalStateException("GET " + uri + " answered " + c.getResponseCode());
            EnvelopeScanner scanner = new EnvelopeScanner();
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = c.getInputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) scanner.scan(buffer, n);
            }
            return new Got(scanner.envelope(), c.getHeaderField("X-TAXII-Date-Added-Last"));
        };
    }
}
