package dev.cadenza.runtime.generate;

import java.util.BitSet;
import java.util.SplittableRandom;

import dev.cadenza.runtime.codec.SpecialTokens;

/**
 * Picks one token id from a probability row. One sampler per piece, each with its own random stream, so piece i
 * comes out the same whatever the batch it was generated in. Scratch arrays are allocated once: sampling a step
 * allocates nothing.
 *
 * <p>Padding, START and unknown are never picked: they carry no music and a model should not emit them.
 */
public final class TokenSampler {
    private final boolean greedy;
    private final double temperature;
    private final int topK;
    private final double topP;
    private final SplittableRandom random;
    private final float[] weights;
    private final int[] order;
    private final long[] keys;

    /**
     * @param sampling       how to choose
     * @param vocabularySize length of a probability row
     * @param seed           this piece's random stream; {@link #pieceSeed} gives piece i of a run its own
     */
    public TokenSampler(Sampling sampling, int vocabularySize, long seed) {
        if (sampling instanceof Sampling.Sampled s) {
            this.greedy = false;
            this.temperature = s.temperature();
            this.topK = s.topK();
            this.topP = s.topP();
        } else {
            this.greedy = true;
            this.temperature = 1;
            this.topK = 0;
            this.topP = 1;
        }
        this.random = new SplittableRandom(seed);
        this.weights = new float[vocabularySize];
        this.order = new int[vocabularySize];
        this.keys = new long[vocabularySize];
    }

    /** The random seed of piece {@code index} in a run with {@code seed}: distinct, well mixed streams. */
    public static long pieceSeed(long seed, int index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static boolean pickable(int id) {
        return id != SpecialTokens.PAD_ID && id != SpecialTokens.START_ID && id != SpecialTokens.UNKNOWN_ID;
    }

    /** Samples from {@code probs[offset .. offset + vocabularySize)}. */
    public int sample(float[] probs, int offset) {
        return sample(probs, offset, null);
    }

    /**
     * Samples from {@code probs[offset .. offset + vocabularySize)} leaving out the ids in {@code banned} (null: none).
     * When every token that could be chosen is banned, the ban is dropped for this draw rather than forcing a token
     * the model gives no weight: a rule about repeats must not break the piece.
     */
    public int sample(float[] probs, int offset, BitSet banned) {
        int n = weights.length;
        if (greedy) {
            int best = argmax(probs, offset, n, banned);
            return best >= 0 ? best : argmax(probs, offset, n, null);
        }
        double inverseT = 1.0 / temperature;
        float max = 0;
        for (int i = 0; i < n; i++) {
            float p = probs[offset + i];
            if (pickable(i) && p > max) max = p;
        }
        int kept = 0;
        for (int i = 0; i < n; i++) {
            float p = probs[offset + i];
            if (!pickable(i) || !(p > 0) || (banned != null && banned.get(i))) continue;
            // p^(1/T) renormalised equals softmax(logits / T): temperature without the logits. Taken relative to the
            // likeliest token, exp((ln p - ln max) / T), it is at most 1 and the likeliest keeps weight 1: a tiny T
            // underflows the others to 0 and so approaches greedy, where p^(1/T) alone underflowed every weight to 0
            // and the draw fell on <end>.
            weights[i] = inverseT == 1.0 ? p : relativeWeight(p / (double) max, inverseT);
            order[kept++] = i;
        }
        if (kept == 0) return banned != null ? sample(probs, offset, null) : argmax(probs, offset, n, null);
        boolean truncate = (topK > 0 && topK < kept) || topP < 1;
        if (truncate) {
            sortByWeightDescending(kept);
            if (topK > 0) kept = Math.min(kept, topK);
            if (topP < 1) kept = nucleus(kept);
        }
        double total = 0;
        for (int j = 0; j < kept; j++) total += weights[order[j]];
        double target = random.nextDouble() * total;
        double sum = 0;
        for (int j = 0; j < kept; j++) {
            sum += weights[order[j]];
            if (target < sum) return order[j];
        }
        return order[kept - 1];
    }

    /** ratio^(1/T) for 0 < ratio <= 1, safe for any T > 0 (Math.pow(1, infinity) would be NaN). */
    static float relativeWeight(double ratio, double inverseT) {
        if (ratio >= 1) return 1f;
        return (float) Math.pow(ratio, inverseT);
    }

    /** How many of the first {@code kept} (sorted) tokens form the nucleus of mass topP. */
    private int nucleus(int kept) {
        double total = 0;
        for (int j = 0; j < kept; j++) total += weights[order[j]];
        double need = topP * total;
        double sum = 0;
        for (int j = 0; j < kept; j++) {
            sum += weights[order[j]];
            if (sum >= need) return j + 1;
        }
        return kept;
    }

    /** The likeliest pickable id not banned; END when no probability is a number; -1 when all are banned. */
    private static int argmax(float[] probs, int offset, int n, BitSet banned) {
        int best = banned == null ? SpecialTokens.END_ID : -1;
        float bestP = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if (pickable(i) && (banned == null || !banned.get(i)) && probs[offset + i] > bestP) {
                bestP = probs[offset + i];
                best = i;
            }
        }
        return best;
    }

    /**
     * Sorts order[0..kept) by weight, descending, ties by lower id first. Positive floats order like their bit
     * patterns, so (bits, inverted id) packed in a long sorts with the JDK's primitive sort: no boxing, no garbage.
     */
    private void sortByWeightDescending(int kept) {
        for (int j = 0; j < kept; j++) {
            int id = order[j];
            keys[j] = ((long) Float.floatToIntBits(weights[id]) << 32) | (0xFFFFFFFFL - id);
        }
        java.util.Arrays.sort(keys, 0, kept);
        for (int j = 0; j < kept; j++) order[j] = (int) (0xFFFFFFFFL - (keys[kept - 1 - j] & 0xFFFFFFFFL));
    }
}
