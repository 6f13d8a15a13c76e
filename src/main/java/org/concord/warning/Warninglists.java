package org.concord.warning;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import org.concord.ConcordException;
import org.concord.ErrorCode;

/**
 * Known-benign values in MISP's warninglist format (github.com/MISP/misp-warninglists): a key
 * whose value is on a list never raises an alert. Each list is a {@code list.json} with a
 * {@code type} ({@code string}, the default: exact; {@code hostname}: the host and its
 * subdomains; {@code substring}; {@code cidr}; {@code regex}), the {@code list} itself and the
 * MISP attribute types it applies to ({@code matching_attributes}; all when absent), which map to
 * key kinds: {@code ip-src}/{@code ip-dst}/… → ip, {@code domain}/{@code hostname} → domain,
 * {@code url}/{@code uri} → url (a hostname list matches the URL's host), {@code email-*} → email,
 * {@code md5}/{@code sha256}/… → hash.
 *
 * <p>Matching is by hash table (exact values; hostnames, each suffix of the host in turn),
 * binary search over merged address intervals (CIDR), one Aho–Corasick pass (substrings) and
 * regular expressions with a step budget (at most {@link #REGEX_BUDGET} character reads per value
 * and expression, so no list can make a lookup slow). Immutable once loaded; thread-safe.
 */
public final class Warninglists {
    /** Character reads one regular expression may spend on one value before it counts as no match. */
    public static final int REGEX_BUDGET = 100_000;
    /** Values longer than this are not matched against regular expressions. */
    static final int REGEX_MAX_INPUT = 1024;

    /**
     * Lists left out unless named in {@code warninglists.include}: they name infrastructure that
     * attackers rent or abuse (dynamic DNS, disposable mail, URL shorteners, VPN exits, cloud and
     * CDN address space, parked domains), so a value on them is not evidence of innocence.
     */
    public static final Set<String> DEFAULT_EXCLUDE = Set.of("dynamic-dns", "disposable-email", "url-shortener",
            "link-in-bio", "lots-project", "public-ipfs-gateways", "vpn-ipv4", "vpn-ipv6", "icloud-private-relay",
            "parking-domain", "parking-domain-ns", "amazon-aws", "microsoft-azure", "microsoft-azure-china",
            "microsoft-azure-germany", "microsoft-azure-us-gov", "google-gcp", "oracle-oci", "ovh-cluster", "github",
            "cloudflare", "akamai", "fastly", "bunny-net", "stackpath", "zscaler");

    // key kinds as flag bits of a tag; the list index + 1 sits above them
    static final int DOMAIN = 1, IP = 2, URL = 4, EMAIL = 8, HASH = 16, ALL = 31;
    /** A hostname entry written with a leading dot: it names every subdomain, beyond public suffixes too. */
    static final int SUBDOMAINS = 32;
    private static final Map<String, Integer> ATTRIBUTE_KINDS = attributeKinds();
    private static final JsonFactory JSON = new JsonFactory();

    private final List<String> names; // by list index
    private final StringTable exact;
    private final StringTable hostnames;
    private final IpRanges ranges;
    private final Substrings substrings;
    private final List<Regex> regexes;
    private final List<String> suffixes; // tlds and second-level-tlds entries, for PublicSuffixes
    private final int entries;
    private final List<String> problems;
    private final PublicSuffixes boundary; // hostname entries match subdomains within one registrable domain

    private record Regex(Pattern pattern, int tag) {}

    private Warninglists(List<String> names, StringTable exact, StringTable hostnames, IpRanges ranges, Substrings substrings,
                         List<Regex> regexes, List<String> suffixes, int entries, List<String> problems, PublicSuffixes boundary) {
        this.names = List.copyOf(names);
        this.exact = exact;
        this.hostnames = hostnames;
        this.ranges = ranges;
        this.substrings = substrings;
        this.regexes = List.copyOf(regexes);
        this.suffixes = suffixes;
        this.entries = entries;
        this.problems = List.copyOf(problems);
        this.boundary = boundary != null ? boundary
                : suffixes.isEmpty() ? PublicSuffixes.none() : PublicSuffixes.of(suffixes, "MISP warninglists tlds, second-level-tlds");
    }

