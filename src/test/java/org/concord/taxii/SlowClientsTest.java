package org.concord.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.concord.taxii.TestNode.ROOT;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.concord.store.StoreConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slowloris: hundreds of connections that never finish their request head do not starve a normal
 * client, and are closed once the header deadline passes.
 */
class SlowClientsTest {
    @TempDir
    Path dir;

    @Test
    void slowConnectionsNeitherStarveOthersNorLiveForever() throws Exception {
        try (TestNode n = TestNode.start(dir, new StoreConfig.Embedded(dir.resolve("c.db")),
                c -> c.withTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(2)))) {
            String token = n.token("alice");
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < 300; i++) {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress("127.0.0.1", n.server.port()), 2000);
                    s.setSoTimeout(5000);
                    // half a TLS ClientHello: the server waits for the rest
                    s.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01});
                    slow.add(s);
                }
                long t0 = System.nanoTime();
                assertThat(n.get(ROOT + "collections/", token).statusCode()).isEqualTo(200);
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
                for (int i = 0; i < 20; i++) {
                    byte[] b = {0x00};
                    for (Socket s : slow.subList(0, 50)) { // keep resetting the idle timeout until the server hangs up
                        try {
                            trickle(s.getOutputStream(), b);
                        } catch (IOException closed) {
                            // already cut off
                        }
                    }
                    Thread.sleep(150);
                }
                // past the 2 s deadline (and well before the 20 s idle timeout) every slow socket is closed
                int closed = 0;
                for (Socket s : slow) if (closedByServer(s)) closed++;
                assertThat(closed).isEqualTo(slow.size());
                assertThat(n.get(ROOT + "collections/", token).statusCode()).isEqualTo(200);
            } finally {
                for (Socket s : slow) s.close();
            }
        }
    }

    @Test
    void aPlainHttpRequestHeadDribbledByteByByteIsCutOff() throws Exception {
        try (TestNode n = TestNode.start(dir, new StoreConfig.Embedded(dir.resolve("c.db")),
                c -> c.withListener("127.0.0.1", 0, true).withTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(1)))) {
            try (Socket s = new Socket("127.0.0.1", n.server.port())) {
                s.setSoTimeout(5000);
                byte[] head = "GET /taxii2/ HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
                long t0 = System.nanoTime();
                boolean cut = false;
                for (int i = 0; i < 60 && !cut; i++) {
                    try {
                        trickle(s.getOutputStream(), new byte[] {head[i % head.length]});
                    } catch (IOException e) {
                        cut = true;
                    }
                    Thread.sleep(50);
                    cut = cut || closedByServerNow(s);
                }
                assertThat(cut).isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
            }
            assertThat(n.get("/taxii2/", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void plainHttpIsRefusedOffLoopback() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TaxiiConfig.defaults("x").withListener("0.0.0.0", 0, true))
                .hasMessageContaining("loopback");
        assertThat(TaxiiConfig.defaults("x").withListener("::1", 0, true).plainHttp()).isTrue();
    }

    private static void trickle(OutputStream out, byte[] b) throws IOException {
        out.write(b);
        out.flush();
    }

    private static boolean closedByServer(Socket s) {
        try {
            InputStream in = s.getInputStream();
            s.setSoTimeout(4000);
            while (true) {
                int r = in.read();
                if (r < 0) return true; // EOF
            }
        } catch (IOException e) {
            return !e.getMessage().toLowerCase().contains("timed out"); // reset also means closed
        }
    }

    private static boolean closedByServerNow(Socket s) {
        try {
            s.setSoTimeout(1);
            return s.getInputStream().read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
