package org.concord.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.concord.cli.CliTest.concord;

import java.nio.file.Path;
import org.concord.node.NodeTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sync flags of peer add, what peer show says of sync, and sync and feed usage errors. */
class SyncCliTest {
    @TempDir
    Path tmp;

    @Test
    void peerAddKeepsTheSyncFlagsAndShowAndRemoveTellThem() {
        String dir = tmp.resolve("ee").toString(), other = tmp.resolve("lv").toString();
        assertThat(concord("init", "--dir", dir, "--name", "cert-ee", "--country", "EE").status()).isZero();
        assertThat(concord("init", "--dir", other, "--name", "cert-lv", "--country", "LV").status()).isZero();
        String fp = NodeTls.load(Path.of(other)).fingerprint();
        CliTest.Run added = concord("peer", "add", "cert-lv", "--dir", dir, "--url", "https://127.0.0.1:1/cert-lv/", "--fingerprint", fp,
                "--pull", "--no-push");
        assertThat(added.status()).as(added.err()).isZero();
        assertThat(added.out()).contains("sync   no push, pull");
        CliTest.Run show = concord("peer", "show", "cert-lv", "--dir", dir);
        assertThat(show.out()).contains("sync          no push, pull").contains("pull          never");

        // one round: nothing could be taken from the peer, and it says why; nothing is pushed (--no-push)
        CliTest.Run round = concord("sync", "--dir", dir);
        assertThat(round.status()).isEqualTo(Main.REJECTED);
        assertThat(round.out()).contains("pull cert-lv").contains("FAILED").contains("no inbound agreement with cert-lv")
                .doesNotContain("push cert-lv");
        assertThat(concord("peer", "show", "cert-lv", "--dir", dir).out()).contains("failing     1 rounds in a row");

        assertThat(concord("peer", "remove", "cert-lv", "--dir", dir).status()).isZero();
        assertThat(concord("peer", "add", "cert-lv", "--dir", dir, "--url", "https://127.0.0.1:1/cert-lv/", "--fingerprint", fp).out())
                .contains("sync   push, no pull");
        CliTest.Run fresh = concord("peer", "show", "cert-lv", "--dir", dir);
        assertThat(fresh.out()).doesNotContain("failing").contains("waiting     intelligence: 3 entries (nothing pushed yet)");
    }

    @Test
    void syncAndFeedRefuseWhatCannotBeAndHaveHelp() {
        String dir = tmp.resolve("ee").toString();
        assertThat(concord("init", "--dir", dir, "--name", "cert-ee", "--country", "EE").status()).isZero();
        assertThat(concord("sync", "--dir", dir).out()).contains("nothing to sync with");
        assertThat(concord("sync", "--dir", dir, "--peer", "nobody").status()).isEqualTo(Main.REFUSED);
        assertThat(concord("sync", "--dir", dir, "--feed", "nothing").err()).contains("no feed nothing");
        CliTest.Run both = concord("feed", "add", "x", "--dir", dir, "--url", "https://example.org/taxii2/", "--collection", "c",
                "--token-file", "/nonexistent", "--user", "u", "--password-file", "/nonexistent");
        assertThat(both.status()).isEqualTo(Main.USAGE);
        assertThat(both.err()).contains("either --token-file, or --user with --password-file");
        CliTest.Run missing = concord("feed", "add", "x", "--dir", dir, "--url", "https://example.org/taxii2/", "--collection", "c",
                "--token-file", tmp.resolve("nope").toString());
        assertThat(missing.err()).contains("--token-file must name a readable file");
        CliTest.Run inUrl = concord("feed", "add", "x", "--dir", dir, "--url", "https://u:p@example.org/taxii2/", "--collection", "c");
        assertThat(inUrl.err()).contains("put no credentials in the feed URL");
        CliTest.Run into = concord("feed", "add", "x", "--dir", dir, "--url", "https://example.org/taxii2/", "--collection", "c",
                "--into", "nowhere");
        assertThat(into.status()).isEqualTo(Main.REFUSED);
        assertThat(into.err()).contains("no collection \"nowhere\"");
        for (String cmd : new String[] {"sync", "feed"}) assertThat(concord(cmd, "--help").out()).contains("Usage: concord " + cmd);
    }
}
