package dev.cadenza.trainer;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;

import dev.cadenza.trainer.lstm.LstmTimes;

/**
 * {@code train --profile}: where an epoch's time went, printed after the epoch, so that the next person sees the
 * bottleneck without a profiler. The batches' wall time splits into data preparation and {@code fit}; {@code fit}
 * into the fused LSTM layers (their matrix products, the elementwise pass, copies between native memory and Java
 * arrays, the few ND4J calls per layer, and the rest: bookkeeping and, with two lanes, waiting for the slower one;
 * the products, pass and copies are the first lane's) and everything else DL4J does (embedding, dropout, output
 * layer, loss, gradient clipping, the optimizer: hundreds of ND4J calls per batch). Garbage collection is counted
 * across all of it. Timing costs a few {@code System.nanoTime} calls per step, nothing measurable.
 */
public final class TrainingProfile {
    private long data, fit, batches, gcStart, gcCountStart, started;
    private LstmTimes.Snapshot lstmStart;

    void epochStarted() {
        data = fit = batches = 0;
        gcStart = gcMillis();
        gcCountStart = gcCount();
        lstmStart = LstmTimes.snapshot();
        started = System.nanoTime();
    }

    void batch(long dataNanos, long fitNanos) {
        data += dataNanos;
        fit += fitNanos;
        batches++;
    }

    /** One line for the epoch that ended after {@code validationNanos} of validation. */
    String epochLine(int epoch, long validationNanos) {
        long wall = System.nanoTime() - started;
        LstmTimes.Snapshot lstm = LstmTimes.snapshot().since(lstmStart);
        String lstmPart = lstm.total() == 0 ? "LSTM not broken down (DL4J's own path, --lstm dl4j), other"
                : String.format(Locale.ROOT, "LSTM %s (per-step products %s, whole-batch products %s, gate math %s, copies %s,"
                        + " ND4J calls %s, rest %s), other layers, loss and update", pct(lstm.total()),
                        pct(lstm.stepProducts()), pct(lstm.products()), pct(lstm.gates()),
                        pct(lstm.copies()), pct(lstm.layout()), pct(lstm.rest()));
        return String.format(Locale.ROOT, "profile epoch %d: %d batches in %.1f s, of which %s %s, data %s;"
                        + " garbage collection %.2f s (%d collections); validation %.1f s; wall %.1f s",
                epoch, batches, (data + fit) / 1e9, lstmPart, pct(fit - lstm.total()), pct(data),
                (gcMillis() - gcStart) / 1e3, gcCount() - gcCountStart, validationNanos / 1e9, wall / 1e9);
    }

    private String pct(long nanos) {
        double total = data + fit;
        return String.format(Locale.ROOT, "%.1f s (%.0f%%)", nanos / 1e9, total > 0 ? 100 * nanos / total : 0);
    }

    private static long gcMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) sum += Math.max(0, gc.getCollectionTime());
        return sum;
    }

    private static long gcCount() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) sum += Math.max(0, gc.getCollectionCount());
        return sum;
    }
}
