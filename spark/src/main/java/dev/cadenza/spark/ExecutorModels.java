package dev.cadenza.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.cadenza.runtime.generate.Generator;
import dev.cadenza.runtime.generate.ModelSpec;
import dev.cadenza.runtime.model.ModelFileException;
import dev.cadenza.runtime.generate.Device;

/**
 * One ONNX Runtime session per executor JVM, opened by the first task that needs it and kept for every later task of
 * any job in that JVM: a model is loaded once per executor, not once per partition. A step model is not thread-safe,
 * so tasks running side by side in one executor take turns on it, each with a whole partition as one batch (the
 * batch, not the task count, is what keeps the matrix products busy; see docs/scale-out.md).
 */
final class ExecutorModels {
    private static final Map<String, Generator> OPEN = new HashMap<>();

    private ExecutorModels() {
    }

    /** The JVM's generator for {@code file}; callers hold its monitor while they use it. */
    static synchronized Generator generator(Path file, int threads) throws IOException, ModelFileException {
        String key = file.toAbsolutePath() + "@" + threads;
        Generator g = OPEN.get(key);
        if (g == null) {
            g = Generator.open(new ModelSpec(file, "ort", Device.AUTO, threads));
            OPEN.put(key, g);
        }
        return g;
    }
}
