package org.concord.taxii;

import static org.concord.taxii.TestNode.ROOT;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.concord.store.StoreConfig;

/**
 * Issue 4's "10,000 concurrent slow connections": holds N connections that never finish their TLS
 * handshake (half a ClientHello each) against a real server, measures normal TAXII requests while
 * they are held, then checks that the server cut every one of them off at its header deadline.
 * Not a unit test (it needs ~2 × N file descriptors): {@code ./bench slow [N]}.
 */
public final class SlowConnectionsStress {
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--hold")) {
            hold(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Long.parseLong(args[3]));
            return;
        }
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path dir = Files.createTempDirectory("concord-slow");
        Duration deadline = Duration.ofSeconds(10);
        try (TestNode node = TestNode.start(dir, new StoreConfig.Embedded(dir.resolve("c.db")),
                c -> c.withTimeouts(Duration.ofSeconds(60), deadline))) {
            String token = node.token("alice");
            // the slow clients live in another process: one process may not hold both ends of 10,000 sockets
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    SlowConnectionsStress.class.getName(), "--hold", Integer.toString(node.server.port()),
                    Integer.toString(n), Long.toString(deadline.plusSeconds(3).toMillis()))
                    .redirectErrorStream(true).start();
            var out = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream()));
            String line = out.readLine(); // "held N"
            System.out.println(line);
            long[] ms = new long[50];
            int ok = 0;
            for (int i = 0; i < ms.length; i++) {
                long t = System.nanoTime();
                if (node.get(ROOT + "collections/", token).statusCode() == 200) ok++;
                ms[i] = (System.nanoTime() - t) / 1_000_000;
            }
            Arrays.sort(ms);
            System.out.printf("normal requests while they are held: %d/%d answered 200, p50 %d ms, p99 %d ms%n",
                    ok, ms.length, ms[ms.length / 2], ms[ms.length * 99 / 100]);
            while ((line = out.readLine()) != null) System.out.println(line);
            holder.waitFor();
            System.out.printf("a normal request afterwards: %d%n", node.get(ROOT + "collections/", token).statusCode());
        }
    }

    /** The child: opens n slow connections, reports, waits, then counts how many the server closed. */
    private static void hold(int port, int n, long waitMillis) throws Exception {
        List<Socket> slow = new ArrayList<>(n);
        long opened = System.nanoTime();
        try {
            for (int i = 0; i < n; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                s.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01}); // half a ClientHello
                slow.add(s);
            }
            System.out.printf("held %,d slow connections (opened in %.1f s)%n", n, (System.nanoTime() - opened) / 1e9);
            System.out.flush();
            Thread.sleep(waitMillis);
            int closed = 0;
            for (Socket s : slow) if (closedByServer(s)) closed++;
            System.out.printf("after the header deadline: %,d of %,d slow connections closed by the server%n", closed, n);
        } finally {
            for (Socket s : slow) s.close();
        }
    }

    private static boolean closedByServer(Socket s) {
        try {
            s.setSoTimeout(200);
            InputStream in = s.getInputStream();
            byte[] buf = new byte[512];
            while (true) {
                if (in.read(buf) < 0) return true; // the server hung up (after an alert, perhaps)
            }
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
