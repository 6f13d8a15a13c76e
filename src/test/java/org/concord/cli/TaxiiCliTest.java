package org.concord.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.concord.cli.CliTest.concord;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** token create|list|revoke and collection add|list, as an operator runs them. */
class TaxiiCliTest {
    @TempDir
    Path tmp;

    @Test
    void tokensAndCollections() {
        String dir = tmp.resolve("node").toString();
        assertThat(concord("init", "--dir", dir, "--name", "cert-ee", "--country", "EE").status()).isZero();

        CliTest.Run created = concord("token", "create", "--dir", dir, "--member", "opencti");
        assertThat(created.status()).isZero();
        String token = created.out().strip();
        assertThat(token).matches("ct1\\.[0-9a-f]{16}\\.[A-Za-z0-9_-]{43}");
        assertThat(created.err()).contains("reads  intelligence").contains("writes intelligence");

        assertThat(concord("collection", "add", "--dir", dir, "--alias", "energy", "--title", "Energy sector").status()).isZero();
        assertThat(concord("collection", "list", "--dir", dir).out()).contains("energy").contains("intelligence");
        CliTest.Run limited = concord("token", "create", "--dir", dir, "--member", "misp", "--read", "intelligence,energy", "--write", "energy");
        assertThat(limited.err()).contains("reads  ").contains("energy").contains("writes energy");
        assertThat(concord("token", "create", "--dir", dir, "--member", "x", "--read", "nosuch").status()).isEqualTo(Main.REFUSED);

        CliTest.Run list = concord("token", "list", "--dir", dir);
        assertThat(list.out()).contains("opencti").contains("misp").doesNotContain(token.substring(token.lastIndexOf('.') + 1));
        String id = token.split("\\.")[1];
        assertThat(concord("token", "revoke", "--dir", dir, id).status()).isZero();
        assertThat(concord("token", "list", "--dir", dir).out()).contains("revoked");
        assertThat(concord("token", "revoke", "--dir", dir, id).status()).isEqualTo(Main.REFUSED);
        assertThat(concord("serve", "--dir", dir, "--bind", "0.0.0.0", "--insecure-http").status()).isEqualTo(Main.USAGE);
    }
}
