package dev.cadenza.server;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * Closes a new connection that has not sent a whole request head in time. The idle timeout alone does not: a client
 * sending one header byte every few seconds is never idle, and each such connection holds a socket for hours.
 */
final class HeaderDeadline implements Connection.Listener, LifeCycle.Listener {
    private final long millis;
    private final ServerMetrics metrics;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cadenza-header-deadline");
        t.setDaemon(true);
        return t;
    });

    HeaderDeadline(Duration deadline, ServerMetrics metrics) {
        this.millis = deadline.toMillis();
        this.metrics = metrics;
    }

    @Override
    public void onOpened(Connection connection) {
        timer.schedule(() -> {
            if (connection.getEndPoint().isOpen() && connection.getMessagesIn() == 0) {
                metrics.httpError();
                connection.getEndPoint().close();
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onClosed(Connection connection) {
    }

    @Override
    public void lifeCycleStopped(LifeCycle event) {
        timer.shutdownNow();
    }
}
