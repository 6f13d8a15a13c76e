package org.concord.warning;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.concord.ConcordException;
import org.concord.ErrorCode;

/**
 * Public suffixes ({@code co.uk}, {@code com}, {@code github.io}): what a registrable domain is
 * one label below. Read from the Public Suffix List file format (publicsuffix.org: one rule per
 * line, {@code //} comments, {@code *.} wildcards, {@code !} exceptions), or, lacking that, from
 * MISP's {@code tlds} and {@code second-level-tlds} warninglists (exact suffixes only).
 */
public final class PublicSuffixes {
    private static final PublicSuffixes NONE = new PublicSuffixes(Set.of(), Set.of(), Set.of(), "none");

    private final Set<String> exact;
    private final Set<String> wildcard; // "ck" for the rule "*.ck"
    private final Set<String> exception; // "www.ck" for the rule "!www.ck"
    private final String source;

    private PublicSuffixes(Set<String> exact, Set<String> wildcard, Set<String> exception, String source) {
        this.exact = exact;
        this.wildcard = wildcard;
        this.exception = exception;
        this.source = source;
    }

    /** No list: no domain has a known registrable parent. */
    public static PublicSuffixes none() {
        return NONE;
    }

    /**
     * Reads a Public Suffix List file (e.g. Debian's {@code /usr/share/publicsuffix/public_suffix_list.dat}).
     *
     * @throws ConcordException INVALID_CONFIGURATION if it cannot be read
     */
    public static PublicSuffixes load(Path file) {
        Set<String> exact = new HashSet<>(), wildcard = new HashSet<>(), exception = new HashSet<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                String rule = line.strip();
                int space = rule.indexOf(' ');
                if (space >= 0) rule = rule.substring(0, space);
                if (rule.isEmpty() || rule.startsWith("//")) continue;
                if (rule.startsWith("!")) {
                    add(exception, rule.substring(1));
                } else if (rule.startsWith("*.")) {
                    add(wildcard, rule.substring(2));
                } else {
                    add(exact, rule);
                }
            }
        } catch (IOException e) {
            throw new ConcordException(ErrorCode.INVALID_CONFIGURATION,
                    "the public suffix list " + file + " cannot be read: " + e.getMessage());
        }
        if (exact.isEmpty()) {
            throw new ConcordException(ErrorCode.INVALID_CONFIGURATION, file + " holds no public suffix rules");
        }
        return new PublicSuffixes(Set.copyOf(exact), Set.copyOf(wildcard), Set.copyOf(exception), file.toString());
    }

    /** Exact suffixes (from MISP's tlds and second-level-tlds warninglists, see {@link Warninglists#publicSuffixes}). */
    static PublicSuffixes of(List<String> suffixes, String source) {
        Set<String> exact = new HashSet<>();
        for (String s : suffixes) add(exact, s);
        return new PublicSuffixes(Set.copyOf(exact), Set.of(), Set.of(), source);
    }

    private static void add(Set<String> set, String rule) {
        String r = rule.toLowerCase(Locale.ROOT);
        while (r.startsWith(".")) r = r.substring(1);
        if (r.isEmpty()) return;
        if (!Normalize.isAscii(r)) {
            try {
                r = IDN.toASCII(r, IDN.ALLOW_UNASSIGNED);
            } catch (IllegalArgumentException e) {
                return;
            }
            r = r.toLowerCase(Locale.ROOT);
        }
        set.add(r);
    }

    /** Where the suffixes came from (a file, MISP lists, or "none"). */
    public String source() {
        return source;
    }

    public boolean isEmpty() {
        return exact.isEmpty();
    }

    /** The public suffix of a normalised domain, or null when no rule covers it (or there is no list). */
    public String suffix(String domain) {
        if (exact.isEmpty()) return null;
        // candidates from the longest (the whole name) to the last label; the first that matches is the longest rule
        for (int i = 0; i >= 0 && i < domain.length(); i = next(domain, i)) {
            String candidate = domain.substring(i);
            if (exception.contains(candidate)) {
                int dot = domain.indexOf('.', i);
                return dot < 0 ? null : domain.substring(dot + 1);
            }
            if (exact.contains(candidate)) return candidate;
            int dot = domain.indexOf('.', i);
            if (dot > 0 && wildcard.contains(domain.substring(dot + 1))) return candidate;
        }
        int last = domain.lastIndexOf('.');
        return domain.substring(last + 1); // the default rule "*"
    }

    private static int next(String domain, int i) {
        int dot = domain.indexOf('.', i);
        return dot < 0 ? -1 : dot + 1;
    }

    /** Whether the normalised domain is itself a public suffix. */
    public boolean isPublicSuffix(String domain) {
        String s = suffix(domain);
        return s != null && s.equals(domain);
    }

    /**
     * The registrable domain (public suffix plus one label) of a normalised domain, or null when it
     * is a public suffix itself or there is no list.
     */
    public String registrable(String domain) {
        String s = suffix(domain);
        if (s == null || s.length() >= domain.length()) return null;
        int end = domain.length() - s.length() - 1; // the dot before the suffix
        int start = domain.lastIndexOf('.', end - 1) + 1;
        return domain.substring(start);
    }

    @Override
    public String toString() {
        return "PublicSuffixes[" + source + ", " + exact.size() + " rules]";
    }
}
