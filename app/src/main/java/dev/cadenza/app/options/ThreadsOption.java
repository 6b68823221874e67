package dev.cadenza.app.options;

import dev.cadenza.app.UserError;
import picocli.CommandLine.Option;

/** {@code --threads}: CPU threads for ONNX Runtime. */
public final class ThreadsOption {
    /** Far beyond any machine we run on, but keeps a typo ({@code --threads 100000}) from exhausting this one. */
    public static final int MAX_THREADS = 256;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "CPU threads for ONNX Runtime (0: one per core; at most " + MAX_THREADS + ").")
    int threads;

    /** The threads asked for, 0 for one per core. */
    public int threads() {
        if (threads < 0 || threads > MAX_THREADS) {
            throw new UserError("--threads must be 0.." + MAX_THREADS + ", got " + threads);
        }
        return threads;
    }
}