    /**
     * These lists, matching hostnames with {@code suffixes}: an entry {@code example.com} matches
     * {@code www.example.com} but {@code duckdns.org} does not match {@code box.duckdns.org}, a
     * domain of another registrant under a public suffix; an entry written {@code .duckdns.org}
     * does. By default the suffixes of the lists' own {@code tlds} and {@code second-level-tlds}.
     */
    public Warninglists using(PublicSuffixes suffixes) {
        return new Warninglists(names, exact, hostnames, ranges, substrings, regexes, this.suffixes, entries, problems, suffixes);
    }

    /** No lists: nothing is benign. */
    public static Warninglists none() {
        return load(List.of(), Set.of(), Set.of());
    }

    /**
     * Loads every list under {@code folders}. A folder may be MISP's repository (holding
     * {@code lists/}), its {@code lists/} folder (one sub-folder per list, each with a
     * {@code list.json}), or a folder of {@code *.json} list files (a node's own lists).
     *
     * @param exclude lists to leave out, by folder (slug) or file name without ".json"
     * @param include lists to keep even if {@code exclude} names them
     * @throws ConcordException INVALID_CONFIGURATION when a folder does not exist or a list is not
     *                          valid, naming the file and what is wrong
     */
    public static Warninglists load(List<Path> folders, Set<String> exclude, Set<String> include) {
        List<String> names = new ArrayList<>();
        StringTable exact = new StringTable(), hostnames = new StringTable();
        IpRanges ranges = new IpRanges();
        Substrings substrings = new Substrings();
        List<Regex> regexes = new ArrayList<>();
        List<String> suffixes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int entries = 0;
        for (Path folder : folders) {
            for (Path file : listFiles(folder)) {
                String slug = slug(file);
                if (exclude.contains(slug) && !include.contains(slug)) continue;
                int tagBase = (names.size() + 1) << 8;
                names.add(slug);
                Loader loader = new Loader(file, tagBase, exact, hostnames, ranges, substrings, regexes, problems);
                entries += loader.read();
                if (slug.equals("tlds") || slug.equals("second-level-tlds")) suffixes.addAll(loader.values);
            }
        }
        exact.trim();
        hostnames.trim();
        ranges.build();
        substrings.build();
        return new Warninglists(names, exact, hostnames, ranges, substrings, regexes, List.copyOf(suffixes), entries, problems, null);
    }

