package dev.cadenza.evaluation.baseline;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An interpolated Kneser-Ney n-gram model over token ids: the trivial baseline every LSTM run is compared with.
 * Positions before the start of a stream count as id 0 (padding), so the first tokens have a context too. The
 * lowest order is interpolated with a uniform distribution, so no token ever gets probability zero.
 *
 * <p>The highest order uses raw counts; lower orders use continuation counts (in how many different contexts a
 * shorter n-gram was seen), which is what makes Kneser-Ney better than plain back-off on small data.
 */
public final class NgramModel {
    public static final int DEFAULT_ORDER = 3;

    private final int order;
    private final int vocabSize;
    /** Per order k (index k-1): context key of k-1 tokens -> counts of the next token. */
    private final List<Map<Long, Context>> contexts;
    private final double[] discounts;

    private static final class Context {
        final Map<Integer, Integer> next = new HashMap<>();
        long total;

        void add(int token, int n) {
            next.merge(token, n, Integer::sum);
            total += n;
        }
    }

    private NgramModel(int order, int vocabSize, List<Map<Long, Context>> contexts, double[] discounts) {
        this.order = order;
        this.vocabSize = vocabSize;
        this.contexts = contexts;
        this.discounts = discounts;
    }

    public static NgramModel fit(List<int[]> streams, int vocabSize) {
        return fit(streams, vocabSize, DEFAULT_ORDER);
    }

    /**
     * Counts every n-gram of the streams (each stream on its own: no n-gram crosses two streams).
     *
     * @throws IllegalArgumentException for an order outside 1..4, a vocabulary under 2, or ids out of range
     */
    public static NgramModel fit(List<int[]> streams, int vocabSize, int order) {
        if (order < 1 || order > 4) throw new IllegalArgumentException("n-gram order must be 1..4, is " + order);
        if (vocabSize < 2) throw new IllegalArgumentException("vocabulary must have at least 2 tokens, has " + vocabSize);
        if ((double) Math.pow(vocabSize, order) > Long.MAX_VALUE / 4.0) {
            throw new IllegalArgumentException("vocabulary too large for an order-" + order + " model");
        }
        // Distinct n-grams of every length 1..order, keyed by their tokens (the length is the set's index).
        List<Set<Long>> distinct = new java.util.ArrayList<>();
        for (int k = 0; k <= order; k++) distinct.add(new HashSet<>());
        List<Map<Long, Context>> contexts = new java.util.ArrayList<>();
        for (int k = 0; k < order; k++) contexts.add(new HashMap<>());
        for (int[] s : streams) {
            for (int i = 0; i < s.length; i++) {
                int token = s[i];
                if (token < 0 || token >= vocabSize) {
                    throw new IllegalArgumentException("token id " + token + " outside the vocabulary of " + vocabSize);
                }
                contexts.get(order - 1).computeIfAbsent(key(s, i - order + 1, order - 1, vocabSize), x -> new Context())
                        .add(token, 1);
                for (int k = 2; k <= order; k++) distinct.get(k).add(key(s, i - k + 1, k, vocabSize));
            }
        }
        // Lower orders: continuation counts, one per distinct left extension.
        for (int k = 1; k < order; k++) {
            Map<Long, Context> map = contexts.get(k - 1);
            long base = (long) Math.pow(vocabSize, k);
            for (long gram : distinct.get(k + 1)) {
                long shorter = gram % base; // drop the leftmost token
                int token = (int) (shorter % vocabSize);
                long ctx = shorter / vocabSize;
                map.computeIfAbsent(ctx, x -> new Context()).add(token, 1);
            }
        }
        double[] discounts = new double[order];
        for (int k = 0; k < order; k++) discounts[k] = discount(contexts.get(k));
        return new NgramModel(order, vocabSize, contexts, discounts);
    }

    /** Ney's estimate n1 / (n1 + 2 n2) from how many counts are 1 and 2. */
    private static double discount(Map<Long, Context> map) {
        long n1 = 0;
        long n2 = 0;
        for (Context c : map.values()) {
            for (int n : c.next.values()) {
                if (n == 1) n1++;
                else if (n == 2) n2++;
            }
        }
        if (n1 == 0 || n2 == 0) return 0.75;
        return Math.max(0.1, Math.min(0.95, n1 / (double) (n1 + 2 * n2)));
    }

    /** Tokens s[from .. from+length) as one number; positions before 0 are padding (id 0). */
    private static long key(int[] s, int from, int length, int vocabSize) {
        long key = 0;
        for (int j = from; j < from + length; j++) key = key * vocabSize + (j < 0 ? 0 : s[j]);
        return key;
    }

    public int order() {
        return order;
    }

    public int vocabSize() {
        return vocabSize;
    }

    /** Natural-log probability of {@code stream[position]} given the tokens before it. */
    public double logProb(int[] stream, int position) {
        return Math.log(prob(stream, position, stream[position]));
    }

    /** Probability of {@code token} coming at {@code position} of {@code stream}, given the tokens before it. */
    public double prob(int[] stream, int position, int token) {
        if (token < 0 || token >= vocabSize) return 0;
        double p = 1.0 / vocabSize;
        for (int k = 1; k <= order; k++) {
            Context c = contexts.get(k - 1).get(key(stream, position - k + 1, k - 1, vocabSize));
            if (c == null || c.total == 0) continue;
            double d = discounts[k - 1];
            int n = c.next.getOrDefault(token, 0);
            p = Math.max(n - d, 0) / c.total + d * c.next.size() / c.total * p;
        }
        return p;
    }

    /** Mean cross-entropy in nats per predicted token, predicting every token after the first of each stream. */
    public double crossEntropy(List<int[]> streams) {
        double sum = 0;
        long n = 0;
        for (int[] s : streams) {
            for (int i = 1; i < s.length; i++) {
                sum -= logProb(s, i);
                n++;
            }
        }
        if (n == 0) throw new IllegalArgumentException("no tokens to predict");
        return sum / n;
    }

    /** Share of tokens (after the first of each stream) that are the model's most likely next token. */
    public double accuracy(List<int[]> streams) {
        long right = 0;
        long n = 0;
        for (int[] s : streams) {
            for (int i = 1; i < s.length; i++) {
                int best = 0;
                double bestP = -1;
                for (int t = 0; t < vocabSize; t++) {
                    double p = prob(s, i, t);
                    if (p > bestP) {
                        bestP = p;
                        best = t;
                    }
                }
                if (best == s[i]) right++;
                n++;
            }
        }
        if (n == 0) throw new IllegalArgumentException("no tokens to predict");
        return right / (double) n;
    }
}
