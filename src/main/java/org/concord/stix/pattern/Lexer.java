package org.concord.stix.pattern;

import org.concord.stix.StixTimestamp;

/**
 * Splits pattern text into the tokens of {@code STIXPattern.g4}, one at a time, on demand. Like the
 * ANTLR lexer it takes the longest match and knows no context: {@code windows-pebinary-ext} is one
 * hyphenated identifier wherever it appears, and the parser decides whether it may appear there.
 * Literals are checked as they are scanned, so errors point at the offending character.
 *
 * <p>Whitespace is Unicode White_Space (§9.4, the grammar's WS set); {@code /* *}{@code /} and
 * {@code //} comments are skipped as in the grammar.
 */
final class Lexer {

    enum Kind {
        LBRACK("'['"), RBRACK("']'"), LPAREN("'('"), RPAREN("')'"), COLON("':'"), DOT("'.'"), COMMA("','"),
        ASTERISK("'*'"), EQ("'='"), NEQ("'!='"), LT("'<'"), LE("'<='"), GT("'>'"), GE("'>='"),
        AND("AND"), OR("OR"), NOT("NOT"), FOLLOWEDBY("FOLLOWEDBY"), LIKE("LIKE"), MATCHES("MATCHES"),
        ISSUPERSET("ISSUPERSET"), ISSUBSET("ISSUBSET"), EXISTS("EXISTS"), LAST("LAST"), IN("IN"), START("START"),
        STOP("STOP"), SECONDS("SECONDS"), WITHIN("WITHIN"), REPEATS("REPEATS"), TIMES("TIMES"),
        TRUE("true"), FALSE("false"),
        IDENTIFIER("an identifier"), HYPHENATED_IDENTIFIER("an identifier"),
        INT_POS("an integer"), INT_NEG("an integer"), FLOAT_POS("a float"), FLOAT_NEG("a float"),
        STRING("a string"), HEX("a hex constant"), BINARY("a binary constant"), TIMESTAMP("a timestamp"),
        END("end of pattern");

        final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    private final String text;
    private final int length;
    private int pos;

    /** The current token: its kind and its extent in the text. */
    Kind kind;
    int start;
    int end;
    /** For STRING tokens: whether there is an escape to resolve. */
    private boolean escaped;

    Lexer(String text) {
        this.text = text;
        this.length = text.length();
    }

    /** The keyword token {@code word} is, or null for an ordinary identifier. */
    static Kind keyword(String word) {
        return switch (word) {
            case "AND" -> Kind.AND;
            case "OR" -> Kind.OR;
            case "NOT" -> Kind.NOT;
            case "FOLLOWEDBY" -> Kind.FOLLOWEDBY;
            case "LIKE" -> Kind.LIKE;
            case "MATCHES" -> Kind.MATCHES;
            case "ISSUPERSET" -> Kind.ISSUPERSET;
            case "ISSUBSET" -> Kind.ISSUBSET;
            case "EXISTS" -> Kind.EXISTS;
            case "LAST" -> Kind.LAST;
            case "IN" -> Kind.IN;
            case "START" -> Kind.START;
            case "STOP" -> Kind.STOP;
            case "SECONDS" -> Kind.SECONDS;
            case "WITHIN" -> Kind.WITHIN;
            case "REPEATS" -> Kind.REPEATS;
            case "TIMES" -> Kind.TIMES;
            case "true" -> Kind.TRUE;
            case "false" -> Kind.FALSE;
            default -> null;
        };
    }

