package org.concord.stix;

import java.net.IDN;

/**
 * Checks of single string values: identifiers, names, encodings, addresses. Hand-written scanners
 * rather than regular expressions, so that a check costs a pass over the characters and nothing
 * is compiled or allocated per call.
 */
final class Values {
    /** Length of the UUID part of an identifier. */
    static final int UUID_LENGTH = 36;

    private Values() {}

    /**
     * Whether {@code s[from, to)} is a STIX type name (§3.1): lowercase ASCII letters, digits and
     * single hyphens, starting with a letter and not ending with a hyphen, 3 to 250 characters.
     */
    static boolean isTypeName(String s, int from, int to) {
        int n = to - from;
        if (n < 3 || n > 250) return false;
        char first = s.charAt(from);
        if (first < 'a' || first > 'z') return false;
        char prev = first;
        for (int i = from + 1; i < to; i++) {
            char c = s.charAt(i);
            if (c == '-') {
                if (prev == '-') return false;
            } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                return false;
            }
            prev = c;
        }
        return prev != '-';
    }

    static boolean isTypeName(String s) {
        return isTypeName(s, 0, s.length());
    }

    /**
     * Whether {@code s} is an identifier (§2.7): {@code type--UUID} with an RFC 4122 UUID (variant
     * 10, version 1 to 5) in lower-case hex, as RFC 4122 §3 has UUIDs written. The OASIS schemas
     * also let upper-case hex through; Concord refuses it, so that one object has one identifier
     * spelling, the same on write and on read (an id is compared as the string it is, and the
     * producer's bytes are kept as they are): see {@link #isUpperCaseIdentifier}.
     */
    static boolean isIdentifier(String s) {
        int sep = s.length() - UUID_LENGTH - 2;
        return sep >= 3 && s.charAt(sep) == '-' && s.charAt(sep + 1) == '-'
                && isTypeName(s, 0, sep) && isUuid(s, sep + 2);
    }

    /** Whether {@code s} would be an identifier if the hex digits of its UUID were in lower case. */
    static boolean isUpperCaseIdentifier(String s) {
        int sep = s.length() - UUID_LENGTH - 2;
        if (sep < 3 || isIdentifier(s)) return false;
        String lower = s.substring(0, sep) + s.substring(sep).toLowerCase(java.util.Locale.ROOT);
        return isIdentifier(lower);
    }

    /** The type part of an identifier that {@link #isIdentifier} accepted. */
    static String identifierType(String id) {
        return id.substring(0, id.length() - UUID_LENGTH - 2);
    }

    /** Whether {@code id} is an identifier whose type part is exactly {@code type}. */
    static boolean hasTypePrefix(String id, String type) {
        return id.length() == type.length() + 2 + UUID_LENGTH && id.startsWith(type)
                && id.charAt(type.length()) == '-' && id.charAt(type.length() + 1) == '-';
    }

    static boolean isUuid(String s, int from) {
        if (s.length() - from != UUID_LENGTH) return false;
        for (int i = 0; i < UUID_LENGTH; i++) {
            char c = s.charAt(from + i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') return false;
            } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        char version = s.charAt(from + 14);
        char variant = s.charAt(from + 19);
        return version >= '1' && version <= '5' && "89ab".indexOf(variant) >= 0;
    }

    /**
     * Whether {@code s} is a property name (§3.1): lowercase ASCII letters, digits and underscore,
     * starting with a letter, 3 to 250 characters ("id" is the one short name).
     */
    static boolean isPropertyName(String s) {
        int n = s.length();
        if (n < 3 || n > 250) return s.equals("id");
        char first = s.charAt(0);
        if (first < 'a' || first > 'z') return false;
        for (int i = 1; i < n; i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
        }
        return true;
    }

    /** Whether {@code s} is a dictionary key (§2.3): 1 to 250 ASCII letters, digits, '_' or '-'. */
    static boolean isDictionaryKey(String s, int min) {
        int n = s.length();
        if (n < min || n > 250) return false;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code s} is the hex type (§2.7): a non-empty even number of hex digits. */
    static boolean isHex(String s) {
        int n = s.length();
        if (n == 0 || (n & 1) != 0) return false;
        for (int i = 0; i < n; i++) if (hexValue(s.charAt(i)) < 0) return false;
        return true;
    }

    /** Whether {@code s} holds exactly {@code digits} hex digits. */
    static boolean isHexOfLength(String s, int digits) {
        return s.length() == digits && isHex(s);
    }

    /** Whether {@code s} is the binary type (§2.1): padded RFC 4648 base64, at least one quantum. */
    static boolean isBase64(String s) {
        int n = s.length();
        if (n == 0 || (n & 3) != 0) return false;
        int pad = s.charAt(n - 1) == '=' ? (s.charAt(n - 2) == '=' ? 2 : 1) : 0;
        for (int i = 0; i < n - pad; i++) {
            char c = s.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code s} is an absolute URI (RFC 3986 §4.3): a scheme, ':', and only characters a
     * URI may hold, with well-formed percent-encoding.
     */
    static boolean isUri(String s) {
        int colon = s.indexOf(':');
        if (colon < 1) return false;
        char first = s.charAt(0);
        if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) return false;
        for (int i = 1; i < colon; i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) {
                return false;
            }
        }
        int n = s.length();
        for (int i = colon + 1; i < n; i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= n || hexValue(s.charAt(i + 1)) < 0 || hexValue(s.charAt(i + 2)) < 0) return false;
                i += 2;
            } else if (!isUriChar(c)) {
                return false;
            }
        }
        return true;
    }

    private static final boolean[] URI_CHARS = new boolean[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) URI_CHARS[c] = true;
        for (char c = 'A'; c <= 'Z'; c++) URI_CHARS[c] = true;
        for (char c = '0'; c <= '9'; c++) URI_CHARS[c] = true;
        for (char c : "-._~:/?#[]@!$&'()*+,;=".toCharArray()) URI_CHARS[c] = true;
    }

    private static boolean isUriChar(char c) {
        return c < 128 && URI_CHARS[c];
    }

    /** Whether {@code s} is a dotted-quad IPv4 address, optionally with a CIDR prefix length. */
    static boolean isIpv4Cidr(String s) {
        int slash = s.indexOf('/');
        if (slash >= 0 && !isDecimal(s, slash + 1, s.length(), 32)) return false;
        return isIpv4(s, 0, slash < 0 ? s.length() : slash);
    }

    private static boolean isIpv4(String s, int from, int to) {
        int start = from;
        for (int part = 0; part < 4; part++) {
            int end = part < 3 ? s.indexOf('.', start) : to;
            if (end < 0 || end > to || !isDecimal(s, start, end, 255)) return false;
            start = end + 1;
        }
        return true;
    }

    /** Digits without a leading zero (except "0" itself), at most {@code max}. */
    private static boolean isDecimal(String s, int from, int to, int max) {
        int n = to - from;
        if (n < 1 || n > 3 || (n > 1 && s.charAt(from) == '0')) return false;
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return false;
            v = v * 10 + (c - '0');
        }
        return v <= max;
    }

    /** Whether {@code s} is an RFC 4291 §2.2 IPv6 address, optionally with a CIDR prefix length. */
    static boolean isIpv6Cidr(String s) {
        int slash = s.indexOf('/');
        if (slash >= 0 && !isDecimal(s, slash + 1, s.length(), 128)) return false;
        return isIpv6(s, 0, slash < 0 ? s.length() : slash);
    }

    private static boolean isIpv6(String s, int from, int to) {
        int groups = 0;
        boolean compressed = false;
        int i = from;
        if (to - from >= 2 && s.startsWith("::", from)) {
            compressed = true;
            i += 2;
            if (i == to) return true;
        }
        while (i < to) {
            int end = i;
            while (end < to && s.charAt(end) != ':') end++;
            if (end == to && s.indexOf('.', i) >= 0 && s.indexOf('.', i) < to) {
                // trailing embedded IPv4 counts as two groups
                if (!isIpv4(s, i, to)) return false;
                groups += 2;
                break;
            }
            int len = end - i;
            if (len < 1 || len > 4) return false;
            for (int k = i; k < end; k++) if (hexValue(s.charAt(k)) < 0) return false;
            groups++;
            if (end == to) break;
            if (end + 1 < to && s.charAt(end + 1) == ':') {
                if (compressed) return false;
                compressed = true;
                i = end + 2;
                if (i == to) break;
            } else {
                i = end + 1;
                if (i == to) return false;
            }
        }
        return compressed ? groups <= 7 : groups == 8;
    }

    /** Whether {@code s} is a MAC address as STIX writes it (§6.10): lowercase, colon-separated. */
    static boolean isMac(String s) {
        if (s.length() != 17) return false;
        for (int i = 0; i < 17; i++) {
            char c = s.charAt(i);
            if (i % 3 == 2) {
                if (c != ':') return false;
            } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code s} is a domain name: RFC 1034 labels (letters, digits, inner hyphens, at most
     * 63 characters each, 253 in all), internationalised labels allowed as RFC 5890 describes.
     */
    static boolean isHostname(String s) {
        String ascii = s;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                try {
                    ascii = IDN.toASCII(s, IDN.USE_STD3_ASCII_RULES);
                } catch (IllegalArgumentException e) {
                    return false;
                }
                break;
            }
        }
        int n = ascii.length();
        if (n > 0 && ascii.charAt(n - 1) == '.') n--;
        if (n < 1 || n > 253) return false;
        int labelStart = 0;
        for (int i = 0; i <= n; i++) {
            if (i == n || ascii.charAt(i) == '.') {
                int len = i - labelStart;
                if (len < 1 || len > 63 || ascii.charAt(labelStart) == '-' || ascii.charAt(i - 1) == '-') return false;
                labelStart = i + 1;
            } else {
                char c = ascii.charAt(i);
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code s} is an RFC 5322 addr-spec: a dot-atom or quoted local part of at most 64
     * characters, '@', and a domain name or an address literal.
     */
    static boolean isEmail(String s) {
        int at = s.lastIndexOf('@');
        if (at < 1 || at == s.length() - 1 || at > 64) return false;
        if (!isLocalPart(s, at)) return false;
        String domain = s.substring(at + 1);
        if (domain.startsWith("[") && domain.endsWith("]")) {
            String literal = domain.substring(1, domain.length() - 1);
            return literal.regionMatches(true, 0, "IPv6:", 0, 5)
                    ? isIpv6(literal, 5, literal.length())
                    : isIpv4(literal, 0, literal.length());
        }
        return isHostname(domain) && domain.indexOf('.') > 0;
    }

    private static boolean isLocalPart(String s, int end) {
        if (s.charAt(0) == '"') {
            if (end < 2 || s.charAt(end - 1) != '"') return false;
            for (int i = 1; i < end - 1; i++) {
                char c = s.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '"' || c < 0x20 || c > 0x7e) {
                    return false;
                }
            }
            return true;
        }
        char prev = '.';
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (c == '.') {
                if (prev == '.') return false;
            } else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+/=?^_`{|}~-".indexOf(c) >= 0)) {
                return false;
            }
            prev = c;
        }
        return prev != '.';
    }

    static int hexValue(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    /** Escapes a property name or key for use in a JSON pointer (RFC 6901 §3). */
    static String pointerToken(String name) {
        if (name.indexOf('~') < 0 && name.indexOf('/') < 0) return name;
        return name.replace("~", "~0").replace("/", "~1");
    }

    /** A value shortened for a message. */
    static String show(String s) {
        return s.length() <= 80 ? '"' + s + '"' : '"' + s.substring(0, 77) + "...\"";
    }
}
