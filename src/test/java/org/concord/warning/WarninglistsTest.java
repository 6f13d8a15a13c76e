package org.concord.warning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.concord.ConcordException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MISP's warninglists, read in place from {@code <concord.shared>/data/misp/warninglists}. */
class WarninglistsTest {
    static final Path MISP = Path.of(System.getProperty("concord.shared", "../shared"), "data", "misp", "warninglists");
    static Warninglists all, defaults;

    @BeforeAll
    static void load() {
        assertThat(MISP).as("MISP warninglists (set -Dconcord.shared)").isDirectory();
        all = Warninglists.load(List.of(MISP), Set.of(), Set.of());
        defaults = Warninglists.load(List.of(MISP), Warninglists.DEFAULT_EXCLUDE, Set.of());
    }

    @Test
    void everyListOfTheRepositoryLoads() {
        assertThat(all.lists()).hasSizeGreaterThan(130).contains("rfc1918", "tranco10k", "public-dns-v4", "dynamic-dns");
        assertThat(all.entries()).as("MISP ships ~529k entries; a few (unparseable values) are skipped").isGreaterThan(500_000);
        assertThat(defaults.lists()).doesNotContain("dynamic-dns", "amazon-aws").contains("rfc1918");
    }

    @Test
    void cidrListsHoldAddressesAndBlocks() {
        assertThat(all.match("ip:10.1.2.3")).contains("rfc1918");
        assertThat(all.match("ip:10.20.0.0/16")).as("a block inside a listed block").contains("rfc1918");
        assertThat(all.match("ip:8.8.8.8")).isPresent();
        assertThat(all.match("ip:fe80::1")).contains("ipv6-linklocal");
        assertThat(all.isListed("ip:203.0.113.77/32")).as("TEST-NET-3 is documentation space (rfc5735)").isTrue();
        assertThat(defaults.isListed("ip:45.33.32.156")).as("an ordinary address").isFalse();
    }

    @Test
    void hostnameListsMatchTheHostAndItsSubdomains() {
        String google = "domain:www.google.com";
        assertThat(all.isListed(google)).isTrue();
        assertThat(defaults.match("domain:my-box.duckdns.org")).as("dynamic DNS is excluded by default").isEmpty();
        assertThat(all.match("domain:my-box.duckdns.org")).as("unless included: its entry .duckdns.org names subdomains")
                .contains("dynamic-dns");
        assertThat(defaults.match("domain:someone.github.io")).as("a top site's entry stops at the public suffix").isEmpty();
        assertThat(defaults.match("domain:github.io")).isPresent();
        assertThat(all.isListed("url:https://accounts.google.com/signin")).isTrue();
        assertThat(defaults.isListed("domain:evil-campaign-4711.example")).isFalse();
    }

    @Test
    void exactSubstringRegexAndHashLists() {
        assertThat(all.isListed("hash:MD5:d41d8cd98f00b204e9800998ecf8427e")).as("the empty file").isTrue();
        assertThat(all.isListed("hash:SHA-256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")).isTrue();
        assertThat(all.match("email:abuse@evil.example")).contains("common-contact-emails");
        assertThat(defaults.isListed("email:ceo@evil.example")).isFalse();
        assertThat(all.isListed("domain:app.any.run")).as("substring list of analysis services").isTrue();
        assertThat(all.isListed("indicator:indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f")).isFalse();
    }

    @Test
    void publicSuffixesFallBackToMispTldLists() {
        PublicSuffixes s = all.publicSuffixes();
        assertThat(s.isEmpty()).isFalse();
        assertThat(s.registrable("a.b.evil.co.uk")).isEqualTo("evil.co.uk");
        assertThat(s.registrable("x.evil.com")).isEqualTo("evil.com");
    }

    @Test
    void theNodesOwnListsLoadBesideMisps(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("partners.json"), """
                {"name": "Our partners", "version": 1, "description": "never alert", "type": "hostname",
                 "matching_attributes": ["domain", "url"], "list": ["partner.example", ".ngo.example"]}
                """);
        Warninglists w = Warninglists.load(List.of(MISP, dir), Warninglists.DEFAULT_EXCLUDE, Set.of());
        assertThat(w.match("domain:mail.partner.example")).contains("partners");
        assertThat(w.match("domain:ngo.example")).contains("partners");
        assertThat(w.isListed("ip:10.0.0.1")).isTrue();
    }

    @Test
    void aRegularExpressionCannotMakeALookupSlow(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("evil.json"), """
                {"name": "catastrophic", "version": 1, "description": "backtracks", "type": "regex",
                 "matching_attributes": ["domain"], "list": ["/^(a+)+$/"]}
                """);
        Warninglists w = Warninglists.load(List.of(dir), Set.of(), Set.of());
        String key = "domain:" + "a".repeat(60) + "b.example";
        assertThat(w.isListed(key)).as("stops at its budget: no match").isFalse();
        assertThat(w.isListed("domain:aaaa")).as("the expression still matches what it matches").isTrue();
    }

    @Test
    void aBrokenListIsRefusedNamingTheFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("broken.json"), "{\"name\": \"x\", \"type\": \"fuzzy\", \"list\": []}");
        assertThatThrownBy(() -> Warninglists.load(List.of(dir), Set.of(), Set.of()))
                .isInstanceOf(ConcordException.class).hasMessageContaining("broken.json").hasMessageContaining("fuzzy");
        assertThatThrownBy(() -> Warninglists.load(List.of(dir.resolve("missing")), Set.of(), Set.of()))
                .isInstanceOf(ConcordException.class).hasMessageContaining("does not exist");
    }
}
