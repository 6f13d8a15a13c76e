package org.concord.warning;

import java.net.IDN;
import java.util.Locale;

/**
 * The canonical spelling of observed values, so that two members' different spellings of one
 * value meet (docs/warning.md, correlation keys). Every method returns null for a value that is
 * not of its kind; none does I/O (no DNS lookups).
 */
final class Normalize {
    /** Values longer than this are not correlated (a URL or domain this long is not a key anyone shares). */
    static final int MAX_VALUE = 2048;

    private Normalize() {}

    /**
     * A domain name: lower case, trailing dots removed, IDNA ASCII (xn--) labels; labels of 1-63
     * letters, digits, '-' or '_', at most 253 characters, at least two labels. Null otherwise.
     */
    static String domain(String raw) {
        if (raw == null) return null;
        String s = raw.strip();
        while (s.endsWith(".")) s = s.substring(0, s.length() - 1);
        if (s.isEmpty() || s.length() > 253 * 4) return null;
        if (!isAscii(s)) {
            try {
                s = IDN.toASCII(s, IDN.ALLOW_UNASSIGNED);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        s = s.toLowerCase(Locale.ROOT);
        return isHostname(s) && s.indexOf('.') > 0 ? s : null;
    }

    /** Whether {@code s} is lower-case ASCII labels joined by dots (one label allowed). */
    static boolean isHostname(String s) {
        int n = s.length();
        if (n == 0 || n > 253) return false;
        int label = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '.') {
                if (label == 0) return false;
                label = 0;
            } else if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
                if (++label > 63) return false;
            } else {
                return false;
            }
        }
        return label > 0;
    }

    /**
     * An IP address or network: IPv4 dotted decimal, IPv6 as RFC 5952 writes it, an IPv4-mapped
     * IPv6 address as its IPv4 address; a CIDR block with the host bits cleared, a /32 or /128 as
     * the bare address. Null otherwise.
     */
    static String ip(String raw) {
        if (raw == null) return null;
        String s = raw.strip();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        int prefix = -1;
        if (slash >= 0) {
            prefix = parsePrefix(s.substring(slash + 1));
            if (prefix < 0) return null;
        }
        long v4 = ipv4(addr);
        if (v4 >= 0) {
            if (prefix > 32) return null;
            if (prefix < 0 || prefix == 32) return formatV4(v4);
            long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
            return formatV4(v4 & mask) + "/" + prefix;
        }
        long[] v6 = ipv6(addr);
        if (v6 == null) return null;
        if (prefix > 128) return null;
        if (v6[0] == 0 && (v6[1] >>> 32) == 0xffffL && (prefix < 0 || prefix >= 96)) { // ::ffff:a.b.c.d
            long a = v6[1] & 0xffffffffL;
            int p4 = prefix < 0 ? 32 : prefix - 96;
            return ip(formatV4(a) + "/" + p4);
        }
        if (prefix < 0 || prefix == 128) return formatV6(v6[0], v6[1]);
        long hiMask = prefix >= 64 ? -1L : prefix == 0 ? 0 : -1L << (64 - prefix);
        long loMask = prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
        return formatV6(v6[0] & hiMask, v6[1] & loMask) + "/" + prefix;
    }

    private static int parsePrefix(String s) {
        if (s.isEmpty() || s.length() > 3) return -1;
        int p = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            p = p * 10 + (c - '0');
        }
        return p;
    }

    /** An IPv4 address in dotted decimal (four parts 0-255) as an unsigned 32-bit value, or -1. */
    static long ipv4(String s) {
        int n = s.length();
        if (n < 7 || n > 15) return -1;
        long value = 0;
        int parts = 0, part = -1, digits = 0;
        for (int i = 0; i <= n; i++) {
            char c = i < n ? s.charAt(i) : '.';
            if (c == '.') {
                if (part < 0 || ++parts > 4) return -1;
                value = (value << 8) | part;
                part = -1;
                digits = 0;
            } else if (c >= '0' && c <= '9') {
                if (++digits > 3) return -1;
                part = (part < 0 ? 0 : part * 10) + (c - '0');
                if (part > 255) return -1;
            } else {
                return -1;
            }
        }
        return parts == 4 ? value : -1;
    }

    /** An IPv6 address (RFC 4291 §2.2 text forms, with an IPv4 tail allowed) as two 64-bit halves, or null. */
    static long[] ipv6(String s) {
        int n = s.length();
        if (n < 2 || n > 45 || s.indexOf(':') < 0) return null;
        int[] groups = new int[8];
        int count = 0, gap = -1, i = 0;
        if (s.startsWith("::")) {
            gap = 0;
            i = 2;
            if (n == 2) return new long[] {0, 0};
        } else if (s.charAt(0) == ':') {
            return null;
        }
        while (i < n) {
            int start = i, v = 0;
            while (i < n && Character.digit(s.charAt(i), 16) >= 0 && i - start < 5) {
                v = v * 16 + Character.digit(s.charAt(i), 16);
                i++;
            }
            if (i < n && s.charAt(i) == '.') { // IPv4 tail
                long v4 = ipv4(s.substring(start));
                if (v4 < 0 || count > 6) return null;
                groups[count++] = (int) (v4 >>> 16);
                groups[count++] = (int) (v4 & 0xffff);
                i = n;
                break;
            }
            int len = i - start;
            if (len == 0 || len > 4 || count == 8) return null;
            groups[count++] = v;
            if (i == n) break;
            if (s.charAt(i) != ':') return null;
            i++;
            if (i < n && s.charAt(i) == ':') {
                if (gap >= 0) return null;
                gap = count;
                i++;
                if (i == n) break;
            } else if (i == n) {
                return null;
            }
        }
        if (gap < 0 && count != 8 || gap >= 0 && count > 7) return null;
        int[] full = new int[8];
        if (gap < 0) {
            System.arraycopy(groups, 0, full, 0, 8);
        } else {
            System.arraycopy(groups, 0, full, 0, gap);
            int tail = count - gap;
            System.arraycopy(groups, gap, full, 8 - tail, tail);
        }
        long hi = 0, lo = 0;
        for (int g = 0; g < 4; g++) hi = (hi << 16) | full[g];
        for (int g = 4; g < 8; g++) lo = (lo << 16) | full[g];
        return new long[] {hi, lo};
    }

    static String formatV4(long v) {
        return ((v >>> 24) & 0xff) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
    }

    /** RFC 5952 §4: lower case, no leading zeros, the longest run (≥ 2) of zero groups as "::", the first on a tie. */
    static String formatV6(long hi, long lo) {
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) g[i] = (int) ((hi >>> (48 - 16 * i)) & 0xffff);
        for (int i = 0; i < 4; i++) g[4 + i] = (int) ((lo >>> (48 - 16 * i)) & 0xffff);
        int bestStart = -1, bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen && j - i >= 2) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    /**
     * A URL: scheme and host in lower case (host as a domain or IP address), default port and
     * fragment dropped, an empty path as "/", percent-escapes in upper case with unreserved
     * characters decoded (RFC 3986 §6.2.2). A URL without a scheme is read as http. Null when it
     * has no host.
     */
    static String url(String raw) {
        if (raw == null) return null;
        String s = raw.strip();
        if (s.isEmpty() || s.length() > MAX_VALUE) return null;
        int colon = s.indexOf("://");
        String scheme = "http";
        if (colon > 0 && isScheme(s, colon)) {
            scheme = s.substring(0, colon).toLowerCase(Locale.ROOT);
            s = s.substring(colon + 3);
        }
        int hash = s.indexOf('#');
        if (hash >= 0) s = s.substring(0, hash);
        int pathStart = firstOf(s, "/?");
        String authority = pathStart < 0 ? s : s.substring(0, pathStart);
        String rest = pathStart < 0 ? "/" : s.substring(pathStart);
        if (rest.startsWith("?")) rest = "/" + rest;
        int at = authority.lastIndexOf('@');
        String userinfo = at >= 0 ? authority.substring(0, at + 1) : "";
        String hostPort = authority.substring(at + 1);
        String host, port = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) return null;
            String v6 = ip(hostPort.substring(1, close));
            if (v6 == null || v6.indexOf('/') >= 0) return null;
            host = v6.indexOf(':') >= 0 ? "[" + v6 + "]" : v6;
            if (close + 1 < hostPort.length()) {
                if (hostPort.charAt(close + 1) != ':') return null;
                port = hostPort.substring(close + 2);
            }
        } else {
            int pc = hostPort.lastIndexOf(':');
            if (pc >= 0) {
                port = hostPort.substring(pc + 1);
                hostPort = hostPort.substring(0, pc);
            }
            String v4 = ipv4(hostPort) >= 0 ? formatV4(ipv4(hostPort)) : null;
            host = v4 != null ? v4 : domain(hostPort);
            if (host == null) {
                String single = hostPort.toLowerCase(Locale.ROOT); // e.g. "localhost"
                if (!isHostname(single)) return null;
                host = single;
            }
        }
        if (port != null && !port.isEmpty()) {
            for (int i = 0; i < port.length(); i++) if (port.charAt(i) < '0' || port.charAt(i) > '9') return null;
            if (port.length() > 5) return null;
            String p = Integer.toString(Integer.parseInt(port));
            port = p.equals(defaultPort(scheme)) ? null : p;
        } else {
            port = null;
        }
        return scheme + "://" + userinfo + host + (port == null ? "" : ":" + port) + escapes(rest);
    }

    private static boolean isScheme(String s, int end) {
        if (!Character.isLetter(s.charAt(0))) return false;
        for (int i = 1; i < end; i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) return false;
        }
        return true;
    }

    private static String defaultPort(String scheme) {
        return switch (scheme) {
            case "http", "ws" -> "80";
            case "https", "wss" -> "443";
            case "ftp" -> "21";
            default -> "";
        };
    }

    private static int firstOf(String s, String chars) {
        for (int i = 0; i < s.length(); i++) if (chars.indexOf(s.charAt(i)) >= 0) return i;
        return -1;
    }

    /** Percent-escapes: hex digits in upper case; escaped unreserved characters (ALPHA DIGIT - . _ ~) decoded. */
    private static String escapes(String p) {
        if (p.indexOf('%') < 0) return p;
        StringBuilder sb = new StringBuilder(p.length());
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '%' && i + 2 < p.length()
                    && Character.digit(p.charAt(i + 1), 16) >= 0 && Character.digit(p.charAt(i + 2), 16) >= 0) {
                int v = Character.digit(p.charAt(i + 1), 16) * 16 + Character.digit(p.charAt(i + 2), 16);
                if (v < 128 && (Character.isLetterOrDigit(v) || v == '-' || v == '.' || v == '_' || v == '~')) {
                    sb.append((char) v);
                } else {
                    sb.append('%').append(Character.toUpperCase(p.charAt(i + 1))).append(Character.toUpperCase(p.charAt(i + 2)));
                }
                i += 2;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** An e-mail address: lower case, the domain as {@link #domain} spells it. Null without exactly one '@'. */
    static String email(String raw) {
        if (raw == null) return null;
        String s = raw.strip();
        if (s.startsWith("mailto:")) s = s.substring(7);
        int at = s.indexOf('@');
        if (at <= 0 || at != s.lastIndexOf('@') || s.length() > 320) return null;
        String domain = domain(s.substring(at + 1));
        if (domain == null) return null;
        String local = s.substring(0, at).toLowerCase(Locale.ROOT);
        for (int i = 0; i < local.length(); i++) if (local.charAt(i) <= ' ') return null;
        return local + "@" + domain;
    }

    /**
     * A hash algorithm's name as STIX hashing-algorithm-ov spells it: MD5, SHA-1, SHA-256, SHA-512,
     * SHA3-256, SHA3-512, SSDEEP, TLSH; other names in upper case without punctuation.
     */
    static String algorithm(String raw) {
        String a = raw.strip().toUpperCase(Locale.ROOT).replace("_", "").replace("-", "").replace(" ", "");
        return switch (a) {
            case "MD5" -> "MD5";
            case "SHA1" -> "SHA-1";
            case "SHA224" -> "SHA-224";
            case "SHA256" -> "SHA-256";
            case "SHA384" -> "SHA-384";
            case "SHA512" -> "SHA-512";
            case "SHA3224" -> "SHA3-224";
            case "SHA3256" -> "SHA3-256";
            case "SHA3384" -> "SHA3-384";
            case "SHA3512" -> "SHA3-512";
            default -> a;
        };
    }

    /** A hash value: hexadecimal digests in lower case; fuzzy hashes (SSDEEP, TLSH) as written. Null if empty or not hex where hex is due. */
    static String hashValue(String algorithm, String raw) {
        String v = raw.strip();
        if (v.isEmpty() || v.length() > 512) return null;
        if (algorithm.equals("SSDEEP")) return v;
        String lower = v.toLowerCase(Locale.ROOT);
        if (algorithm.equals("TLSH")) return lower;
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) return null;
        }
        return lower;
    }

    static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) > 0x7f) return false;
        return true;
    }
}
