package org.concord.stix.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invalid patterns are rejected with a message saying what was expected, at the right offset. In
 * each case below {@code »} marks the expected offset and is removed before parsing.
 */
class InvalidPatternsTest {

    static Stream<Arguments> invalidPatterns() {
        return Stream.of(
                // structure
                Arguments.of("»", "expected '[' or '(' to start an observation expression, found the end of the pattern"),
                Arguments.of(" \t\n»", "expected '[' or '('"),
                Arguments.of("»file:size = 1280", "expected '[' or '(' to start an observation expression, found 'file'"),
                Arguments.of("[»]", "expected an object path, EXISTS or '(', found ']'"),
                Arguments.of("[file:size = »]", "expected a constant, found ']'"),
                Arguments.of("[file:hashes.MD5 = »cead3f77f6cda6ec00f57d76c9a6879f]", "expected a constant, found 'cead3f77f6"),
                Arguments.of("[file».size = 1280]", "expected ':' after the object type 'file', found '.'"),
                Arguments.of("[a:b = 1»", "expected AND, OR or ']' to close the '[' at offset 0, found the end"),
                Arguments.of("[a:b = 1 »c:d = 2]", "expected AND, OR or ']'"),
                Arguments.of("[a:b = 1 AND »]", "expected an object path"),
                Arguments.of("[a:b = 1] AND »", "expected '[' or '('"),
                Arguments.of("[a:b = 1] FOLLOWEDBY »", "expected '[' or '('"),
                Arguments.of("([a:b = 1]»", "expected AND, OR, FOLLOWEDBY, a qualifier or ')' to close the '(' at offset 0"),
                Arguments.of("[a:b = 1]»)", "expected AND, OR, FOLLOWEDBY, a qualifier or the end of the pattern, found ')'"),
                Arguments.of("[a:b = 'x'] »[c:d = 'y']", "expected AND, OR, FOLLOWEDBY, a qualifier or the end"),
                Arguments.of("[(a:b = 1»]", "expected AND, OR or ')' to close the '(' at offset 1"),
                Arguments.of("[(»]", "expected an object path"),
                Arguments.of("»]", "expected '['"),
                // keywords are case-sensitive
                Arguments.of("[foo:bar=1] »within 2 seconds", "found 'within'"),
                Arguments.of("[a:b = 'x'] »and [c:d = 1]", "found 'and'"),
                Arguments.of("[a:b = »TRUE]", "expected a constant, found 'TRUE'"),
                Arguments.of("[a:b »like 'x']", "expected a comparison operator"),
                // operators and operands
                Arguments.of("[file:hashes.MD5 =»? 'x']", "unexpected character '?'"),
                Arguments.of("[a:b »! = 1]", "expected '!=', found '!' alone"),
                Arguments.of("[file:name MATCHES »/.*\\.dll/]", "unexpected character '/'"),
                Arguments.of("[network-traffic:dst_ref.value ISSUBSET »]", "expected a string constant after ISSUBSET"),
                Arguments.of("[a:b LIKE »5]", "expected a string constant after LIKE"),
                Arguments.of("[a:b ISSUPERSET »h'00']", "expected a string constant after ISSUPERSET"),
                Arguments.of("[a:b > »true]", "'>' needs an orderable constant, not a boolean"),
                Arguments.of("[a:b <= »false]", "'<=' needs an orderable constant"),
                Arguments.of("[a:b IN »'x']", "expected '(' to start the set after IN"),
                Arguments.of("[a:b IN (1, »'x')]", "set constants must be of one type (STIX 2.1 §9.6.1): expected an integer, found a string"),
                Arguments.of("[a:b IN ('x', »true)]", "expected a string, found a boolean"),
                Arguments.of("[a:b IN (1 »2)]", "expected ',' or ')' in the set"),
                Arguments.of("[a:b IN (»]", "expected a constant"),
                Arguments.of("[a:b IN (1, »)]", "expected a constant"),
                Arguments.of("[NOT »a:b = 1]", "expected EXISTS after a leading NOT"),
                Arguments.of("[a:b NOT »EXISTS]", "expected a comparison operator (=, !=, <, <=, >, >=, IN, LIKE, MATCHES, ISSUBSET, ISSUPERSET) after NOT"),
                Arguments.of("[a:b NOT »NOT = 1]", "expected a comparison operator"),
                Arguments.of("[EXISTS »'a':b]", "expected an object type"),
                Arguments.of("[a:b »EXISTS]", "expected a comparison operator"),
                // object paths
                Arguments.of("[file:extensions.»windows-pebinary-ext.sections[*].entropy > 7.0]",
                        "property name windows-pebinary-ext contains '-' and must be quoted"),
                Arguments.of("[file:»size-x = 1]", "contains '-' and must be quoted"),
                Arguments.of("[»AND:b = 1]", "expected an object path, EXISTS or '(', found 'AND'"),
                Arguments.of("[a:»AND = 1]", "expected a property name (a keyword must be quoted: 'AND'), found 'AND'"),
                Arguments.of("[a:»LAST = 1]", "a keyword must be quoted"),
                Arguments.of("[a:b.»true = 1]", "a keyword must be quoted"),
                Arguments.of("[a:»[0] = 1]", "expected a property name"),
                Arguments.of("[a:b[»x] = 1]", "expected a list index (an integer or '*')"),
                Arguments.of("[a:b[1».x] = 1]", "expected ']' after the list index"),
                Arguments.of("[a:b[»4294967296] = 1]", "list index out of range"),
                Arguments.of("[a:b».5 = 1]", "expected a comparison operator"),
                Arguments.of("[-»x:b = 1]", "expected a number after '-'"),
                // qualifiers (§9.5.1)
                Arguments.of("[windows-registry-key:key = 'a'] WITHIN »]", "expected a positive number of seconds after WITHIN"),
                Arguments.of("[windows-registry-key:key = 'a'] WITHIN 5 »HOURS", "expected SECONDS"),
                Arguments.of("[windows-registry-key:key = 'a'] WITHIN »-5 SECONDS", "expected a positive number of seconds"),
                Arguments.of("[a:b = 1] WITHIN »0 SECONDS", "WITHIN needs a positive number of seconds"),
                Arguments.of("[a:b = 1] WITHIN »0.000 SECONDS", "WITHIN needs a positive number of seconds"),
                Arguments.of("[a:b = 1] REPEATS »0 TIMES", "REPEATS needs a positive integer"),
                Arguments.of("[a:b = 1] REPEATS »1.5 TIMES", "expected a positive integer after REPEATS"),
                Arguments.of("[a:b = 1] REPEATS 2 »SECONDS", "expected TIMES"),
                Arguments.of("[a:b = 1] START »'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'", "expected a timestamp t'...' after START"),
                Arguments.of("[a:b = 1] START t'2016-06-01T00:00:00Z' »t'2016-07-01T00:00:00Z'", "expected STOP"),
                Arguments.of("[a:b = 1] START t'2016-06-01T00:00:00Z' STOP »1", "expected a timestamp t'...' after STOP"),
                Arguments.of("[a:b = 1] WITHIN 5 SECONDS »WITHIN 6 SECONDS", "second WITHIN qualifier on one observation expression"),
                Arguments.of("([a:b = 1] REPEATS 2 TIMES »REPEATS 3 TIMES)", "second REPEATS qualifier"),
                Arguments.of("[a:b = 1] START t'2016-06-01T01:30:00.123Z' STOP t'2016-06-01T02:20:00.123Z' WITHIN 5 SECONDS "
                        + "»START t'2016-06-01T01:30:00.123Z' STOP t'2016-06-01T02:20:00.123Z'", "second START qualifier"),
                Arguments.of("[a:b = 1] REPEATS»", "expected a positive integer after REPEATS, found the end of the pattern"),
                // constants (§9.2)
                Arguments.of("[a:b = »'abc", "unterminated string"),
                Arguments.of("[a:b = 'a»\\x']", "invalid escape in string: only \\' and \\\\ are allowed"),
                Arguments.of("[a:b = »'a\\']", "unterminated string"),
                Arguments.of("[a:b = h'abc»']", "hex constant needs an even number of digits"),
                Arguments.of("[a:b = h'a»g']", "hex constant may only contain hex digits, found 'g'"),
                Arguments.of("[a:b = »h'ab]", "unterminated h'...' constant"),
                Arguments.of("[artifact:payload_bin = »b'====']", "binary constant is not padded base64"),
                Arguments.of("[a:b = »b'']", "empty binary constant"),
                Arguments.of("[a:b = »b'QQ=A']", "base64 padding '=' in the middle"),
                Arguments.of("[a:b = »b'QQ']", "not padded base64"),
                Arguments.of("[a:b = »b'Q$Q=']", "only contain base64 characters, found '$'"),
                Arguments.of("[x_whatever:detected == t'»2457-73-22T32:81:84.1Z']", "timestamp field out of range"),
                Arguments.of("[a:b = t'»2016-02-30T00:00:00Z']", "no such date"),
                Arguments.of("[a:b = t'»2016-01-01 00:00:00Z']", "not a STIX timestamp"),
                Arguments.of("[a:b = t'»2016-01-01T00:00:00+01:00']", "not a STIX timestamp"),
                Arguments.of("[a:b = »0123]", "integer with a leading zero"),
                Arguments.of("[a:b = -»00]", "integer with a leading zero"),
                Arguments.of("[a:b = »9007199254740992]", "integer out of range ±(2^53-1) (STIX 2.1 §2.10)"),
                Arguments.of("[a:b = »-9007199254740992]", "integer out of range"),
                Arguments.of("[a:b = »123456789012345678901234567890]", "integer out of range"),
                Arguments.of("[a:b = 1»e5]", "expected AND, OR or ']'"),
                Arguments.of("[a:b = 1».]", "expected AND, OR or ']'"),
                Arguments.of("[a:b = +»]", "expected a number after '+'"),
                Arguments.of("[a:b = »1" + "0".repeat(400) + ".5]", "float out of range"),
                // regular expressions must compile (§9.6.1)
                Arguments.of("[a:b MATCHES 'a(b»']", "MATCHES regular expression does not compile: Unclosed group"),
                Arguments.of("[a:b MATCHES '»*abc']", "MATCHES regular expression does not compile: Dangling meta character '*'"),
                Arguments.of("[a:b MATCHES 'x\\\\\\\\*+»*']", "does not compile"),
                // characters and comments
                Arguments.of("[a:b = 1]»\u0000", "unexpected character U+0000"),
                Arguments.of("[a:b = 1]»\u200b", "unexpected character U+200B"),
                Arguments.of("[a:b = 1] »/* comment", "unterminated comment"),
                Arguments.of("[a:b = 1] »/ 2", "unexpected character '/'"),
                Arguments.of("[a:b »≠ 1]", "unexpected character U+2260"));
    }