    /** Moves to the next token. */
    void next() {
        skipBlanks();
        start = pos;
        if (pos == length) {
            kind = Kind.END;
            end = pos;
            return;
        }
        char c = text.charAt(pos);
        switch (c) {
            case '[' -> single(Kind.LBRACK);
            case ']' -> single(Kind.RBRACK);
            case '(' -> single(Kind.LPAREN);
            case ')' -> single(Kind.RPAREN);
            case ':' -> single(Kind.COLON);
            case ',' -> single(Kind.COMMA);
            case '*' -> single(Kind.ASTERISK);
            case '=' -> token(Kind.EQ, at(pos + 1) == '=' ? 2 : 1);
            case '!' -> {
                if (at(pos + 1) != '=') throw error("expected '!=', found '!' alone", pos);
                token(Kind.NEQ, 2);
            }
            case '<' -> {
                char d = at(pos + 1);
                if (d == '=') token(Kind.LE, 2);
                else if (d == '>') token(Kind.NEQ, 2);
                else single(Kind.LT);
            }
            case '>' -> {
                if (at(pos + 1) == '=') token(Kind.GE, 2);
                else single(Kind.GT);
            }
            case '\'' -> string();
            case '+', '-', '.', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> number(c);
            default -> {
                if (Render.isIdentifierStart(c)) {
                    if (at(pos + 1) == '\'' && (c == 'h' || c == 'b' || c == 't')) {
                        prefixed(c);
                    } else {
                        identifier();
                    }
                } else {
                    throw error("unexpected character " + describe(c), pos);
                }
            }
        }
    }

    /** The token's text as written. */
    String tokenText() {
        return text.substring(start, end);
    }

    /** The value of a STRING token, escapes resolved. */
    String stringValue() {
        if (!escaped) return text.substring(start + 1, end - 1);
        StringBuilder sb = new StringBuilder(end - start);
        for (int i = start + 1; i < end - 1; i++) {
            char c = text.charAt(i);
            if (c == '\\') c = text.charAt(++i);
            sb.append(c);
        }
        return sb.toString();
    }

    /** The offset in the text of character {@code index} of the current STRING token's value. */
    int stringValueOffset(int index) {
        int i = start + 1;
        for (int n = 0; n < index && i < end - 1; n++) {
            i += text.charAt(i) == '\\' ? 2 : 1;
        }
        return i;
    }

    /** The body between the quotes of a HEX, BINARY or TIMESTAMP token. */
    String prefixedBody() {
        return text.substring(start + 2, end - 1);
    }

    PatternException error(String problem, int at) {
        return new PatternException(problem, at, text);
    }

    private char at(int i) {
        return i < length ? text.charAt(i) : '\0';
    }

    private void single(Kind k) {
        token(k, 1);
    }

    private void token(Kind k, int width) {
        kind = k;
        pos += width;
        end = pos;
    }

    private void skipBlanks() {
        while (pos < length) {
            char c = text.charAt(pos);
            if (isWhitespace(c)) {
                pos++;
            } else if (c == '/' && at(pos + 1) == '*') {
                int close = text.indexOf("*/", pos + 2);
                if (close < 0) throw error("unterminated comment", pos);
                pos = close + 2;
            } else if (c == '/' && at(pos + 1) == '/') {
                pos += 2;
                while (pos < length && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') pos++;
            } else {
                return;
            }
        }
    }

    /** Unicode White_Space, the grammar's WS rule. */
    static boolean isWhitespace(char c) {
        if (c <= ' ') return c == ' ' || (c >= '\t' && c <= '\r');
        if (c < 0x85) return false;
        return c == 0x85 || c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a)
                || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000;
    }

    private void identifier() {
        int i = pos + 1;
        boolean hyphen = false;
        while (i < length) {
            char c = text.charAt(i);
            if (c == '-') {
                hyphen = true;
            } else if (!Render.isIdentifierStart(c) && !(c >= '0' && c <= '9')) {
                break;
            }
            i++;
        }
        end = i;
        pos = i;
        if (hyphen) {
            kind = Kind.HYPHENATED_IDENTIFIER;
        } else {
            Kind k = keyword(text.substring(start, end));
            kind = k != null ? k : Kind.IDENTIFIER;
        }
    }

