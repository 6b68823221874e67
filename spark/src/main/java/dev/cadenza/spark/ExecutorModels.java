package dev.cadenza.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

import dev.cadenza.runtime.generate.Device;
import dev.cadenza.runtime.generate.Generator;
import dev.cadenza.runtime.generate.ModelSpec;
import dev.cadenza.runtime.model.ModelFileException;

/**
 * ONNX Runtime sessions kept for the life of an executor JVM, opened by the tasks that need them and reused by every
 * later task of any job in that JVM: a model is loaded once per task slot, not once per partition. A step model is
 * not thread-safe, so a task borrows a session for its whole partition (decoded as one batch) and gives it back; tasks
 * running side by side in one executor each get their own, so they use their own cores instead of taking turns on one
 * session. A new session is opened only when every open one is busy, so an executor holds at most as many as it has
 * task slots.
 */
final class ExecutorModels {
    private static final Map<String, Deque<Generator>> IDLE = new HashMap<>();

    private ExecutorModels() {
    }

    /** A session for {@code file} that only the caller uses until it {@link #giveBack gives it back}. */
    static Generator borrow(Path file, int threads) throws IOException, ModelFileException {
        synchronized (IDLE) {
            Generator g = IDLE.computeIfAbsent(key(file, threads), k -> new ArrayDeque<>()).poll();
            if (g != null) return g;
        }
        // Opened outside the lock: another task's borrow or give-back need not wait for this load.
        return Generator.open(new ModelSpec(file, "ort", Device.AUTO, threads));
    }

    static void giveBack(Path file, int threads, Generator g) {
        synchronized (IDLE) {
            IDLE.computeIfAbsent(key(file, threads), k -> new ArrayDeque<>()).push(g);
        }
    }

    private static String key(Path file, int threads) {
        return file.toAbsolutePath() + "@" + threads;
    }
}