    @ParameterizedTest
    @MethodSource("invalidPatterns")
    void invalidPatternIsRejectedAtTheMarkedOffset(String marked, String expectedMessage) {
        int position = marked.indexOf('»');
        String text = marked.substring(0, position) + marked.substring(position + 1);

        PatternException e = catchThrowableOfType(PatternException.class, () -> StixPattern.parse(text));

        assertThat(e).as("parse(%s)", text).isNotNull();
        assertThat(e.getMessage()).contains(expectedMessage);
        assertThat(e.position()).as(e.getMessage()).isEqualTo(position);
        assertThat(e.getMessage()).contains("at offset " + position + ": ");
    }

    @Test
    void patternExceptionIsAnInvalidPatternConcordException() {
        PatternException e = catchThrowableOfType(PatternException.class, () -> StixPattern.parse("[file:size = ]"));

        assertThat(e).isInstanceOf(ConcordException.class);
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PATTERN);
        assertThat(e.code().category()).isEqualTo(ErrorCode.Category.BAD_INPUT);
        assertThat(e.problem()).isEqualTo("expected a constant, found ']'");
        assertThat(e.getMessage()).isEqualTo("expected a constant, found ']' at offset 13: \"[file:size = »]\"");
    }

    @Test
    void excerptIsShortAndShowsControlCharactersVisibly() {
        String text = "[a:b = '" + "x".repeat(100) + "']\n\t AND \u0001";

        PatternException e = catchThrowableOfType(PatternException.class, () -> StixPattern.parse(text));

        assertThat(e.position()).isEqualTo(text.length() - 1);
        assertThat(e.getMessage()).endsWith(": \"...xxxxxxxxxxxxxxx']\\n\\t AND »\\u0001\"");
    }

    @Test
    void uniqueQualifiersPerObservationExpressionButParenthesesStartANewOne() {
        assertThat(StixPattern.parse("([a:b = 1] WITHIN 5 SECONDS) WITHIN 6 SECONDS").expression())
                .isInstanceOf(ObservationExpression.Qualified.class);
        assertThat(StixPattern.parse("([a:b = 1] REPEATS 2 TIMES) REPEATS 2 TIMES").toString())
                .isEqualTo("([a:b = 1] REPEATS 2 TIMES) REPEATS 2 TIMES");
    }
}