    /** IntPosLiteral, IntNegLiteral, FloatPosLiteral, FloatNegLiteral, or a lone DOT. */
    private void number(char first) {
        boolean signed = first == '+' || first == '-';
        boolean negative = first == '-';
        int digits = signed ? pos + 1 : pos;
        int i = digits;
        while (i < length && isDigit(text.charAt(i))) i++;
        if (at(i) == '.' && isDigit(at(i + 1))) {
            i += 2;
            while (i < length && isDigit(text.charAt(i))) i++;
            token(negative ? Kind.FLOAT_NEG : Kind.FLOAT_POS, i - pos);
            return;
        }
        if (i == digits) {
            if (first == '.') {
                single(Kind.DOT);
                return;
            }
            throw error("expected a number after '" + first + "'", i);
        }
        if (text.charAt(digits) == '0' && i - digits > 1) throw error("integer with a leading zero", digits);
        token(negative ? Kind.INT_NEG : Kind.INT_POS, i - pos);
    }

    private static boolean isHexDigit(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** StringLiteral: {@code '...'} where a backslash may only escape {@code '} or itself (§9.2). */
    private void string() {
        int i = pos + 1;
        escaped = false;
        while (true) {
            if (i >= length) throw error("unterminated string", pos);
            char c = text.charAt(i);
            if (c == '\'') break;
            if (c == '\\') {
                char d = at(i + 1);
                if (d != '\'' && d != '\\') {
                    throw error("invalid escape in string: only \\' and \\\\ are allowed (STIX 2.1 §9.2)", i);
                }
                escaped = true;
                i += 2;
            } else {
                i++;
            }
        }
        token(Kind.STRING, i + 1 - pos);
    }

    /** HexLiteral {@code h'..'}, BinaryLiteral {@code b'..'}, TimestampLiteral {@code t'..'}. */
    private void prefixed(char prefix) {
        int bodyStart = pos + 2;
        int close = text.indexOf('\'', bodyStart);
        if (close < 0) throw error("unterminated " + prefix + "'...' constant", pos);
        switch (prefix) {
            case 'h' -> {
                for (int i = bodyStart; i < close; i++) {
                    if (!isHexDigit(text.charAt(i))) {
                        throw error("hex constant may only contain hex digits, found " + describe(text.charAt(i)), i);
                    }
                }
                if ((close - bodyStart) % 2 != 0) throw error("hex constant needs an even number of digits", close);
                kind = Kind.HEX;
            }
            case 'b' -> {
                String problem = base64Problem(text, bodyStart, close, true);
                if (problem != null) throw error(problem + " (RFC 4648, STIX 2.1 §9.2)", pos);
                kind = Kind.BINARY;
            }
            default -> {
                String problem = StixTimestamp.check(text.substring(bodyStart, close));
                if (problem != null) throw error(problem + " (STIX 2.1 §2.16)", bodyStart);
                kind = Kind.TIMESTAMP;
            }
        }
        pos = close + 1;
        end = pos;
    }

    /**
     * Why {@code s[from, to)} is not padded base64 with at least one quantum, or null. Line feeds
     * and carriage returns are ignored if {@code lineBreaks} (§9.2).
     */
    static String base64Problem(String s, int from, int to, boolean lineBreaks) {
        int count = 0;
        int padding = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (lineBreaks && (c == '\n' || c == '\r')) continue;
            if (c == '=') {
                padding++;
            } else if (padding > 0) {
                return "base64 padding '=' in the middle of a binary constant";
            } else if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/')) {
                return "binary constant may only contain base64 characters, found " + describe(c);
            }
            count++;
        }
        if (count == 0) return "empty binary constant";
        if (count % 4 != 0 || padding > 2) return "binary constant is not padded base64 (length a multiple of 4, at most two '=')";
        return null;
    }

    /** Removes the line feeds a binary constant may contain. */
    static String stripLineBreaks(String s) {
        if (s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\n' && c != '\r') sb.append(c);
        }
        return sb.toString();
    }

    static String describe(char c) {
        if (c >= 0x21 && c < 0x7f) return "'" + c + "'";
        return String.format("U+%04X", (int) c);
    }
}
