package dev.cadenza.trainer;

import java.util.Map;
import java.util.Optional;

/**
 * ND4J runs its operations on OpenMP threads (GNU libgomp), which by default busy-wait for the next parallel region.
 * A training step is thousands of small operations, so with more than one thread the waiting thread spins through
 * the gaps and takes the core from the thread doing the work: {@code --threads 2} measured up to 16x slower than one
 * thread on a busy machine, and close to one thread with {@code OMP_WAIT_POLICY=PASSIVE} (docs/training.md,
 * "ND4J's CPU-specific builds and the threads"). libgomp reads the variable once, when it is loaded, so only the process's
 * environment can set it: {@code ./cadenza} does; this says so when someone starts Java without it.
 */
public final class ThreadWaitPolicy {
    private ThreadWaitPolicy() {
    }

    /** A one-line note when more than one thread is asked for and the OpenMP wait policy is left at its default. */
    public static Optional<String> note(int threads, Map<String, String> environment) {
        if (threads <= 1 || environment.containsKey("OMP_WAIT_POLICY")) return Optional.empty();
        return Optional.of("note: --threads " + threads + " without OMP_WAIT_POLICY=PASSIVE in the environment: ND4J's threads "
                + "busy-wait between operations, which made training several times slower than one thread; "
                + "./cadenza sets it (docs/training.md)");
    }
}
