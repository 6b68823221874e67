package dev.cadenza.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * What the service exposes at {@code /metrics} (Prometheus text format): requests by outcome, queue depth, rows in
 * the batch, batch size per step, tokens, step latency, time to first note, request latency, resident memory.
 */
public final class ServerMetrics {
    /** How a request ended; the {@code outcome} label of {@code cadenza_requests_total}. */
    public enum Outcome {
        OK, BAD_REQUEST, TOO_LARGE, REJECTED, TIMEOUT, CANCELLED, ERROR, UNAVAILABLE;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final Path STATM = Path.of("/proc/self/statm");

    private final PrometheusMeterRegistry registry;
    private final Counter[] requests = new Counter[Outcome.values().length];
    private final Counter tokens;
    private final DistributionSummary batchRows;
    private final Timer step;
    private final Timer firstNote;
    private final Timer latency;
    private final Counter schedulerFailures;
    private final Counter httpErrors;
    private volatile double tokensPerSecond;

    /** One model's metrics in a registry of its own (a server of one model). */
    public ServerMetrics(Supplier<Number> queueDepth, Supplier<Number> activeRows, Supplier<Number> batchCapacity) {
        this(newRegistry(), "default", queueDepth, activeRows, batchCapacity);
    }

    /**
     * One model's metrics in a registry the server's models share: every series carries the {@code model} label, so
     * one scrape shows each model's queue, rows and tokens.
     */
    public ServerMetrics(PrometheusMeterRegistry registry, String model, Supplier<Number> queueDepth,
                         Supplier<Number> activeRows, Supplier<Number> batchCapacity) {
        this.registry = registry;
        Tags tags = Tags.of("model", model);
        for (Outcome o : Outcome.values()) {
            requests[o.ordinal()] = Counter.builder("cadenza.requests").tags(tags).tag("outcome", o.label())
                    .description("Generation requests by how they ended").register(registry);
        }
        schedulerFailures = Counter.builder("cadenza.scheduler.failures").tags(tags)
                .description("Times the scheduler thread died (health and readiness fail from then on)").register(registry);
        httpErrors = Counter.builder("cadenza.http.errors").tags(tags)
                .description("Requests refused before any endpoint saw them: bad framing, URI or headers too long, "
                        + "slow or broken bodies").register(registry);
        tokens = Counter.builder("cadenza.tokens").tags(tags).description("Tokens generated").register(registry);
        batchRows = DistributionSummary.builder("cadenza.batch.rows").tags(tags)
                .description("Rows (pieces) that shared each model step")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024).register(registry);
        step = Timer.builder("cadenza.step").tags(tags).description("One model call advancing the whole batch by a step")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(20_000))
                .maximumExpectedValue(Duration.ofSeconds(1)).register(registry);
        firstNote = Timer.builder("cadenza.first.note").tags(tags).description("From a streaming request's arrival to its first note")
                .publishPercentileHistogram().maximumExpectedValue(Duration.ofMinutes(5)).register(registry);
        latency = Timer.builder("cadenza.request").tags(tags).description("From a generation request's arrival to its answer")
                .publishPercentileHistogram().maximumExpectedValue(Duration.ofMinutes(10)).register(registry);
        Gauge.builder("cadenza.queue.depth", queueDepth).tags(tags).description("Requests waiting for rows").register(registry);
        Gauge.builder("cadenza.active.rows", activeRows).tags(tags).description("Pieces growing in the batch").register(registry);
        Gauge.builder("cadenza.batch.capacity", batchCapacity).tags(tags)
                .description("Rows in the batch's tensors (growing pieces plus holes not compacted yet)").register(registry);
        Gauge.builder("cadenza.tokens.per.second", () -> tokensPerSecond).tags(tags)
                .description("Tokens generated per second over the last second").register(registry);
    }

    /** A registry with the process's own series (resident memory, the JVM's memory and threads), once per process. */
    public static PrometheusMeterRegistry newRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Gauge.builder("cadenza.process.resident.memory", ServerMetrics::residentBytes).baseUnit("bytes")
                .description("Resident set size of the server process").register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        return registry;
    }

    public void request(Outcome outcome, long arrivedNanos) {
        requests[outcome.ordinal()].increment();
        latency.record(System.nanoTime() - arrivedNanos, TimeUnit.NANOSECONDS);
    }

    /** A request refused before any work (no latency worth recording). */
    public void refused(Outcome outcome) {
        requests[outcome.ordinal()].increment();
    }

    void schedulerFailed() {
        schedulerFailures.increment();
    }

    public double schedulerFailures() {
        return schedulerFailures.count();
    }

    /** A request the HTTP layer refused before routing (Jetty's own 400, 408, 414, 431, 505 ...). */
    void httpError() {
        httpErrors.increment();
    }

    public double httpErrors() {
        return httpErrors.count();
    }

    void step(int rows, long nanos) {
        batchRows.record(rows);
        step.record(nanos, TimeUnit.NANOSECONDS);
    }

    void tokens(int produced) {
        tokens.increment(produced);
    }

    void tokensPerSecond(double value) {
        tokensPerSecond = value;
    }

    void firstNote(long nanos) {
        firstNote.record(nanos, TimeUnit.NANOSECONDS);
    }

    public double count(Outcome outcome) {
        return requests[outcome.ordinal()].count();
    }

    public String scrape() {
        return registry.scrape();
    }

    /** Resident memory from /proc (Linux); 0 elsewhere. */
    public static long residentBytes() {
        try {
            String[] f = Files.readString(STATM).trim().split("\\s+");
            return Long.parseLong(f[1]) * 4096L;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
