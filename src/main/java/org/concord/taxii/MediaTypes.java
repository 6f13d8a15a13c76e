package org.concord.taxii;

import java.util.Locale;

/** TAXII 2.1 content negotiation (§1.6.8, §3.1). */
final class MediaTypes {
    /** What every TAXII response carries (§1.6.8.2). */
    static final String TAXII = "application/taxii+json;version=2.1";
    /** The one media type of objects in Concord's collections (§5.2.1 media_types). */
    static final String STIX = "application/stix+json;version=2.1";

    private MediaTypes() {}

    /**
     * Whether an {@code Accept} header admits a TAXII 2.1 response. §3.1: requests MUST name a TAXII
     * media range, so a range for TAXII (or STIX, which the manifest endpoint lists) of version 2.1 or
     * no version, or a wildcard, is acceptable; another version (a TAXII 2.0 client) or only other
     * types is not (406). A missing header accepts anything (RFC 7231 §5.3.2).
     */
    static boolean acceptable(String accept) {
        if (accept == null || accept.isBlank()) return true;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].strip().toLowerCase(Locale.ROOT);
            String version = null;
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String[] kv = parts[i].split("=", 2);
                if (kv.length != 2) continue;
                String k = kv[0].strip().toLowerCase(Locale.ROOT);
                String v = kv[1].strip().replace("\"", "");
                if (k.equals("version")) version = v;
                if (k.equals("q")) {
                    try {
                        q = Double.parseDouble(v);
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (q <= 0) continue;
            boolean wildcard = type.equals("*/*") || type.equals("application/*");
            boolean ours = type.equals("application/taxii+json") || type.equals("application/stix+json");
            if (wildcard || (ours && (version == null || version.equals("2.1")))) return true;
        }
        return false;
    }

    /** Whether a request body's {@code Content-Type} is a TAXII 2.1 envelope (else 415, §5.5). */
    static boolean isTaxiiBody(String contentType) {
        if (contentType == null) return false;
        String[] parts = contentType.split(";");
        if (!parts[0].strip().equalsIgnoreCase("application/taxii+json")) return false;
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            if (kv.length == 2 && kv[0].strip().equalsIgnoreCase("version")
                    && !kv[1].strip().replace("\"", "").equals("2.1")) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code accept} admits the media type {@code type} ({@code text/event-stream},
     * {@code application/json}): a range naming it, its top-level type's wildcard or {@code *}{@code /*},
     * with a quality above zero; a missing header admits anything. Parameters other than {@code q}
     * are not compared (for the Concord endpoints' own types, not TAXII's: {@link #acceptable}).
     */
    static boolean admits(String accept, String type) {
        if (accept == null || accept.isBlank()) return true;
        String family = type.substring(0, type.indexOf('/') + 1) + "*";
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String named = parts[0].strip().toLowerCase(java.util.Locale.ROOT);
            boolean refused = false;
            for (int i = 1; i < parts.length; i++) {
                String[] kv = parts[i].split("=", 2);
                if (kv.length == 2 && kv[0].strip().equalsIgnoreCase("q") && kv[1].strip().matches("0(\\.0*)?")) refused = true;
            }
            if (!refused && (named.equals(type) || named.equals(family) || named.equals("*/*"))) return true;
        }
        return false;
    }
}
