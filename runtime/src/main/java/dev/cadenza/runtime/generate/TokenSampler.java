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
final class TokenSampler {
    private final boolean greedy;
    private final double temperature;
    private final int topK;
    private final double topP;
    private final SplittableRandom random;
    private final float[] weights;
    private final int[] order;
    private final long[] keys;
    /** Scratch for nucleusByBuckets: mass per binary exponent of a positive float (0..255), kept all zero between calls. */
    private final double[] bucketMass = new double[EXPONENTS];
    private static final int EXPONENTS = 256;

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
     * As {@link #sample(float[], int, BitSet)} with each probability multiplied by its id's entry of {@code tokenWeights}
     * first (null: the very same draw as without).
     */
    public int sample(float[] probs, int offset, BitSet banned, float[] tokenWeights) {
        if (tokenWeights == null) return sample(probs, offset, banned);
        if (weighted == null) weighted = new float[weights.length];
        for (int i = 0; i < weighted.length; i++) weighted[i] = probs[offset + i] * tokenWeights[i];
        return sample(weighted, 0, banned);
    }

    /** Scratch row for {@link #sample(float[], int, BitSet, float[])}, made on first use. */
    private float[] weighted;

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
        for (int i = 0; inverseT != 1.0 && i < n; i++) { // only temperature needs the largest
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
        int nucleus = topK == 0 && topP < 1 ? nucleusByBuckets(kept) : -1;
        if (nucleus > 0) {
            kept = nucleus;
        } else if (truncate) {
            if (topK == 0 && topP < 1) kept = keep(probs, offset, banned);
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

    /** Refills order[0..kept) with the ids {@link #sample} keeps, in id order; returns how many. */
    private int keep(float[] probs, int offset, BitSet banned) {
        int kept = 0;
        for (int i = 0; i < weights.length; i++) {
            float p = probs[offset + i];
            if (pickable(i) && p > 0 && (banned == null || !banned.get(i))) order[kept++] = i;
        }
        return kept;
    }

    /**
     * The top-p nucleus without sorting the whole vocabulary, leaving order[0..n) exactly as the full sort would.
     * Sorting every row at every step was the scheduler's largest Java cost, while a nucleus is usually a small part
     * of the vocabulary. Weights are bucketed by their binary exponent (one pass); walking the buckets from the top
     * finds the fewest whole buckets that surely hold the nucleus, and only their tokens are sorted.
     *
     * <p>The full sort sums the mass in descending order, this method in other orders, so the totals can differ in
     * their last bits. Where that could move the cut, this returns -1 and the caller sorts everything: the choices
     * are the full sort's, bit for bit, and a seed keeps giving the same piece.
     *
     * @return the nucleus size, or -1 when the caller must sort
     */
    private int nucleusByBuckets(int kept) {
        double total = 0;
        int high = 0;
        int low = EXPONENTS;
        for (int j = 0; j < kept; j++) {
            float w = weights[order[j]];
            int e = Float.floatToIntBits(w) >>> 23;
            bucketMass[e] += w;
            total += w;
            high = Math.max(high, e);
            low = Math.min(low, e);
        }
        // Any order of summing n positive terms is within (n - 1) * 2^-53 of the exact sum: this covers all three.
        double slack = total * kept * 0x1p-49;
        double surelyEnough = topP * (total + slack);
        double perhapsEnough = topP * (total - slack);
        double mass = 0;
        int cutExponent = -1;
        for (int e = high; e >= low; e--) {
            mass += bucketMass[e];
            if (cutExponent < 0 && mass >= surelyEnough + slack) cutExponent = e;
            bucketMass[e] = 0;
        }
        if (cutExponent < 0) return -1;
        int candidates = 0;
        for (int j = 0; j < kept; j++) {
            int id = order[j];
            int bits = Float.floatToIntBits(weights[id]);
            if (bits >>> 23 >= cutExponent) keys[candidates++] = ((long) bits << 32) | (0xFFFFFFFFL - id);
        }
        java.util.Arrays.sort(keys, 0, candidates);
        double sum = 0;
        for (int j = 0; j < candidates; j++) {
            int id = (int) (0xFFFFFFFFL - (keys[candidates - 1 - j] & 0xFFFFFFFFL));
            order[j] = id;
            sum += weights[id];
            if (sum >= surelyEnough) return j + 1;
            if (sum >= perhapsEnough) return -1;
        }
        return -1;
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
