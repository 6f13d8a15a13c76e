package org.concord.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.concord.cli.CliTest.concord;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.concord.federation.Samples;
import org.concord.federation.TestFederation;
import org.concord.node.NodeTls;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;
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
        assertThat(show.out()).contains("sync          no push, pull").contains("pull          never")
                .contains("what cert-lv withholds is not seen here").contains("concord sync rewind --peer cert-lv --pull");

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

    /** cert-ee pushing to cert-lv, both serving, cert-ee's agreement without markings; ATT&CK-like, red and green objects stored. */
    private static List<StixObject> federation(TestFederation f) {
        TestFederation.Member a = f.node("cert-ee", "EE"), b = f.node("cert-lv", "LV");
        f.link(a, b);
        a.agree(TestFederation.outbound("cert-lv", false));
        b.agree(TestFederation.inbound("cert-ee", true));
        f.start();
        List<StixObject> out = new ArrayList<>();
        a.put(Samples.attackMarking());
        for (int i = 0; i < 3; i++) out.add(a.put(Samples.attackIndicator("indicator--" + UUID.randomUUID(), "2026-02-01T00:00:00.000Z")));
        out.add(a.put(Samples.indicator("indicator--" + UUID.randomUUID(), "2026-02-01T00:00:00.000Z", Tlp.RED)));
        out.add(a.put(Samples.indicator("indicator--" + UUID.randomUUID(), "2026-02-01T00:00:00.000Z", Tlp.GREEN)));
        return out;
    }

    @Test
    void syncAndPeerShowSayWhatWasWithheldAndByWhichRule() {
        try (TestFederation f = new TestFederation(tmp)) {
            List<StixObject> objects = federation(f);
            String dir = tmp.resolve("cert-ee").toString();
            CliTest.Run round = concord("sync", "--dir", dir);
            assertThat(round.status()).as(round.out() + round.err()).isZero();
            assertThat(round.out()).contains("push cert-lv").contains("read 9, sent 5, refused by the peer 0, withheld 4")
                    .contains("withheld 3 by unknown-marking, e.g. " + objects.getFirst().id() + " @ 2026-02-01T00:00:00.000Z: marked with "
                            + Samples.ATTACK_MARKING + ", which is not TLP and not in the markings of the outbound agreement with cert-lv")
                    .contains("withheld 1 by tlp-red, e.g. " + objects.get(3).id());
            CliTest.Run again = concord("sync", "--dir", dir);
            assertThat(again.out()).contains("read 0, sent 0, refused by the peer 0, withheld 0")
                    .contains("held back from cert-lv: 4 versions in all, until its agreement releases them (concord peer show cert-lv)");
            CliTest.Run show = concord("peer", "show", "cert-lv", "--dir", dir);
            assertThat(show.status()).as(show.err()).isZero();
            assertThat(show.out()).contains("held back   4 versions withheld by the outbound agreement")
                    .contains("    withheld 3 by unknown-marking, e.g. " + objects.getFirst().id())
                    .contains("    withheld 1 by tlp-red, e.g. " + objects.get(3).id())
                    .contains("decisions     the newest 9 for cert-lv (its reads and the pushes): released 5, withheld 4");
        }
    }

    @Test
    void syncRewindSendsAgainReadsAgainAndSaysWhatItCannotDo() {
        try (TestFederation f = new TestFederation(tmp)) {
            federation(f);
            String dir = tmp.resolve("cert-ee").toString();
            assertThat(concord("sync", "--dir", dir).status()).isZero();
            CliTest.Run neither = concord("sync", "rewind", "--dir", dir, "--peer", "cert-lv");
            assertThat(neither.status()).isEqualTo(Main.USAGE);
            assertThat(neither.err()).contains("--push").contains("--pull");
            assertThat(concord("sync", "rewind", "--dir", dir, "--peer", "nobody", "--push").status()).isEqualTo(Main.REFUSED);
            assertThat(concord("sync", "rewind", "--dir", dir, "--feed", "nothing").err()).contains("no feed nothing");
            assertThat(concord("sync", "rewind", "--dir", dir, "--peer", "cert-lv", "--pull").out())
                    .contains("pull from cert-lv: nothing to rewind");

            CliTest.Run rewound = concord("sync", "rewind", "--dir", dir, "--peer", "cert-lv", "--push");
            assertThat(rewound.status()).as(rewound.err()).isZero();
            assertThat(rewound.out()).contains("push to cert-lv: rewound to the start in 1 collection; the next round decides and sends"
                    + " them again");
            int stored = f.member("cert-lv").entries("intelligence").size();
            assertThat(concord("sync", "--dir", dir).out()).contains("read 9, sent 5, refused by the peer 0, withheld 4");
            assertThat(f.member("cert-lv").entries("intelligence")).as("the peer keeps one copy").hasSize(stored);
            CliTest.Run help = concord("sync", "rewind", "--help");
            assertThat(help.out()).contains("Usage: concord sync rewind").contains("--since").contains("Never moves anything forward");
            assertThat(concord("sync", "--help").out()).contains("rewind");
        }
    }
}
