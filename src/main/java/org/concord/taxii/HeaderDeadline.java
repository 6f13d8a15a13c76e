package org.concord.taxii;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes a connection that has not delivered a whole request head within {@code deadline} of
 * opening (slowloris: a client dribbling header bytes resets Jetty's idle timeout with every byte).
 * Jetty reads headers without holding a thread, so slow connections cost only a socket each; this
 * bounds how long they may cost it.
 */
final class HeaderDeadline implements Connection.Listener {
    private final Scheduler scheduler;
    private final Duration deadline;

    HeaderDeadline(Scheduler scheduler, Duration deadline) {
        this.scheduler = scheduler;
        this.deadline = deadline;
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof SslConnection || !(connection instanceof AbstractConnection c)) return;
        scheduler.schedule(() -> {
            if (c.getMessagesIn() == 0 && c.getEndPoint().isOpen()) c.getEndPoint().close();
        }, deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void onClosed(Connection connection) {}
}
