package dev.cadenza.evaluation;

import java.util.List;

/**
 * Finds the longest stretch of a sequence that is one short pattern repeated back to back, such as the loops an
 * argmax sampler falls into ({@code A A A A} or {@code A B C A B C A}).
 *
 * @param length tokens in the stretch (the whole repeats plus any partial repeat at its end); 1 when nothing repeats,
 *               0 for an empty sequence
 * @param period the pattern length
 * @param start  index of the stretch's first token
 */
public record Repetition(int length, int period, int start) {
    /** Patterns up to this many tokens count as "short". */
    public static final int DEFAULT_MAX_PERIOD = 8;

    public static <T> Repetition longest(List<T> sequence, int maxPeriod) {
        int n = sequence.size();
        if (n == 0) return new Repetition(0, 1, 0);
        Repetition best = new Repetition(1, 1, 0);
        for (int period = 1; period <= maxPeriod && period < n; period++) {
            int matches = 0; // consecutive positions i with sequence[i] == sequence[i - period]
            for (int i = period; i < n; i++) {
                matches = sequence.get(i).equals(sequence.get(i - period)) ? matches + 1 : 0;
                // Only a pattern seen at least twice in full counts as a repeat.
                if (matches >= period && matches + period > best.length) {
                    best = new Repetition(matches + period, period, i - matches - period + 1);
                }
            }
        }
        return best;
    }

    public static <T> Repetition longest(List<T> sequence) {
        return longest(sequence, DEFAULT_MAX_PERIOD);
    }
}
