package dev.cadenza.runtime.generate;

import dev.cadenza.runtime.codec.Tokenizer;

/**
 * How far in music a stream of ids has got, in quarter notes, for a model's vocabulary: each id's
 * {@link dev.cadenza.runtime.codec.Encoding#quartersAdvanced} looked up once, so the generation loop counts time without
 * knowing the encoding (timed: its {@code w:} waits; classic and merged: one fixed step per event). Immutable.
 */
public final class MusicClock {
    private final double[] quarters;

    private MusicClock(double[] quarters) {
        this.quarters = quarters;
    }

    /** The clock of a model's tokenizer. */
    public static MusicClock of(Tokenizer tokenizer) {
        double[] q = new double[tokenizer.size()];
        for (int id = 0; id < q.length; id++) q[id] = tokenizer.encoding().quartersAdvanced(tokenizer.vocabulary().token(id));
        return new MusicClock(q);
    }

    /** Quarter notes id {@code id} moves time on by (0 for an id outside the vocabulary). */
    public double advance(int id) {
        return id >= 0 && id < quarters.length ? quarters[id] : 0;
    }

    /** Where a stream of ids has got to: the sum of their advances. */
    public double quarters(int[] ids) {
        double sum = 0;
        for (int id : ids) sum += advance(id);
        return sum;
    }
}
