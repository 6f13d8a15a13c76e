package org.concord.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.concord.cli.CliTest.concord;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.InstantSource;
import java.util.List;
import org.concord.TestObjects;
import org.concord.node.Node;
import org.concord.node.NodeKeys;
import org.concord.node.NodeTls;
import org.concord.runtime.NodeRuntime;
import org.concord.runtime.Role;
import org.concord.runtime.Roles;
import org.concord.stix.StixObject;
import org.concord.taxii.TaxiiServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code concord verify PEER} against a real second node serving on 127.0.0.1 over HTTPS with
 * mutual TLS: consistent, consistent again after the peer grew, history rewritten after its log
 * was tampered with, a changed log key, and a server whose TLS key is not the pinned one.
 */
class VerifyCommandTest {

    @TempDir
    Path tmp;

    /** Node B, serving as {@code concord serve --roles api} does. */
    private record Serving(NodeRuntime runtime) implements AutoCloseable {
        static Serving start(Path dir, int port) {
            NodeRuntime runtime = NodeRuntime.open(dir, InstantSource.system());
            try {
                return new Serving(runtime.start(Roles.of(Role.API), NodeRuntime.Listener.loopback(port)));
            } catch (RuntimeException e) {
                runtime.close();
                throw e;
            }
        }

        Node node() {
            return runtime.node();
        }

        TaxiiServer server() {
            return runtime.server();
        }

        String apiRoot() {
            return server().baseUri() + server().apiRootPath();
        }

        void store(int count) {
            String intel = node().collectionId(Node.INTELLIGENCE);
            for (int i = 0; i < count; i++) node().store().write(intel, List.of(StixObject.of(TestObjects.randomIndicator())));
        }

        @Override
        public void close() {
            runtime.close();
        }
    }

    @Test
    void verifiesAPeerThenCatchesItRewritingHistory() throws Exception {
        Path a = init("cert-ee", "EE");
        Path b = init("cert-fi", "FI");
        // B lets A in over mutual TLS; A pins B
        assertThat(concord("peer", "add", "cert-ee", "--dir", b.toString(), "--url", "https://127.0.0.1:1/cert-ee/",
                "--fingerprint", NodeTls.load(a).fingerprint()).status()).isZero();
        try (Serving peer = Serving.start(b, 0)) {
            assertThat(concord("peer", "add", "cert-fi", "--dir", a.toString(), "--url", peer.apiRoot(),
                    "--fingerprint", NodeTls.load(b).fingerprint()).status()).isZero();

            CliTest.Run first = concord("verify", "cert-fi", "--dir", a.toString());
            assertThat(first.status()).as(first.out() + first.err()).isZero();
            assertThat(first.out()).contains("CONSISTENT").contains("trusted on first use")
                    .contains("head        3 leaves").contains(peer.node().keys().fingerprint());

            peer.store(4);
            CliTest.Run grown = concord("verify", "cert-fi", "--dir", a.toString());
            assertThat(grown.status()).as(grown.out()).isZero();
            assertThat(grown.out()).contains("head        7 leaves").contains("previous    3 leaves")
                    .contains("consistency proof verified").doesNotContain("first use");
            assertThat(concord("verify", "cert-fi", "--dir", a.toString()).status()).isZero(); // unchanged: still fine
            assertThat(concord("peer", "show", "cert-fi", "--dir", a.toString()).out())
                    .contains("last head     7 leaves").contains("verified");

            // the peer swaps a stored subtree hash: same size, another root
            tamper(b);
            CliTest.Run swapped = concord("verify", "cert-fi", "--dir", a.toString());
            assertThat(swapped.status()).as(swapped.out()).isEqualTo(Main.REJECTED);
            assertThat(swapped.out()).contains("HISTORY REWRITTEN").contains("two signed heads of 7 leaves with different roots")
                    .contains("seen      {").contains("offered   {");

            // and grows on top of it: the consistency proof from the head A kept does not verify
            peer.store(2);
            CliTest.Run forked = concord("verify", "cert-fi", "--dir", a.toString());
            assertThat(forked.status()).as(forked.out()).isEqualTo(Main.REJECTED);
            assertThat(forked.out()).contains("HISTORY REWRITTEN").contains("does not verify").contains("proof     {");
            assertThat(concord("peer", "show", "cert-fi", "--dir", a.toString()).out()).contains("last head     7 leaves");
        }
    }

