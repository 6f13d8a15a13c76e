package org.concord.warning;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.concord.stix.pattern.Comparison;
import org.concord.stix.pattern.Constant;
import org.concord.stix.pattern.ConstantSet;
import org.concord.stix.pattern.ObjectPath;
import org.concord.stix.pattern.Operator;
import org.concord.stix.pattern.PathStep;
import org.concord.stix.pattern.StixPattern;

/**
 * Correlation keys (docs/warning.md): the names under which sightings of different objects meet.
 * A key is {@code kind:value}:
 * <ul>
 *   <li>{@code indicator:indicator--…}, {@code malware:malware--…} — the object sighted, by id;</li>
 *   <li>{@code domain:example.com} — lower case, no trailing dot, IDNA ASCII;</li>
 *   <li>{@code ip:192.0.2.1}, {@code ip:2001:db8::1}, {@code ip:192.0.2.0/24} — RFC 5952 for IPv6,
 *       a /32 or /128 as the address;</li>
 *   <li>{@code url:http://example.com/path} — RFC 3986 §6.2.2 normalised;</li>
 *   <li>{@code email:user@example.com} — lower case;</li>
 *   <li>{@code hash:SHA-256:abcd…} — the algorithm as STIX spells it, hex digests in lower case.</li>
 * </ul>
 * An indicator's pattern contributes a key for every value it names with {@code =} or {@code IN}
 * (not negated), and, where it says that subdomains match ({@code LIKE '%.example.com'}, or
 * {@code MATCHES} ending in a literal domain), the domain and its registrable parent.
 */
public final class Keys {
    /** The kinds of observable keys, in the order {@link Warninglists} indexes them. */
    public static final String DOMAIN = "domain", IP = "ip", URL = "url", EMAIL = "email", HASH = "hash";

    private Keys() {}

    /** The key of a sighted object by id: {@code type:id}, e.g. {@code indicator:indicator--…}. */
    public static String ofObject(String id) {
        int sep = id.indexOf("--");
        if (sep <= 0) throw new IllegalArgumentException("not a STIX id: " + id);
        return id.substring(0, sep) + ":" + id;
    }

    /** The kind of a key ({@code domain}, {@code ip}, …, or the object type). */
    public static String kind(String key) {
        int colon = key.indexOf(':');
        return colon < 0 ? key : key.substring(0, colon);
    }

    /** The value of a key, after its kind (for a hash: {@code ALGO:hex}). */
    public static String value(String key) {
        return key.substring(key.indexOf(':') + 1);
    }

    /**
     * The observable keys a pattern names, normalised, without duplicates, in pattern order.
     *
     * @param suffixes how registrable parents are found (for subdomain patterns)
     */
    public static List<String> ofPattern(StixPattern pattern, PublicSuffixes suffixes) {
        Set<String> keys = new LinkedHashSet<>();
        for (Comparison c : pattern.comparisons()) {
            if (c.negated()) continue;
            switch (c.operator()) {
                case EQUAL -> {
                    if (c.operand() instanceof Constant.StringConstant s) add(keys, c.path(), s.value());
                }
                case IN -> {
                    for (Constant k : ((ConstantSet) c.operand()).values()) {
                        if (k instanceof Constant.StringConstant s) add(keys, c.path(), s.value());
                    }
                }
                case LIKE, MATCHES -> {
                    if (isDomainValue(c.path()) && c.operand() instanceof Constant.StringConstant s) {
                        String suffix = c.operator() == Operator.LIKE ? likeSuffix(s.value()) : matchesSuffix(s.value());
                        String domain = Normalize.domain(suffix);
                        if (domain != null && !suffixes.isPublicSuffix(domain)) {
                            keys.add(DOMAIN + ":" + domain);
                            String parent = suffixes.registrable(domain);
                            if (parent != null) keys.add(DOMAIN + ":" + parent);
                        }
                    }
                }
                default -> { }
            }
        }
        return List.copyOf(keys);
    }

