package dev.cadenza.server;

import java.nio.file.Path;
import java.time.Duration;

import dev.cadenza.runtime.generate.DecodeBatch.Shrink;
import dev.cadenza.runtime.generate.Device;

/**
 * How a server runs: what it binds to, the model, and the limits that keep it responsive under load.
 *
 * @param model           the {@code .onnx} model file (read once at start; no request can name a file)
 * @param host            address to bind; 127.0.0.1 keeps the service on this machine
 * @param port            TCP port; 0 picks a free one (tests)
 * @param device          where the model runs
 * @param threads         ONNX Runtime intra-op threads (0: one per core)
 * @param maxBatch        most rows (pieces) that share one step
 * @param queue           most requests waiting for rows; one more is answered 429 at once
 * @param batching        continuous (iteration-level) or request-level admission
 * @param shrink          when finished rows leave the batch's tensors (holes are reused by new rows before that)
 * @param batchDelay      request-level only: how long the first waiting request waits for others to join it
 * @param maxLength       most tokens one piece may ask for
 * @param maxTokens       most tokens one request may ask for in all (count x length); more is answered 413
 * @param maxBodyBytes    largest request body; more is answered 413
 * @param deadline        longest a request may take, queue included, unless it asks for less; then 504
 * @param grace           on SIGTERM, how long requests in flight get to finish before they are cut off
 * @param streamInterval  how often a streaming request's writer is woken for new notes, after its first few steps
 */
public record ServeSettings(Path model, String host, int port, Device device, int threads, int maxBatch, int queue,
                            Batching batching, Shrink shrink, Duration batchDelay, int maxLength, long maxTokens,
                            long maxBodyBytes, Duration deadline, Duration grace,
                            Duration streamInterval) {
    public ServeSettings {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("--port must be 0..65535, got " + port);
        if (maxBatch < 1) throw new IllegalArgumentException("--max-batch must be at least 1, got " + maxBatch);
        if (queue < 1) throw new IllegalArgumentException("--queue must be at least 1, got " + queue);
        if (threads < 0) throw new IllegalArgumentException("--threads must be 0 (one per core) or more, got " + threads);
        if (maxLength < 1) throw new IllegalArgumentException("--max-length must be at least 1, got " + maxLength);
        if (maxTokens < 1) throw new IllegalArgumentException("--max-tokens must be at least 1, got " + maxTokens);
        if (maxBodyBytes < 1024) throw new IllegalArgumentException("--max-body must be at least 1024 bytes, got " + maxBodyBytes);
        if (deadline.isNegative() || deadline.isZero()) throw new IllegalArgumentException("--deadline must be positive");
        if (grace.isNegative()) throw new IllegalArgumentException("--grace must not be negative");
        if (batchDelay.isNegative()) throw new IllegalArgumentException("--batch-delay must not be negative");
        if (streamInterval.toMillis() < 10 || streamInterval.toMillis() > 10_000) {
            throw new IllegalArgumentException("--stream-interval must be 10..10000 ms, got " + streamInterval.toMillis());
        }
    }

    /**
     * Music comes out many times faster than it plays (a row makes hundreds of tokens a second, about 40 to a second
     * of music), so a writer woken twice a second always holds seconds of music ahead of a listener, while waking
     * hundreds of writers ten times a second took the model's cores away from it on a small machine.
     */
    public static final Duration DEFAULT_STREAM_INTERVAL = Duration.ofMillis(500);

    public ServeSettings withStreamInterval(Duration newInterval) {
        return new ServeSettings(model, host, port, device, threads, maxBatch, queue, batching, shrink, batchDelay,
                maxLength, maxTokens, maxBodyBytes, deadline, grace, newInterval);
    }

    /** The defaults of {@code cadenza serve} for a model file. */
    public static ServeSettings defaults(Path model) {
        return new ServeSettings(model, "127.0.0.1", 8080, Device.AUTO, 0, 256, 1024, Batching.CONTINUOUS, Shrink.LAZY,
                Duration.ofMillis(10), 10_000, 1_000_000, 1 << 20, Duration.ofMinutes(5), Duration.ofSeconds(30),
                DEFAULT_STREAM_INTERVAL);
    }

    public ServeSettings withPort(int newPort) {
        return new ServeSettings(model, host, newPort, device, threads, maxBatch, queue, batching, shrink, batchDelay,
                maxLength, maxTokens, maxBodyBytes, deadline, grace, streamInterval);
    }

    public ServeSettings withBatch(int newMaxBatch, int newQueue, Batching newBatching) {
        return new ServeSettings(model, host, port, device, threads, newMaxBatch, newQueue, newBatching, shrink,
                batchDelay, maxLength, maxTokens, maxBodyBytes, deadline, grace, streamInterval);
    }

    public ServeSettings withLimits(int newMaxLength, long newMaxTokens, long newMaxBodyBytes, Duration newDeadline) {
        return new ServeSettings(model, host, port, device, threads, maxBatch, queue, batching, shrink, batchDelay,
                newMaxLength, newMaxTokens, newMaxBodyBytes, newDeadline, grace, streamInterval);
    }

    public ServeSettings withGrace(Duration newGrace) {
        return new ServeSettings(model, host, port, device, threads, maxBatch, queue, batching, shrink, batchDelay,
                maxLength, maxTokens, maxBodyBytes, deadline, newGrace, streamInterval);
    }

    public ServeSettings withThreads(int newThreads) {
        return new ServeSettings(model, host, port, device, newThreads, maxBatch, queue, batching, shrink, batchDelay,
                maxLength, maxTokens, maxBodyBytes, deadline, grace, streamInterval);
    }
}