    @Test
    void aPeerWhoseLogWasRebuiltWithSaltsIsRewrittenUntilTheOperatorAcceptsTheNewHistory() throws Exception {
        Path a = init("cert-ee", "EE");
        Path b = init("cert-fi", "FI");
        assertThat(concord("peer", "add", "cert-ee", "--dir", b.toString(), "--url", "https://127.0.0.1:1/cert-ee/",
                "--fingerprint", NodeTls.load(a).fingerprint()).status()).isZero();
        try (Serving peer = Serving.start(b, 0)) {
            assertThat(concord("peer", "add", "cert-fi", "--dir", a.toString(), "--url", peer.apiRoot(),
                    "--fingerprint", NodeTls.load(b).fingerprint()).status()).isZero();
            assertThat(concord("verify", "cert-fi", "--dir", a.toString()).status()).isZero();

            // the peer's log is rebuilt with new salts, as migration V12 does once; the next write catches it up
            rebuild(b);
            peer.store(1);
            CliTest.Run rewritten = concord("verify", "cert-fi", "--dir", a.toString());
            assertThat(rewritten.status()).as(rewritten.out()).isEqualTo(Main.REJECTED);
            assertThat(rewritten.out()).contains("HISTORY REWRITTEN").contains("--accept-new-history");
            assertThat(concord("verify", "cert-fi", "--dir", a.toString()).status()).as("still, until accepted").isEqualTo(Main.REJECTED);

            CliTest.Run accepted = concord("verify", "cert-fi", "--dir", a.toString(), "--accept-new-history");
            assertThat(accepted.status()).as(accepted.out()).isZero();
            assertThat(accepted.out()).contains("HISTORY REWRITTEN").contains("seen      {").contains("NEW HISTORY ACCEPTED")
                    .contains("head        4 leaves");
            peer.store(2);
            CliTest.Run after = concord("verify", "cert-fi", "--dir", a.toString(), "--accept-new-history");
            assertThat(after.status()).as(after.out()).isZero();
            assertThat(after.out()).contains("CONSISTENT").contains("previous    4 leaves").doesNotContain("ACCEPTED");
        }
    }

    @Test
    void refusesAServerWhoseTlsKeyIsNotThePinAndAPeerNotPinned() {
        Path a = init("cert-ee", "EE");
        Path b = init("cert-fi", "FI");
        Path c = init("cert-lv", "LV");
        try (Serving peer = Serving.start(b, 0)) {
            // A thinks cert-lv lives at B's address: B's TLS key is not cert-lv's pin
            assertThat(concord("peer", "add", "cert-lv", "--dir", a.toString(), "--url", peer.apiRoot(),
                    "--fingerprint", NodeTls.load(c).fingerprint()).status()).isZero();
            CliTest.Run r = concord("verify", "cert-lv", "--dir", a.toString());
            assertThat(r.status()).as(r.out()).isEqualTo(Main.REFUSED);
            assertThat(r.out()).contains("NOT VERIFIED").contains("sha256:" + NodeTls.load(b).fingerprint())
                    .contains("is not the pinned sha256:" + NodeTls.load(c).fingerprint());
            assertThat(concord("peer", "show", "cert-lv", "--dir", a.toString()).out()).contains("never verified");

            // pinned rightly, but B has not pinned A: refused, and said so
            assertThat(concord("peer", "add", "cert-fi", "--dir", a.toString(), "--url", peer.apiRoot(),
                    "--fingerprint", NodeTls.load(b).fingerprint()).status()).isZero();
            CliTest.Run unknown = concord("verify", "cert-fi", "--dir", a.toString());
            assertThat(unknown.status()).isEqualTo(Main.REFUSED);
            assertThat(unknown.out()).contains("401");
        }
        assertThat(concord("verify", "nosuch", "--dir", a.toString()).status()).isEqualTo(Main.REFUSED);
    }

