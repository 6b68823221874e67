package dev.cadenza.app;

import dev.cadenza.runtime.generate.Decoding;

/**
 * The ranges {@code generate} accepts for its numbers. Each bound is far beyond useful settings but keeps a typo
 * ({@code --threads 100000}, {@code --count 1e9}) from exhausting the machine; a number outside gets one line naming
 * the option, its range and the value given.
 */
public final class GenerateLimits {
    public static final int MAX_COUNT = 10_000;
    /** Tokens held at once for all pieces (count x (length + primer)): about 80 MB of ids and sampler state. */
    public static final long MAX_TOTAL_TOKENS = 20_000_000;
    public static final int MAX_PRIMER_LENGTH = 10_000;

    private GenerateLimits() {
    }

    /**
     * The checks of generate's own numbers, which bound one run's work; the decoding settings (length, seed, sampling,
     * ...) are checked by {@code Decoding}, tempo by {@code GenerationRequest}, threads by {@code ThreadsOption}.
     *
     * @throws IllegalArgumentException naming the first option out of range
     */
    public static void check(int count, int length, int primerLength) {
        range("--count", count, 1, MAX_COUNT);
        range("--primer-length", primerLength, 1, MAX_PRIMER_LENGTH);
        if ((long) count * (length + primerLength) > MAX_TOTAL_TOKENS) {
            throw new IllegalArgumentException("--count " + count + " x --length " + length + " would hold "
                    + (long) count * (length + primerLength) + " tokens at once (limit " + MAX_TOTAL_TOKENS
                    + "); generate fewer or shorter pieces per run");
        }
    }

    /**
     * The checks of a run split into batches of {@code batch} pieces ({@code spark generate}): {@code count} up to
     * {@code maxCount}, and one batch's tokens within what one run of {@code generate} may hold at once.
     *
     * @throws IllegalArgumentException naming the first option out of range
     */
    public static void checkBatches(long count, long maxCount, int batch, int length) {
        range("--count", count, 1, maxCount);
        range("--batch", batch, 1, MAX_BATCH);
        if ((long) batch * (length + 1) > MAX_TOTAL_TOKENS) {
            throw new IllegalArgumentException("--batch " + batch + " x --length " + length + " would hold "
                    + (long) batch * (length + 1) + " tokens at once (limit " + MAX_TOTAL_TOKENS
                    + "); use a smaller --batch");
        }
    }

    /** Rows decoded as one batch: far past where a larger batch stops filling the matrix products. */
    public static final int MAX_BATCH = 4096;

    static void range(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(option + " must be " + min + ".." + max + ", got " + value);
        }
    }
}