    private static List<Path> listFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new ConcordException(ErrorCode.INVALID_CONFIGURATION, "warninglist folder " + folder + " does not exist");
        }
        Path root = Files.isDirectory(folder.resolve("lists")) ? folder.resolve("lists") : folder;
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.sorted().toList()) {
                if (Files.isDirectory(p) && Files.isRegularFile(p.resolve("list.json"))) files.add(p.resolve("list.json"));
                else if (Files.isRegularFile(p) && p.getFileName().toString().endsWith(".json")) files.add(p);
            }
        } catch (IOException e) {
            throw new ConcordException(ErrorCode.INVALID_CONFIGURATION, "warninglist folder " + folder + " cannot be read: " + e.getMessage());
        }
        return files;
    }

    private static String slug(Path file) {
        String name = file.getFileName().toString();
        return name.equals("list.json") ? file.getParent().getFileName().toString() : name.substring(0, name.length() - 5);
    }

    /** Reads one list.json by streaming (no tree), adding its entries to the tables. */
    private static final class Loader {
        private final Path file;
        private final int tagBase;
        private final StringTable exact, hostnames;
        private final IpRanges ranges;
        private final Substrings substrings;
        private final List<Regex> regexes;
        private final List<String> problems;
        final List<String> values = new ArrayList<>();

        Loader(Path file, int tagBase, StringTable exact, StringTable hostnames, IpRanges ranges, Substrings substrings,
               List<Regex> regexes, List<String> problems) {
            this.file = file;
            this.tagBase = tagBase;
            this.exact = exact;
            this.hostnames = hostnames;
            this.ranges = ranges;
            this.substrings = substrings;
            this.regexes = regexes;
            this.problems = problems;
        }

        int read() {
            String type = "string";
            int kinds = 0;
            boolean sawKinds = false;
            try (JsonParser p = JSON.createParser(file.toFile())) {
                if (p.nextToken() != JsonToken.START_OBJECT) throw bad("is not a JSON object");
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken t = p.nextToken();
                    switch (field) {
                        case "type" -> {
                            if (t != JsonToken.VALUE_STRING) throw bad("\"type\" must be a string");
                            type = p.getText();
                            if (!Set.of("string", "substring", "hostname", "cidr", "regex").contains(type)) {
                                throw bad("\"type\" must be string, substring, hostname, cidr or regex: " + type);
                            }
                        }
                        case "matching_attributes" -> {
                            if (t != JsonToken.START_ARRAY) throw bad("\"matching_attributes\" must be an array of strings");
                            sawKinds = true;
                            while (p.nextToken() == JsonToken.VALUE_STRING) {
                                kinds |= ATTRIBUTE_KINDS.getOrDefault(p.getText().toLowerCase(Locale.ROOT), 0);
                            }
                        }
                        case "list" -> {
                            if (t != JsonToken.START_ARRAY) throw bad("\"list\" must be an array of strings");
                            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                                if (t != JsonToken.VALUE_STRING) throw bad("\"list\" must be an array of strings");
                                values.add(p.getText());
                            }
                        }
                        default -> p.skipChildren();
                    }
                }
            } catch (IOException e) {
                throw bad("is not valid JSON: " + e.getMessage());
            }
            if (!sawKinds) kinds = ALL;
            int added = 0;
            for (String v : values) if (add(type, v, kinds)) added++;
            return added;
        }

        private boolean add(String type, String raw, int kinds) {
            String v = raw.strip();
            if (v.isEmpty()) return false;
            int tag = tagBase;
            return switch (type) {
                case "cidr" -> (kinds & IP) != 0 && ranges.add(v, tag | IP);
                case "hostname" -> {
                    boolean subdomains = v.startsWith(".");
                    String host = subdomains ? v.substring(1) : v;
                    if (Normalize.ip(host) != null) yield (kinds & IP) != 0 && ranges.add(host, tag | IP);
                    String d = Normalize.domain(host);
                    if (d == null && Normalize.isHostname(host.toLowerCase(Locale.ROOT))) d = host.toLowerCase(Locale.ROOT);
                    if (d == null) yield false;
                    hostnames.add(d, tag | (kinds & (DOMAIN | URL | EMAIL)) | (subdomains ? SUBDOMAINS : 0));
                    yield true;
                }
                case "substring" -> {
                    substrings.add(v.toLowerCase(Locale.ROOT), tag | kinds);
                    yield true;
                }
                case "regex" -> {
                    Pattern pattern = regex(v);
                    if (pattern == null) yield false;
                    regexes.add(new Regex(pattern, tag | kinds));
                    yield true;
                }
                default -> exactly(v, tag, kinds);
            };
        }

        /** A string entry, normalised as each kind it applies to spells values. */
        private boolean exactly(String v, int tag, int kinds) {
            boolean any = false;
            if ((kinds & IP) != 0 && Normalize.ip(v) != null) any |= ranges.add(v, tag | IP);
            if ((kinds & DOMAIN) != 0) {
                String d = Normalize.domain(v);
                if (d == null && Normalize.isHostname(v.toLowerCase(Locale.ROOT))) d = v.toLowerCase(Locale.ROOT); // "com"
                if (d != null) {
                    exact.add(d, tag | DOMAIN);
                    any = true;
                }
            }
            if ((kinds & URL) != 0 && v.indexOf('/') >= 0) {
                String u = Normalize.url(v);
                if (u != null) {
                    exact.add(u, tag | URL);
                    any = true;
                }
            }
            if ((kinds & EMAIL) != 0 && v.indexOf('@') > 0) {
                String e = Normalize.email(v);
                if (e != null) {
                    exact.add(e, tag | EMAIL);
                    any = true;
                }
            }
            if ((kinds & HASH) != 0) {
                String h = Normalize.hashValue("", v);
                if (h != null) {
                    exact.add(h, tag | HASH);
                    any = true;
                }
            }
            return any;
        }

        /** A MISP regex, written {@code /expression/flags} (PCRE style) or bare. */
        private Pattern regex(String v) {
            String body = v;
            int flags = 0;
            if (v.length() > 2 && v.charAt(0) == '/' && v.lastIndexOf('/') > 0) {
                int end = v.lastIndexOf('/');
                body = v.substring(1, end);
                for (char f : v.substring(end + 1).toCharArray()) {
                    switch (f) {
                        case 'i' -> flags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
                        case 'm' -> flags |= Pattern.MULTILINE;
                        case 's' -> flags |= Pattern.DOTALL;
                        case 'x' -> flags |= Pattern.COMMENTS;
                        default -> { } // g, u: no meaning for one match
                    }
                }
            }
            try {
                return Pattern.compile(body, flags);
            } catch (PatternSyntaxException e) {
                problems.add(file + ": regular expression skipped: " + e.getDescription() + ": " + v);
                return null;
            }
        }

        private ConcordException bad(String what) {
            return new ConcordException(ErrorCode.INVALID_CONFIGURATION, "warninglist " + file + " " + what);
        }
    }

    private static Map<String, Integer> attributeKinds() {
        Map<String, Integer> m = new java.util.HashMap<>();
        for (String a : List.of("ip-src", "ip-dst", "ip-src|port", "ip-dst|port", "ip", "ip-any")) m.put(a, IP);
        for (String a : List.of("domain", "hostname", "hostname|port")) m.put(a, DOMAIN);
        m.put("domain|ip", DOMAIN | IP);
        for (String a : List.of("url", "uri", "link")) m.put(a, URL);
        for (String a : List.of("email", "email-src", "email-dst", "target-email", "whois-registrant-email",
                "email-reply-to", "dns-soa-email", "eppn")) {
            m.put(a, EMAIL);
        }
        for (String a : List.of("md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha512/224", "sha512/256",
                "sha3-224", "sha3-256", "sha3-384", "sha3-512", "ssdeep", "tlsh", "imphash", "impfuzzy", "authentihash",
                "pehash", "cdhash", "vhash", "x509-fingerprint-md5", "x509-fingerprint-sha1", "x509-fingerprint-sha256",
                "ja3-fingerprint-md5", "jarm-fingerprint")) {
            m.put(a, HASH);
            m.put("filename|" + a, HASH);
        }
        return Collections.unmodifiableMap(m);
    }

    /** Whether the value of {@code key} is on a list (see {@link #match}). */
    public boolean isListed(String key) {
        return match(key).isPresent();
    }

    /**
     * The name of a list that holds the value of {@code key} ({@link Keys}), or empty. Keys of
     * sighted objects ({@code indicator:…}) are never listed.
     */
    public Optional<String> match(String key) {
        int tag = tag(key);
        return tag == 0 ? Optional.empty() : Optional.of(names.get((tag >>> 8) - 1));
    }

    private int tag(String key) {
        if (names.isEmpty()) return 0;
        String kind = Keys.kind(key);
        int from = kind.length() + 1;
        return switch (kind) {
            case Keys.DOMAIN -> domainTag(key, from, DOMAIN);
            case Keys.IP -> {
                int t = ranges.tag(key.substring(from));
                yield t != 0 ? t : others(key.substring(from), IP);
            }
            case Keys.URL -> {
                int t = exact.tag(key, from);
                if ((t & URL) != 0) yield t;
                String host = urlHost(key.substring(from));
                if (host != null) {
                    if (Normalize.ipv4(host) >= 0 || host.startsWith("[")) {
                        int r = ranges.tag(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
                        if (r != 0) yield r;
                    } else {
                        int h = suffixTag(hostnames, host, URL);
                        if (h != 0) yield h;
                    }
                }
                yield others(key.substring(from), URL);
            }
            case Keys.EMAIL -> {
                int t = exact.tag(key, from);
                if ((t & EMAIL) != 0) yield t;
                String value = key.substring(from);
                int h = suffixTag(hostnames, value.substring(value.indexOf('@') + 1), EMAIL);
                yield h != 0 ? h : others(value, EMAIL);
            }
            case Keys.HASH -> {
                int colon = key.indexOf(':', from);
                int t = colon < 0 ? 0 : exact.tag(key, colon + 1);
                yield (t & HASH) != 0 ? t : others(key.substring(colon + 1), HASH);
            }
            default -> 0;
        };
    }

    private int domainTag(String key, int from, int kind) {
        int t = exact.tag(key, from);
        if ((t & kind) != 0) return t;
        int h = suffixTag(hostnames, key.substring(from), kind);
        return h != 0 ? h : others(key.substring(from), kind);
    }

    /**
     * The tag of the host, or of a parent domain listed for its subdomains: within the host's
     * registrable domain, or beyond it when the entry says so ({@link #SUBDOMAINS}).
     */
    private int suffixTag(StringTable table, String host, int kind) {
        String registrable = boundary.registrable(host);
        int limit = registrable == null ? host.length() : host.length() - registrable.length(); // parents from here on are ours
        for (int i = 0; i >= 0 && i < host.length(); ) {
            int t = table.tag(host, i);
            if ((t & kind) != 0 && (i == 0 || i <= limit || (t & SUBDOMAINS) != 0)) return t;
            int dot = host.indexOf('.', i);
            i = dot < 0 ? -1 : dot + 1;
        }
        return 0;
    }

    /** Substring and regular-expression lists. */
    private int others(String value, int kind) {
        int t = substrings.find(value, kind);
        if (t != 0) return t;
        if (regexes.isEmpty() || value.length() > REGEX_MAX_INPUT) return 0;
        for (Regex r : regexes) {
            if ((r.tag & kind) == 0) continue;
            try {
                Matcher m = r.pattern.matcher(new Budgeted(value, REGEX_BUDGET));
                if (m.find()) return r.tag;
            } catch (Budgeted.Exhausted e) {
                // the expression backtracked past its budget on this value: no match
            }
        }
        return 0;
    }

    private static String urlHost(String url) {
        int s = url.indexOf("://");
        if (s < 0) return null;
        int start = s + 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) end++;
        String authority = url.substring(start, end);
        int at = authority.lastIndexOf('@');
        String host = authority.substring(at + 1);
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            return close < 0 ? null : host.substring(0, close + 1);
        }
        int colon = host.lastIndexOf(':');
        return colon >= 0 ? host.substring(0, colon) : host;
    }

    /** A CharSequence that stops a regular expression after a fixed number of character reads. */
    private static final class Budgeted implements CharSequence {
        static final class Exhausted extends RuntimeException {
            Exhausted() {
                super(null, null, false, false);
            }
        }

        private final String s;
        private final int[] left;

        Budgeted(String s, int budget) {
            this(s, new int[] {budget});
        }

        private Budgeted(String s, int[] left) {
            this.s = s;
            this.left = left;
        }

        @Override
        public char charAt(int i) {
            if (--left[0] < 0) throw new Exhausted();
            return s.charAt(i);
        }

        @Override
        public int length() {
            return s.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Budgeted(s.substring(start, end), left);
        }

        @Override
        public String toString() {
            return s;
        }
    }

    /** The lists loaded, by name (slug). */
    public List<String> lists() {
        return names;
    }

    /** Entries loaded, over all lists. */
    public int entries() {
        return entries;
    }

    /** What was skipped while loading (regular expressions Java cannot compile), one line each. */
    public List<String> problems() {
        return problems;
    }

    /** Approximate bytes the tables hold (string pools, hash tables, intervals). */
    public long bytes() {
        return exact.bytes() + hostnames.bytes() + ranges.bytes();
    }

    /** Public suffixes from the {@code tlds} and {@code second-level-tlds} lists; {@link PublicSuffixes#none} when not loaded. */
    public PublicSuffixes publicSuffixes() {
        return suffixes.isEmpty() ? PublicSuffixes.none() : PublicSuffixes.of(suffixes, "MISP warninglists tlds, second-level-tlds");
    }


    @Override
    public String toString() {
        return "Warninglists[" + names.size() + " lists, " + entries + " entries]";
    }
}