    /**
     * The key of an observed value of a cyber-observable type, e.g. ({@code domain-name},
     * {@code Example.COM.}) → {@code domain:example.com}; for {@code file} the value is
     * {@code ALGO:hex}. Null when the type is not one Concord correlates on or the value is not valid.
     */
    public static String ofObservable(String type, String value) {
        return switch (type) {
            case "domain-name" -> prefixed(DOMAIN, Normalize.domain(value));
            case "ipv4-addr", "ipv6-addr" -> prefixed(IP, Normalize.ip(value));
            case "url" -> prefixed(URL, Normalize.url(value));
            case "email-addr" -> prefixed(EMAIL, Normalize.email(value));
            case "file", "artifact", "x509-certificate" -> {
                int colon = value.indexOf(':');
                if (colon <= 0) yield null;
                String algo = Normalize.algorithm(value.substring(0, colon));
                String v = Normalize.hashValue(algo, value.substring(colon + 1));
                yield v == null ? null : HASH + ":" + algo + ":" + v;
            }
            default -> null;
        };
    }

    private static String prefixed(String kind, String value) {
        return value == null ? null : kind + ":" + value;
    }

    /** One comparison of {@code path} to {@code value}. */
    private static void add(Set<String> keys, ObjectPath path, String value) {
        if (value.length() > Normalize.MAX_VALUE) return;
        String type = path.objectType();
        List<PathStep> steps = path.steps();
        String first = ((PathStep.Key) steps.getFirst()).name();
        String key = null;
        if (steps.size() == 1 && first.equals("value")) {
            key = ofObservable(type, value);
        } else if (steps.size() == 2 && first.equals("hashes") && steps.get(1) instanceof PathStep.Key algo
                && (type.equals("file") || type.equals("artifact") || type.equals("x509-certificate"))) {
            key = ofObservable(type, algo.name() + ":" + value);
        } else if (isRefValue(steps)) { // network-traffic:dst_ref.value, email-message:from_ref.value, …
            key = guess(type, value);
        }
        if (key != null) keys.add(key);
    }

    /** {@code x_ref.value} or {@code x_refs[*].value}: the referenced object's type is not in the path. */
    private static boolean isRefValue(List<PathStep> steps) {
        if (!(steps.getFirst() instanceof PathStep.Key ref) || !ref.name().endsWith("_ref") && !ref.name().endsWith("_refs")) {
            return false;
        }
        PathStep last = steps.getLast();
        return last instanceof PathStep.Key k && k.name().equals("value")
                && (steps.size() == 2 || steps.size() == 3 && !(steps.get(1) instanceof PathStep.Key));
    }

    /** The value's key by its shape: an address, an e-mail address, else a domain. */
    private static String guess(String type, String value) {
        String ip = Normalize.ip(value);
        if (ip != null) return IP + ":" + ip;
        if (type.equals("email-message") || value.indexOf('@') > 0) return prefixed(EMAIL, Normalize.email(value));
        return prefixed(DOMAIN, Normalize.domain(value));
    }

    private static boolean isDomainValue(ObjectPath path) {
        return path.objectType().equals("domain-name") && path.steps().size() == 1
                && path.steps().getFirst() instanceof PathStep.Key k && k.name().equals("value");
    }

    /** {@code %.example.com} → {@code example.com}; null for any other LIKE. */
    static String likeSuffix(String like) {
        if (!like.startsWith("%.")) return null;
        String rest = like.substring(2);
        return rest.indexOf('%') >= 0 || rest.indexOf('_') >= 0 ? null : rest;
    }

    /**
     * The literal domain a regular expression ends in, anchored with {@code $}: {@code ^(.*\.)?evil\.example$}
     * or {@code \.evil\.example$} → {@code evil.example}. Null when it does not end in a literal
     * domain of two labels or more.
     */
    static String matchesSuffix(String regex) {
        String r = regex;
        if (!r.endsWith("$") || r.endsWith("\\$")) return null;
        int end = r.length() - 1;
        int i = end;
        StringBuilder reversed = new StringBuilder();
        while (i > 0) {
            char c = r.charAt(i - 1);
            if (c == '.' && i >= 2 && r.charAt(i - 2) == '\\') {
                reversed.append('.');
                i -= 2;
            } else if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                reversed.append(c);
                i--;
            } else {
                break;
            }
        }
        String literal = reversed.reverse().toString();
        while (literal.startsWith(".")) literal = literal.substring(1);
        // the character before the literal must not make its first letters optional or repeated
        if (i > 0 && "?*+{".indexOf(r.charAt(i - 1)) >= 0 && !r.substring(0, i).endsWith(")?")
                && !r.substring(0, i).endsWith(")*") && !r.substring(0, i).endsWith(")+")) {
            return null;
        }
        if (literal.indexOf('.') <= 0) return null;
        return literal.toLowerCase(Locale.ROOT);
    }
}
