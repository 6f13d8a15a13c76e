package org.concord.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.concord.cli.CliTest.concord;

import java.nio.file.Path;
import java.time.InstantSource;
import org.concord.node.Node;
import org.concord.node.NodeTls;
import org.concord.taxii.Principal;
import org.concord.taxii.TaxiiDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** peer add|list|show|remove, as an operator runs them. */
class PeerCliTest {
    @TempDir
    Path tmp;

    @Test
    void addListShowRemove() {
        String dir = tmp.resolve("ee").toString();
        String other = tmp.resolve("fi").toString();
        assertThat(concord("init", "--dir", dir, "--name", "cert-ee", "--country", "EE").status()).isZero();
        assertThat(concord("init", "--dir", other, "--name", "cert-fi", "--country", "FI").status()).isZero();
        String fp = NodeTls.load(Path.of(other)).fingerprint();
        String colons = String.join(":", fp.toUpperCase().split("(?<=\\G..)"));

        CliTest.Run added = concord("peer", "add", "cert-fi", "--dir", dir, "--url", "https://taxii.cert.fi:8443/cert-fi",
                "--fingerprint", colons);
        assertThat(added.status()).as(added.err()).isZero();
        assertThat(added.out()).contains("pinned peer cert-fi").contains("https://taxii.cert.fi:8443/cert-fi/").contains(fp)
                .contains("reads  intelligence");

        CliTest.Run list = concord("peer", "list", "--dir", dir);
        assertThat(list.out()).contains("cert-fi").contains(fp).contains("https://taxii.cert.fi:8443/cert-fi/");
        CliTest.Run show = concord("peer", "show", "cert-fi", "--dir", dir);
        assertThat(show.status()).isZero();
        assertThat(show.out()).contains("url           https://taxii.cert.fi:8443/cert-fi/").contains("sha256:" + fp)
                .contains("added").contains("reads         intelligence").contains("never verified");

        // the pinned partner reads the intelligence collection (the federation's pull), nothing more
        try (Node n = Node.open(Path.of(dir), InstantSource.system(), null)) {
            TaxiiDatabase db = new TaxiiDatabase(n.database());
            var rights = db.rights().of(Principal.partnerKey("cert-fi"));
            assertThat(rights.read()).containsExactly(n.collectionId("intelligence"));
            assertThat(rights.write()).isEmpty();
            assertThat(db.partners().byFingerprint(fp)).isPresent();
        }

        // refusals say what to fix
        assertThat(concord("peer", "add", "cert-fi", "--dir", dir, "--url", "https://x.example/r/", "--fingerprint", fp).status())
                .isEqualTo(Main.USAGE);
        CliTest.Run badFp = concord("peer", "add", "x", "--dir", dir, "--url", "https://x.example/r/", "--fingerprint", "abc123");
        assertThat(badFp.status()).isEqualTo(Main.USAGE);
        assertThat(badFp.err()).contains("64 digits").contains("abc123");
        String fp2 = "ab".repeat(32);
        CliTest.Run http = concord("peer", "add", "x", "--dir", dir, "--url", "http://127.0.0.1:8443/x/", "--fingerprint", fp2);
        assertThat(http.status()).isEqualTo(Main.USAGE);
        assertThat(http.err()).contains("--insecure-http");
        assertThat(concord("peer", "add", "x", "--dir", dir, "--url", "http://10.0.0.5:8443/x/", "--fingerprint", fp2,
                "--insecure-http").status()).isEqualTo(Main.USAGE);
        assertThat(concord("peer", "add", "x", "--dir", dir, "--url", "ftp://x.example/", "--fingerprint", fp2).status())
                .isEqualTo(Main.USAGE);
        assertThat(concord("peer", "add", "x", "--dir", dir, "--url", "http://127.0.0.1:8443/x/", "--fingerprint", fp2,
                "--insecure-http").status()).isZero();

        assertThat(concord("peer", "show", "nosuch", "--dir", dir).status()).isEqualTo(Main.REFUSED);
        assertThat(concord("peer", "remove", "cert-fi", "--dir", dir).status()).isZero();
        assertThat(concord("peer", "remove", "cert-fi", "--dir", dir).status()).isEqualTo(Main.REFUSED);
        assertThat(concord("peer", "list", "--dir", dir).out()).doesNotContain("cert-fi").contains("x");
        try (Node n = Node.open(Path.of(dir), InstantSource.system(), null)) {
            TaxiiDatabase db = new TaxiiDatabase(n.database());
            assertThat(db.rights().of(Principal.partnerKey("cert-fi")).isEmpty()).isTrue();
        }
    }
}
