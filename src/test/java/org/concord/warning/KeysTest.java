package org.concord.warning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.concord.stix.ObservableIds;
import org.concord.stix.pattern.StixPattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysTest {

    private static PublicSuffixes psl(Path dir) throws IOException {
        Path f = dir.resolve("psl.dat");
        Files.writeString(f, "// test list\ncom\nuk\nco.uk\n*.ck\n!www.ck\ngithub.io\n");
        return PublicSuffixes.load(f);
    }

    @Test
    void domainsAreLowerCaseWithoutTrailingDotInIdnaAscii() {
        assertThat(Keys.ofObservable("domain-name", "Evil.EXAMPLE.com.")).isEqualTo("domain:evil.example.com");
        assertThat(Keys.ofObservable("domain-name", "bücher.example")).isEqualTo("domain:xn--bcher-kva.example");
        assertThat(Keys.ofObservable("domain-name", "xn--bcher-kva.example")).isEqualTo("domain:xn--bcher-kva.example");
        assertThat(Keys.ofObservable("domain-name", "not a domain")).isNull();
        assertThat(Keys.ofObservable("domain-name", "localhost")).as("one label is not a shared domain").isNull();
    }

    @Test
    void addressesAreCanonicalAndHostBlocksAreAddresses() {
        assertThat(Keys.ofObservable("ipv4-addr", "192.0.2.1/32")).isEqualTo("ip:192.0.2.1");
        assertThat(Keys.ofObservable("ipv4-addr", "192.0.2.77/24")).isEqualTo("ip:192.0.2.0/24");
        assertThat(Keys.ofObservable("ipv4-addr", "192.0.2.256")).isNull();
        assertThat(Keys.ofObservable("ipv6-addr", "2001:DB8:0:0:0:0:0:1")).isEqualTo("ip:2001:db8::1");
        assertThat(Keys.ofObservable("ipv6-addr", "2001:db8::1/128")).isEqualTo("ip:2001:db8::1");
        assertThat(Keys.ofObservable("ipv6-addr", "2001:0db8:0000:0000:1:0:0:1")).as("RFC 5952 §4.2.3: the longest run")
                .isEqualTo("ip:2001:db8::1:0:0:1");
        assertThat(Keys.ofObservable("ipv6-addr", "2001:db8:0:1:1:1:1:1")).as("a single zero group is not shortened")
                .isEqualTo("ip:2001:db8:0:1:1:1:1:1");
        assertThat(Keys.ofObservable("ipv6-addr", "::ffff:192.0.2.1")).as("IPv4-mapped").isEqualTo("ip:192.0.2.1");
        assertThat(Keys.ofObservable("ipv6-addr", "2001:db8::ffff/64")).isEqualTo("ip:2001:db8::/64");
        assertThat(Keys.ofObservable("ipv6-addr", "::")).isEqualTo("ip:::");
        assertThat(Keys.ofObservable("ipv6-addr", "1:2:3:4:5:6:7:8:9")).isNull();
    }

    @Test
    void urlsAreNormalised() {
        assertThat(Keys.ofObservable("url", "HTTP://Evil.Example.COM:80/a/%7euser?q=1#frag"))
                .isEqualTo("url:http://evil.example.com/a/~user?q=1");
        assertThat(Keys.ofObservable("url", "https://evil.example:443")).isEqualTo("url:https://evil.example/");
        assertThat(Keys.ofObservable("url", "evil.example/x%2fy")).isEqualTo("url:http://evil.example/x%2Fy");
        assertThat(Keys.ofObservable("url", "http://[2001:DB8::1]:8080/")).isEqualTo("url:http://[2001:db8::1]:8080/");
    }

    @Test
    void emailsAndHashes() {
        assertThat(Keys.ofObservable("email-addr", "Boss@Evil.Example.")).isEqualTo("email:boss@evil.example");
        assertThat(Keys.ofObservable("file", "sha256:ABCDEF0123")).isEqualTo("hash:SHA-256:abcdef0123");
        assertThat(Keys.ofObservable("file", "SHA-1:0A0B")).isEqualTo("hash:SHA-1:0a0b");
        assertThat(Keys.ofObservable("file", "MD5:not-hex")).isNull();
    }

    @Test
    void twoMembersDifferentIndicatorsForOneDomainMeet(@TempDir Path dir) throws IOException {
        PublicSuffixes suffixes = psl(dir);
        var a = Keys.ofPattern(StixPattern.parse("[domain-name:value = 'EVIL.example.co.uk.']"), suffixes);
        var b = Keys.ofPattern(StixPattern.parse(
                "[domain-name:value IN ('evil.example.co.uk', 'other.example')] AND [ipv4-addr:value = '203.0.113.9']"), suffixes);
        assertThat(a).containsExactly("domain:evil.example.co.uk");
        assertThat(b).containsExactly("domain:evil.example.co.uk", "domain:other.example", "ip:203.0.113.9");
    }

    @Test
    void subdomainPatternsCountForTheRegistrableParent(@TempDir Path dir) throws IOException {
        PublicSuffixes suffixes = psl(dir);
        assertThat(Keys.ofPattern(StixPattern.parse("[domain-name:value LIKE '%.cdn.evil.co.uk']"), suffixes))
                .containsExactly("domain:cdn.evil.co.uk", "domain:evil.co.uk");
        assertThat(Keys.ofPattern(StixPattern.parse("[domain-name:value MATCHES '^(.*\\\\.)?evil\\\\.com$']"), suffixes))
                .containsExactly("domain:evil.com");
        assertThat(Keys.ofPattern(StixPattern.parse("[domain-name:value LIKE '%.co.uk']"), suffixes))
                .as("a public suffix is no key").isEmpty();
        assertThat(Keys.ofPattern(StixPattern.parse("[domain-name:value LIKE 'evil%']"), suffixes)).isEmpty();
    }

    @Test
    void negatedAndNonEqualityComparisonsNameNothing(@TempDir Path dir) throws IOException {
        var keys = Keys.ofPattern(StixPattern.parse("[domain-name:value != 'a.example'] AND [ipv4-addr:value NOT = '192.0.2.1']"
                + " AND [file:size > 10]"), psl(dir));
        assertThat(keys).isEmpty();
    }

    @Test
    void referencedValuesAreKeyedByTheirShape(@TempDir Path dir) throws IOException {
        var keys = Keys.ofPattern(StixPattern.parse("[network-traffic:dst_ref.value = '198.51.100.7' AND "
                + "network-traffic:src_ref.value = 'c2.evil.example'] AND [email-message:from_ref.value = 'X@Evil.example']"
                + " AND [file:hashes.'SHA-256' = 'AA11']"), psl(dir));
        assertThat(keys).containsExactly("ip:198.51.100.7", "domain:c2.evil.example", "email:x@evil.example", "hash:SHA-256:aa11");
    }

    @Test
    void objectKeysNameTheObject() {
        assertThat(Keys.ofObject("indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"))
                .isEqualTo("indicator:indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f");
    }

    @Test
    void observableIdsFollowStixSection29() {
        // the id every STIX 2.1 library gives the domain-name example.com
        assertThat(ObservableIds.id("domain-name", JsonNodeFactory.instance.objectNode().put("value", "example.com")))
                .isEqualTo("domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7");
    }

    @Test
    void publicSuffixRulesWithWildcardsAndExceptions(@TempDir Path dir) throws IOException {
        PublicSuffixes s = psl(dir);
        assertThat(s.registrable("a.b.example.co.uk")).isEqualTo("example.co.uk");
        assertThat(s.registrable("co.uk")).isNull();
        assertThat(s.registrable("x.y.foo.ck")).as("*.ck: foo.ck is a suffix").isEqualTo("y.foo.ck");
        assertThat(s.registrable("a.www.ck")).as("!www.ck: www.ck is registrable").isEqualTo("www.ck");
        assertThat(s.registrable("me.github.io")).isEqualTo("me.github.io");
        assertThat(s.registrable("deep.me.example.org")).as("the default rule *").isEqualTo("example.org");
        assertThat(PublicSuffixes.none().registrable("a.example.com")).isNull();
    }
}
