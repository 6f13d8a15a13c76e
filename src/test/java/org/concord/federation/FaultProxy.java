package org.concord.federation;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 between two nodes, for fault tests: it forwards bytes both ways (TLS
 * passes through untouched) and, as its current {@link Mode} says for each new connection, cuts
 * the connection after a number of response bytes, or trickles the response after a number of
 * bytes. Modes change for connections opened afterwards; {@link #close()} cuts everything.
 */
final class FaultProxy implements AutoCloseable {
    /** What the proxy does to the responses (upstream to client) of a new connection. */
    sealed interface Mode {
        /** Forwards everything. */
        record Pass() implements Mode {}

        /**
         * Cuts the {@code nth} connection (from when the mode is set) whose responses exceed
         * {@code bytes}, right after its first {@code bytes} response bytes (TLS and all); every
         * other connection passes. With small {@code bytes}, say 20 kB, the catalog and audit
         * requests pass and the nth page of objects is cut in its body.
         */
        record CutAfter(long bytes, int nth) implements Mode {}

        /** Forwards {@code fast} response bytes, then one byte every {@code delayMillis}. */
        record Trickle(long fast, long delayMillis) implements Mode {}
    }

    static final Mode PASS = new Mode.Pass();

    private final ServerSocket listener;
    private final int upstreamPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile Mode mode = PASS;
    private final AtomicInteger large = new AtomicInteger();
    private volatile boolean cut;
    private volatile boolean closed;

    FaultProxy(int upstreamPort) {
        this.upstreamPort = upstreamPort;
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofPlatform().daemon().name("fault-proxy-" + listener.getLocalPort()).start(this::accept);
    }

    /** The port it listens on (127.0.0.1). */
    int port() {
        return listener.getLocalPort();
    }

    /** The API root of {@code m} reached through this proxy. */
    URI apiRootOf(TestFederation.Member m) {
        return URI.create("https://127.0.0.1:" + listener.getLocalPort() + "/" + m.name + "/");
    }

    /** Sets the mode of connections opened from now on; cuts the open ones so that the next request opens a new one. */
    void mode(Mode mode) {
        large.set(0);
        cut = false;
        this.mode = mode;
        cutAll();
    }

    /** Whether a {@link Mode.CutAfter} cut happened. */
    boolean didCut() {
        return cut;
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.get();
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            connections.incrementAndGet();
            Mode m = mode;
            try {
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                open.add(client);
                open.add(upstream);
                Thread.ofPlatform().daemon().start(() -> pipe(client, upstream, PASS));
                Thread.ofPlatform().daemon().start(() -> pipe(upstream, client, m));
            } catch (IOException e) {
                quietly(client);
            }
        }
    }

    /** Copies {@code from} to {@code to} as {@code mode} says, then closes both. */
    private void pipe(Socket from, Socket to, Mode mode) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            byte[] buffer = new byte[16 * 1024];
            long passed = 0;
            while (true) {
                int n = in.read(buffer);
                if (n < 0) return;
                switch (mode) {
                    case Mode.Pass p -> out.write(buffer, 0, n);
                    case Mode.CutAfter c -> {
                        if (passed < c.bytes() && passed + n >= c.bytes() && large.incrementAndGet() == c.nth()) {
                            out.write(buffer, 0, (int) (c.bytes() - passed));
                            out.flush();
                            cut = true;
                            return; // cut, mid-response
                        }
                        out.write(buffer, 0, n);
                    }
                    case Mode.Trickle t -> {
                        int fast = (int) Math.max(0, Math.min(n, t.fast() - passed));
                        out.write(buffer, 0, fast);
                        out.flush();
                        for (int i = fast; i < n; i++) {
                            Thread.sleep(t.delayMillis());
                            out.write(buffer[i]);
                            out.flush();
                        }
                    }
                }
                out.flush();
                passed += n;
            }
        } catch (IOException | InterruptedException e) {
            // the other side went away or the proxy cut: close both
        } finally {
            quietly(from);
            quietly(to);
        }
    }

    private void cutAll() {
        for (Socket s : open) quietly(s);
        open.clear();
    }

    private static void quietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        cutAll();
    }
}
