package dev.cadenza.runtime.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs fuzz inputs one by one with a time limit each and counts what happened. An input that neither parses nor
 * ends in the format's one-line error is a crash; one that outlives its limit is a hang. The first few of each are
 * kept as files for replay.
 */
final class FuzzBudget {
    /** The CI budget; the fuzz-long Maven profile raises it through this system property. */
    static int inputs(int ciDefault) {
        return Integer.getInteger("cadenza.fuzz.inputs", ciDefault);
    }

    static long seed() {
        return Long.getLong("cadenza.fuzz.seed", 20261201L);
    }

    enum Outcome { PARSED, REFUSED }

    interface Input {
        Outcome run() throws Exception;
    }

    private final String name;
    private final long limitMillis;
    private final Path keep;
    private ExecutorService executor = newExecutor();
    int tried;
    int parsed;
    int refused;
    final List<String> crashes = new ArrayList<>();
    final List<String> hangs = new ArrayList<>();

    FuzzBudget(String name, long limitMillis) {
        this.name = name;
        this.limitMillis = limitMillis;
        this.keep = Path.of("target", "fuzz-findings", name);
    }

    private static ExecutorService newExecutor() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-input");
            t.setDaemon(true);
            return t;
        });
    }

    void run(int index, byte[] bytes, Input input) {
        tried++;
        Future<Outcome> future = executor.submit(input::run);
        try {
            Outcome outcome = future.get(limitMillis, TimeUnit.MILLISECONDS);
            if (outcome == Outcome.PARSED) parsed++;
            else refused++;
        } catch (TimeoutException e) {
            future.cancel(true);
            executor.shutdownNow();
            executor = newExecutor(); // the stuck thread is abandoned; the next input gets a fresh one
            hangs.add("input " + index + " ran over " + limitMillis + " ms");
            save(index, bytes);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            crashes.add("input " + index + ": " + cause);
            save(index, bytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void save(int index, byte[] bytes) {
        if (crashes.size() + hangs.size() > 20) return;
        try {
            Files.createDirectories(keep);
            Files.write(keep.resolve(name + "-" + seed() + "-" + index + ".bin"), bytes);
        } catch (IOException ignored) {
            // keeping the input is a courtesy; the count is what the test asserts
        }
    }

    String summary(long nanos) {
        return String.format("%s: %d inputs (seed %d): %d parsed, %d refused with a one-line error, %d crashes, %d hangs, %.1f s",
                name, tried, seed(), parsed, refused, crashes.size(), hangs.size(), nanos / 1e9);
    }

    void close() {
        executor.shutdownNow();
    }

    /** Appends the summary to target/fuzz-report.txt, where a long run's figures are read from. */
    void report(long nanos) {
        String line = summary(nanos);
        System.out.println(line);
        try {
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "fuzz-report.txt"), java.time.Instant.now() + " " + line + System.lineSeparator(),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // printed above anyway
        }
    }
}