    @Test
    void aPeerThatIsDownIsNotReachedAndTheMessageSaysWhatHappenedAndWhereNotNull() {
        Path a = init("cert-ee", "EE");
        Path b = init("cert-fi", "FI");
        int port = FederatedEarlyWarningTest.freePorts(1)[0]; // nobody listens there
        assertThat(concord("peer", "add", "cert-fi", "--dir", a.toString(), "--url", "https://127.0.0.1:" + port + "/cert-fi/",
                "--fingerprint", NodeTls.load(b).fingerprint()).status()).isZero();
        CliTest.Run r = concord("verify", "cert-fi", "--dir", a.toString());
        assertThat(r.status()).as(r.out()).isEqualTo(Main.REFUSED);
        assertThat(r.out()).contains("NOT VERIFIED  peer cert-fi not reached: GET https://127.0.0.1:" + port + "/cert-fi/concord/log/key")
                .contains("connection refused").doesNotContain("null");
    }

    @Test
    void aChangedLogKeyIsReportedLoudlyAndNothingRecorded() throws Exception {
        Path a = init("cert-ee", "EE");
        Path b = init("cert-fi", "FI");
        assertThat(concord("peer", "add", "cert-ee", "--dir", b.toString(), "--url", "https://127.0.0.1:1/cert-ee/",
                "--fingerprint", NodeTls.load(a).fingerprint()).status()).isZero();
        int port;
        try (Serving peer = Serving.start(b, 0)) {
            port = peer.server().port();
            assertThat(concord("peer", "add", "cert-fi", "--dir", a.toString(), "--url", peer.apiRoot(),
                    "--fingerprint", NodeTls.load(b).fingerprint()).status()).isZero();
            assertThat(concord("verify", "cert-fi", "--dir", a.toString()).status()).isZero();
        }
        String oldKey = NodeKeys.load(b.resolve("keys")).fingerprint();
        NodeKeys.generate().save(b.resolve("keys"));
        try (Serving peer = Serving.start(b, port)) {
            CliTest.Run r = concord("verify", "cert-fi", "--dir", a.toString());
            assertThat(r.status()).as(r.out()).isEqualTo(Main.REJECTED);
            assertThat(r.out()).contains("KEY CHANGED").contains("recorded    ed25519 sha256:" + oldKey)
                    .contains("offered     ed25519 sha256:" + peer.node().keys().fingerprint());
            assertThat(concord("peer", "show", "cert-fi", "--dir", a.toString()).out()).contains("ed25519 sha256:" + oldKey);
        }
    }

    private Path init(String name, String country) {
        Path dir = tmp.resolve(name);
        CliTest.Run r = concord("init", "--dir", dir.toString(), "--name", name, "--country", country);
        assertThat(r.status()).as(r.err()).isZero();
        return dir;
    }

    /** Empties the log and forgets every salt, as migration V12 does to a store of the release before it. */
    private static void rebuild(Path node) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + node.resolve("concord.db").toAbsolutePath());
             Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
            s.executeUpdate("DELETE FROM log_node");
            s.executeUpdate("UPDATE log_state SET tree_size = 0");
            s.executeUpdate("UPDATE object_version SET log_salt = NULL");
        }
    }

    /** Overwrites the largest stored subtree hash of the log, always part of the current root. */
    private static void tamper(Path node) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + node.resolve("concord.db").toAbsolutePath());
             Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
            assertThat(s.executeUpdate("UPDATE log_node SET hash = randomblob(32) WHERE pos = (SELECT MAX(pos) FROM log_node)"))
                    .isEqualTo(1);
        }
    }
}
