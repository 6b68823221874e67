package dev.cadenza.app.options;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --threads}: CPU threads for ONNX Runtime. */
public final class ThreadsOption {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    int threads;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "CPU threads for ONNX Runtime (0: one per core; default: ${DEFAULT-VALUE}).")
    void threads(int n) {
        if (n < 0) throw new ParameterException(spec.commandLine(), "--threads must be 0 (one per core) or more, got " + n);
        threads = n;
    }

    public int threads() {
        return threads;
    }
}
