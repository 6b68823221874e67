package dev.cadenza.cli.bench;

import java.util.Arrays;

import dev.cadenza.runtime.spi.ModelState;
import dev.cadenza.runtime.spi.StepModel;

/**
 * Times a step model the way generation uses it: one token per row per call, state carried. Everything the loop
 * touches is allocated before the clock starts, so the figures are the backend's, not the benchmark's.
 */
final class StepTiming {
    /**
     * @param tokensPerSecond median over repetitions of batch x steps / seconds
     * @param p50Micros       median latency of one call, over every call of every repetition
     * @param p99Micros       99th percentile of the same
     * @param runs            tokens per second of each repetition
     */
    record Result(int batch, int steps, double tokensPerSecond, double p50Micros, double p99Micros, double[] runs,
                  long bytesPerStep) {
    }

    /** Heap bytes this thread allocated so far, or -1 where the JVM cannot tell. */
    static long allocatedBytes() {
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        if (bean instanceof com.sun.management.ThreadMXBean sun && sun.isThreadAllocatedMemorySupported()) {
            return sun.getThreadAllocatedBytes(Thread.currentThread().getId());
        }
        return -1;
    }

    private StepTiming() {
    }

    /** Valid, varied ids: every row and step sees a different token, none of them reserved. */
    static long token(int step, int row, int vocabulary) {
        return 4 + (step * 31L + row * 7L) % (vocabulary - 4);
    }

    static Result stateful(StepModel model, int batch, int steps, int repeat, int warmup) {
        int v = model.vocabularySize();
        ModelState state = model.newState(batch);
        ModelState zero = model.newState(batch);
        long[] tokens = new long[batch];
        float[] probs = new float[batch * v];
        for (int s = 0; s < warmup; s++) {
            for (int b = 0; b < batch; b++) tokens[b] = token(s, b, v);
            model.run(tokens, 1, state, probs);
        }
        long[] latencies = new long[repeat * steps];
        double[] runs = new double[repeat];
        long allocatedBefore = allocatedBytes();
        for (int r = 0; r < repeat; r++) {
            reset(state, zero);
            long start = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                for (int b = 0; b < batch; b++) tokens[b] = token(s, b, v);
                long t = System.nanoTime();
                model.run(tokens, 1, state, probs);
                latencies[r * steps + s] = System.nanoTime() - t;
            }
            runs[r] = (double) batch * steps / ((System.nanoTime() - start) / 1e9);
        }
        long allocated = allocatedBytes() - allocatedBefore;
        return new Result(batch, steps, median(runs), percentile(latencies, 0.50) / 1e3, percentile(latencies, 0.99) / 1e3, runs,
                allocatedBefore < 0 ? -1 : allocated / ((long) repeat * steps));
    }

    /**
     * The tutorial's scheme on the same model: for every new token, the last {@code window} tokens are run again from
     * a zero state and only the last step's probabilities are used. Batch 1.
     */
    static Result windowed(StepModel model, int window, int tokensToMake, int repeat, int warmup) {
        int v = model.vocabularySize();
        long[] tokens = new long[window];
        float[] probs = new float[window * v];
        ModelState state = model.newState(1);
        ModelState zero = model.newState(1);
        for (int s = 0; s < warmup; s++) {
            reset(state, zero);
            model.run(tokens, window, state, probs);
        }
        long[] latencies = new long[repeat * tokensToMake];
        double[] runs = new double[repeat];
        for (int r = 0; r < repeat; r++) {
            long start = System.nanoTime();
            for (int s = 0; s < tokensToMake; s++) {
                for (int k = 0; k < window; k++) tokens[k] = token(s + k, 0, v);
                long t = System.nanoTime();
                reset(state, zero);
                model.run(tokens, window, state, probs);
                latencies[r * tokensToMake + s] = System.nanoTime() - t;
            }
            runs[r] = tokensToMake / ((System.nanoTime() - start) / 1e9);
        }
        return new Result(1, tokensToMake, median(runs), percentile(latencies, 0.50) / 1e3, percentile(latencies, 0.99) / 1e3, runs, -1);
    }

    /** Back to the start state in place: the same state object, so a backend keeps its buffers for it. */
    private static void reset(ModelState state, ModelState zero) {
        for (int r = 0; r < state.rows(); r++) state.setRow(r, zero, r);
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    static double percentile(long[] values, double q) {
        long[] s = values.clone();
        Arrays.sort(s);
        int i = (int) Math.ceil(q * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, i))];
    }
}
