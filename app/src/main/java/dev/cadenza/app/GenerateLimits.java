package dev.cadenza.app;

import dev.cadenza.runtime.model.ModelMetadata;

/**
 * The ranges {@code generate} accepts for its numbers. Each bound is far beyond useful settings but keeps a typo
 * ({@code --threads 100000}, {@code --count 1e9}) from exhausting the machine; a number outside gets one line naming
 * the option, its range and the value given.
 */
public final class GenerateLimits {
    public static final int MAX_COUNT = 10_000;
    public static final int MAX_LENGTH = 100_000;
    /** Tokens held at once for all pieces (count x (length + primer)): about 80 MB of ids and sampler state. */
    public static final long MAX_TOTAL_TOKENS = 20_000_000;
    public static final int MAX_PRIMER_LENGTH = 10_000;

    private GenerateLimits() {
    }

    /**
     * The checks of generate's own numbers; sampling settings are checked by {@code Sampling.Sampled} and threads by
     * {@code ThreadsOption}, the same for every command.
     *
     * @throws IllegalArgumentException naming the first option out of range
     */
    public static void check(int count, int length, Double tempo, int primerLength, Long seed) {
        range("--count", count, 1, MAX_COUNT);
        range("--length", length, 1, MAX_LENGTH);
        range("--primer-length", primerLength, 1, MAX_PRIMER_LENGTH);
        if ((long) count * (length + primerLength) > MAX_TOTAL_TOKENS) {
            throw new IllegalArgumentException("--count " + count + " x --length " + length + " would hold "
                    + (long) count * (length + primerLength) + " tokens at once (limit " + MAX_TOTAL_TOKENS
                    + "); generate fewer or shorter pieces per run");
        }
        if (tempo != null && !(tempo >= ModelMetadata.MIN_TEMPO && tempo <= ModelMetadata.MAX_TEMPO)) {
            throw new IllegalArgumentException("--tempo must be " + (int) ModelMetadata.MIN_TEMPO + ".."
                    + (int) ModelMetadata.MAX_TEMPO + " BPM, got " + tempo);
        }
        if (seed != null && seed < 0) throw new IllegalArgumentException("--seed must be 0 or more, got " + seed);
    }

    static void range(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(option + " must be " + min + ".." + max + ", got " + value);
        }
    }
}
