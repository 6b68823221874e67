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

    /** The defaults of {@code cadenza serve} for a model file. */
    public static ServeSettings defaults(Path model) {
        return new ServeSettings(model, "127.0.0.1", 8080, Device.AUTO, 0, 256, 1024, Batching.CONTINUOUS, Shrink.LAZY,
                Duration.ofMillis(10), 10_000, 1_000_000, 1 << 20, Duration.ofMinutes(5), Duration.ofSeconds(30),
                DEFAULT_STREAM_INTERVAL);
    }

    /** A builder starting from {@code cadenza serve}'s defaults for {@code model}. */
    public static Builder builder(Path model) {
        return defaults(model).toBuilder();
    }

    /** A builder starting from these settings: change a few, keep the rest. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    public ServeSettings withStreamInterval(Duration newInterval) {
        return toBuilder().streamInterval(newInterval).build();
    }

    public ServeSettings withPort(int newPort) {
        return toBuilder().port(newPort).build();
    }

    public ServeSettings withBatch(int newMaxBatch, int newQueue, Batching newBatching) {
        return toBuilder().maxBatch(newMaxBatch).queue(newQueue).batching(newBatching).build();
    }

    public ServeSettings withLimits(int newMaxLength, long newMaxTokens, long newMaxBodyBytes, Duration newDeadline) {
        return toBuilder().maxLength(newMaxLength).maxTokens(newMaxTokens).maxBodyBytes(newMaxBodyBytes)
                .deadline(newDeadline).build();
    }

    public ServeSettings withGrace(Duration newGrace) {
        return toBuilder().grace(newGrace).build();
    }

    public ServeSettings withThreads(int newThreads) {
        return toBuilder().threads(newThreads).build();
    }

    /** Builds {@link ServeSettings} by name, one setting at a time; {@link #build} checks them all. */
    public static final class Builder {
        private Path model;
        private String host;
        private int port;
        private Device device;
        private int threads;
        private int maxBatch;
        private int queue;
        private Batching batching;
        private Shrink shrink;
        private Duration batchDelay;
        private int maxLength;
        private long maxTokens;
        private long maxBodyBytes;
        private Duration deadline;
        private Duration grace;
        private Duration streamInterval;

        private Builder(ServeSettings s) {
            model = s.model;
            host = s.host;
            port = s.port;
            device = s.device;
            threads = s.threads;
            maxBatch = s.maxBatch;
            queue = s.queue;
            batching = s.batching;
            shrink = s.shrink;
            batchDelay = s.batchDelay;
            maxLength = s.maxLength;
            maxTokens = s.maxTokens;
            maxBodyBytes = s.maxBodyBytes;
            deadline = s.deadline;
            grace = s.grace;
            streamInterval = s.streamInterval;
        }

        public Builder model(Path value) {
            model = value;
            return this;
        }

        public Builder host(String value) {
            host = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder device(Device value) {
            device = value;
            return this;
        }

        public Builder threads(int value) {
            threads = value;
            return this;
        }

        public Builder maxBatch(int value) {
            maxBatch = value;
            return this;
        }

        public Builder queue(int value) {
            queue = value;
            return this;
        }

        public Builder batching(Batching value) {
            batching = value;
            return this;
        }

        public Builder shrink(Shrink value) {
            shrink = value;
            return this;
        }

        public Builder batchDelay(Duration value) {
            batchDelay = value;
            return this;
        }

        public Builder maxLength(int value) {
            maxLength = value;
            return this;
        }

        public Builder maxTokens(long value) {
            maxTokens = value;
            return this;
        }

        public Builder maxBodyBytes(long value) {
            maxBodyBytes = value;
            return this;
        }

        public Builder deadline(Duration value) {
            deadline = value;
            return this;
        }

        public Builder grace(Duration value) {
            grace = value;
            return this;
        }

        public Builder streamInterval(Duration value) {
            streamInterval = value;
            return this;
        }

        /** @throws IllegalArgumentException naming the first option out of range */
        public ServeSettings build() {
            return new ServeSettings(model, host, port, device, threads, maxBatch, queue, batching,
                    shrink, batchDelay, maxLength, maxTokens, maxBodyBytes, deadline, grace, streamInterval);
        }
    }
}
