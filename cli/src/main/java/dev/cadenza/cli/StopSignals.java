package dev.cadenza.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C and SIGTERM while a job that saves its work runs: the first asks the job to stop (it saves and says what it
 * kept), a second quits at once. Not a shutdown hook: once the JVM is shutting down, work on the main thread races
 * the exit (a hook that returns ends the process mid-sentence) and libraries that register hooks of their own throw,
 * which lost a whole epoch when Ctrl-C came during its validation. Here the JVM keeps running until the job returns.
 */
final class StopSignals implements AutoCloseable {
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
    private final AtomicInteger received = new AtomicInteger();

    /** @param stop asks the job to stop; {@code note} is printed on {@code err} when the first signal comes */
    StopSignals(Runnable stop, String note, PrintWriter err) {
        for (String name : List.of("INT", "TERM")) {
            Signal signal = new Signal(name);
            try {
                previous.put(signal, Signal.handle(signal, s -> {
                    if (received.getAndIncrement() > 0) Runtime.getRuntime().halt(128 + s.getNumber());
                    err.println(note);
                    err.flush();
                    stop.run();
                }));
            } catch (IllegalArgumentException taken) {
                // the JVM keeps this signal (java -Xrs): the default exit stays
            }
        }
    }

    boolean received() {
        return received.get() > 0;
    }

    @Override
    public void close() {
        previous.forEach(Signal::handle);
    }
}
