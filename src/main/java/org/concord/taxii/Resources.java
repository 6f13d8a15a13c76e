package org.concord.taxii;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.concord.stix.StixTimestamp;
import org.concord.store.CanonicalPage;
import org.concord.store.DetachedSignature;
import org.concord.store.Origin;
import org.concord.store.Page;
import org.concord.store.StoredVersion;

/**
 * TAXII resources as JSON (§4.1.1, §4.2.1, §4.3.1, §5.1.1, §5.2.1, §3.7, §5.3.1, §5.8.1). Pages are
 * written straight to the response stream: an envelope copies each object's stored canonical bytes,
 * nothing is re-parsed and no page is built as a tree.
 */
final class Resources {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] OBJECTS = ",\"objects\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PROVENANCE = ",\"x_concord_provenance\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HANDLING = ",\"x_concord_handling\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SIGNATURES = ",\"x_concord_signatures\":".getBytes(StandardCharsets.US_ASCII);

    private Resources() {}

    static byte[] discovery(TaxiiConfig c, String apiRootUrl) {
        ObjectNode o = JSON.createObjectNode();
        o.put("title", c.title());
        if (!c.description().isEmpty()) o.put("description", c.description());
        if (c.contact() != null) o.put("contact", c.contact());
        o.put("default", apiRootUrl);
        o.putArray("api_roots").add(apiRootUrl);
        return bytes(o);
    }

    static byte[] apiRoot(TaxiiConfig c) {
        ObjectNode o = JSON.createObjectNode();
        o.put("title", c.title());
        if (!c.description().isEmpty()) o.put("description", c.description());
        o.putArray("versions").add(MediaTypes.TAXII);
        o.put("max_content_length", c.maxContentLength());
        return bytes(o);
    }

    static ObjectNode collection(TaxiiService.View v) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", v.info().id());
        o.put("title", v.info().title());
        if (!v.info().description().isEmpty()) o.put("description", v.info().description());
        if (v.info().alias() != null) o.put("alias", v.info().alias());
        o.put("can_read", v.canRead());
        o.put("can_write", v.canWrite());
        o.putArray("media_types").add(MediaTypes.STIX);
        return o;
    }

    static byte[] collections(List<TaxiiService.View> views) {
        ObjectNode o = JSON.createObjectNode();
        if (!views.isEmpty()) { // §5.1.1: no collections, no key
            ArrayNode a = o.putArray("collections");
            views.forEach(v -> a.add(collection(v)));
        }
        return bytes(o);
    }

    static byte[] status(Statuses.Status s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", s.id());
        o.put("status", s.complete() ? "complete" : "pending");
        o.put("request_timestamp", StixTimestamp.formatMicros(s.requested()));
        o.put("total_count", s.total());
        o.put("success_count", s.successes().size());
        details(o, "successes", s.successes());
        o.put("failure_count", s.failures().size());
        details(o, "failures", s.failures());
        o.put("pending_count", s.pendings().size());
        details(o, "pendings", s.pendings());
        return bytes(o);
    }

    private static void details(ObjectNode o, String name, List<Statuses.Detail> ds) {
        if (ds.isEmpty()) return; // §2: empty lists are not used in place of absence
        ArrayNode a = o.putArray(name);
        for (Statuses.Detail d : ds) {
            ObjectNode e = a.addObject().put("id", d.id()).put("version", d.version());
            if (d.message() != null) e.put("message", d.message());
        }
    }

    /**
     * §3.7 envelope: {"more":…,"next":…,"objects":[…]} with the stored bytes of each object, and its
     * length in bytes, known before it is written (so it goes with a Content-Length, not chunked).
     */
    record StoredEnvelope(byte[] head, List<CanonicalPage.Entry> items, long length) {
        StoredEnvelope(CanonicalPage page, String next) {
            this(envelopeHead(page.more(), next), page.items());
        }

        private StoredEnvelope(byte[] head, List<CanonicalPage.Entry> items) {
            this(head, items, length(head, items));
        }

        private static long length(byte[] head, List<CanonicalPage.Entry> items) {
            long n = head.length + 1; // the closing brace
            if (items.isEmpty()) return n;
            n += OBJECTS.length + items.size() - 1 + 1; // the commas and the closing bracket
            for (CanonicalPage.Entry e : items) n += e.canonical().length;
            return n;
        }

        void write(OutputStream out) throws IOException {
            out.write(head);
            if (!items.isEmpty()) {
                out.write(OBJECTS);
                boolean first = true;
                for (CanonicalPage.Entry e : items) {
                    if (!first) out.write(',');
                    first = false;
                    out.write(e.canonical());
                }
                out.write(']');
            }
            out.write('}');
        }
    }

    private static byte[] envelopeHead(boolean more, String next) {
        return ("{\"more\":" + more + (next == null ? "" : ",\"next\":\"" + next + "\"")).getBytes(StandardCharsets.US_ASCII);
    }


    /** The envelope of a page of versions but its closing brace. */
    private static void envelopeMembers(OutputStream out, Page page, String next) throws IOException {
        out.write(envelopeHead(page.more(), next));
        if (!page.items().isEmpty()) {
            out.write(OBJECTS);
            boolean first = true;
            for (StoredVersion v : page.items()) {
                if (!first) out.write(',');
                first = false;
                out.write(v.object().canonical());
            }
            out.write(']');
        }
    }

    /** A plain TAXII envelope of a page of versions (their bytes as they are), for a member. */
    static void envelope(OutputStream out, Page page, String next) throws IOException {
        envelopeMembers(out, page, next);
        out.write('}');
    }

    /**
     * The envelope a partner node reads: {@link StoredEnvelope} of what was released plus, when some object of the page was
     * not originated here, Concord's {@code x_concord_provenance} member (docs/federation.md, wire
     * additions) with one entry per such object: its id and version, origin, origin country (absent
     * when unknown), path (ending with this node) and may_reshare; and when some object carries no TLP
     * marking, {@code x_concord_handling} with one entry per such object: its id, version and the TLP
     * level it travels at; and when some object goes with an origin signature,
     * {@code x_concord_signatures} with one entry per such object: its id, version, alg,
     * key_fingerprint, signer and signature. The objects are their bytes as released, never
     * re-signed. TAXII clients ignore unknown members of an envelope.
     */
    static void partnerEnvelope(OutputStream out, Page page, String next) throws IOException {
        boolean relayed = false, handled = false, signed = false;
        for (StoredVersion v : page.items()) {
            relayed |= v.origin() != null;
            handled |= v.handling() != null;
            signed |= v.signature() != null;
        }
        envelopeMembers(out, page, next);
        if (!relayed && !handled && !signed) {
            out.write('}');
            return;
        }
        if (relayed) {
            out.write(PROVENANCE);
            try (JsonGenerator g = generator(out)) {
                g.writeStartArray();
                for (StoredVersion v : page.items()) {
                    Origin o = v.origin();
                    if (o == null) continue;
                    g.writeStartObject();
                    g.writeStringField("id", v.object().id());
                    g.writeStringField("version", v.object().version() == null ? "" : v.object().version());
                    g.writeStringField("origin", o.node());
                    if (o.country() != null) g.writeStringField("country", o.country());
                    g.writeArrayFieldStart("path");
                    for (String hop : o.path()) g.writeString(hop);
                    g.writeEndArray();
                    g.writeBooleanField("may_reshare", o.mayReshare());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
        }
        if (handled) {
            out.write(HANDLING);
            try (JsonGenerator g = generator(out)) {
                g.writeStartArray();
                for (StoredVersion v : page.items()) {
                    if (v.handling() == null) continue;
                    g.writeStartObject();
                    g.writeStringField("id", v.object().id());
                    g.writeStringField("version", v.object().version() == null ? "" : v.object().version());
                    g.writeStringField("tlp", v.handling().label().substring(4).toLowerCase(java.util.Locale.ROOT));
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
        }
        if (signed) {
            out.write(SIGNATURES);
            try (JsonGenerator g = generator(out)) {
                g.writeStartArray();
                for (StoredVersion v : page.items()) {
                    DetachedSignature s = v.signature();
                    if (s == null) continue;
                    g.writeStartObject();
                    g.writeStringField("id", v.object().id());
                    g.writeStringField("version", v.object().version() == null ? "" : v.object().version());
                    g.writeStringField("alg", DetachedSignature.ALGORITHM);
                    g.writeStringField("key_fingerprint", s.keyFingerprint());
                    g.writeStringField("signer", s.signer());
                    g.writeStringField("signature", s.signature());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
        }
        out.write('}');
    }

    private static JsonGenerator generator(OutputStream out) throws IOException {
        JsonGenerator g = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8);
        g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
        return g;
    }

    /** §5.3.1 manifest: one record per stored version. */
    static void manifest(OutputStream out, Page page, String next) throws IOException {
        try (JsonGenerator g = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeBooleanField("more", page.more());
            if (next != null) g.writeStringField("next", next);
            if (!page.items().isEmpty()) {
                g.writeArrayFieldStart("objects");
                for (StoredVersion v : page.items()) {
                    g.writeStartObject();
                    g.writeStringField("id", v.object().id());
                    g.writeStringField("date_added", StixTimestamp.formatMicros(v.dateAdded()));
                    g.writeStringField("version", TaxiiService.versionOf(v));
                    g.writeStringField("media_type", "application/stix+json;version=" + v.object().specVersion());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
    }

    /** §5.8.1 versions: the versions of one object on this page. */
    static void versions(OutputStream out, Page page, String next) throws IOException {
        try (JsonGenerator g = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeBooleanField("more", page.more());
            if (next != null) g.writeStringField("next", next);
            if (!page.items().isEmpty()) {
                g.writeArrayFieldStart("versions");
                for (StoredVersion v : page.items()) g.writeString(TaxiiService.versionOf(v));
                g.writeEndArray();
            }
            g.writeEndObject();
        }
    }

    static byte[] toBytes(ObjectNode o) {
        return bytes(o);
    }

    private static byte[] bytes(ObjectNode o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
