package dev.cadenza.runtime.generate;

/**
 * One sequence to grow in a {@link DecodeBatch}: where it starts, how it is sampled, its own random stream and its
 * limits. Rows with different settings can share a batch; a row's output depends only on its own request.
 *
 * @param index         its number in the caller's request (0-based), copied into its {@link GeneratedPiece}
 * @param primer        the ids fed before generation starts (at least one, usually starting with START)
 * @param sampling      how its tokens are chosen
 * @param seed          its own random stream's seed; {@link #of} derives it as {@link TokenSampler#pieceSeed} of the run
 * @param maxTokens     most ids to add (END included)
 * @param tag           anything the caller wants back in events (a server's request handle); may be null
 * @param until         where it stops in musical time (null: only at END or {@code maxTokens})
 * @param noRepeatNgram N above 1: a token that would complete an N-gram already in the stream (primer included) is not
 *                      chosen while another is possible; 0 is off
 * @param tokenWeights  one multiplier per vocabulary id applied to the model's probabilities before each draw (a logit
 *                      bias of ln w; {@link KeyBias} makes them), or null for none: the draws are then untouched
 */
public record RowRequest(int index, int[] primer, Sampling sampling, long seed, int maxTokens, Object tag,
                         TimeLimit until, int noRepeatNgram, float[] tokenWeights) {
    /** Longest n-gram the repetition control takes; longer ones hardly ever repeat by chance anyway. */
    public static final int MAX_NO_REPEAT_NGRAM = Decoding.MAX_NO_REPEAT_NGRAM;

    public RowRequest {
        if (primer == null || primer.length == 0) throw new IllegalArgumentException("a primer must hold at least one token");
        if (sampling == null) throw new IllegalArgumentException("sampling is required");
        if (maxTokens < 1) throw new IllegalArgumentException("the most tokens must be at least 1, got " + maxTokens);
        if (noRepeatNgram != 0 && (noRepeatNgram < 2 || noRepeatNgram > MAX_NO_REPEAT_NGRAM)) {
            throw new IllegalArgumentException("no-repeat n-gram size must be 2.." + MAX_NO_REPEAT_NGRAM + " (0: off), got "
                    + noRepeatNgram);
        }
        primer = primer.clone();
        if (tokenWeights != null) tokenWeights = tokenWeights.clone();
    }

    /** A row without token weights. */
    public RowRequest(int index, int[] primer, Sampling sampling, long seed, int maxTokens, Object tag, TimeLimit until,
                      int noRepeatNgram) {
        this(index, primer, sampling, seed, maxTokens, tag, until, noRepeatNgram, null);
    }

    /** A row that stops at END or {@code maxTokens} only, with no repetition control. */
    public RowRequest(int index, int[] primer, Sampling sampling, long seed, int maxTokens, Object tag) {
        this(index, primer, sampling, seed, maxTokens, tag, null, 0, null);
    }

    /** Piece {@code index} of a run seeded with {@code runSeed}: the same stream the piece gets in any batch. */
    public static RowRequest of(int index, int[] primer, Sampling sampling, long runSeed, int maxTokens) {
        return new RowRequest(index, primer, sampling, TokenSampler.pieceSeed(runSeed, index), maxTokens, null);
    }

    /** The same request carrying {@code tag}. */
    public RowRequest withTag(Object newTag) {
        return new RowRequest(index, primer, sampling, seed, maxTokens, newTag, until, noRepeatNgram, tokenWeights);
    }

    /** The same request stopping at {@code limit} in musical time (null: no such stop). */
    public RowRequest withUntil(TimeLimit limit) {
        return new RowRequest(index, primer, sampling, seed, maxTokens, tag, limit, noRepeatNgram, tokenWeights);
    }

    /** The same request with the repetition control for n-grams of {@code n} tokens (0: off). */
    public RowRequest withNoRepeatNgram(int n) {
        return new RowRequest(index, primer, sampling, seed, maxTokens, tag, until, n, tokenWeights);
    }

    /** The same request with per-token probability multipliers (null: none). */
    public RowRequest withTokenWeights(float[] weights) {
        return new RowRequest(index, primer, sampling, seed, maxTokens, tag, until, noRepeatNgram, weights);
    }
}
