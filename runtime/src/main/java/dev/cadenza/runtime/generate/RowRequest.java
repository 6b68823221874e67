package dev.cadenza.runtime.generate;

/**
 * One sequence to grow in a {@link DecodeBatch}: where it starts, how it is sampled, its own random stream and its
 * length limit. Rows with different settings can share a batch; a row's output depends only on its own request.
 *
 * @param index     its number in the caller's request (0-based), copied into its {@link GeneratedPiece}
 * @param primer    the ids fed before generation starts (at least one, usually starting with START)
 * @param sampling  how its tokens are chosen
 * @param seed      its own random stream's seed; {@link #of} derives it as {@link TokenSampler#pieceSeed} of the run
 * @param maxTokens most ids to add (END included)
 * @param tag       anything the caller wants back in events (a server's request handle); may be null
 */
public record RowRequest(int index, int[] primer, Sampling sampling, long seed, int maxTokens, Object tag) {
    public RowRequest {
        if (primer == null || primer.length == 0) throw new IllegalArgumentException("a primer must hold at least one token");
        if (sampling == null) throw new IllegalArgumentException("sampling is required");
        if (maxTokens < 1) throw new IllegalArgumentException("the most tokens must be at least 1, got " + maxTokens);
        primer = primer.clone();
    }

    /** Piece {@code index} of a run seeded with {@code runSeed}: the same stream the piece gets in any batch. */
    public static RowRequest of(int index, int[] primer, Sampling sampling, long runSeed, int maxTokens) {
        return new RowRequest(index, primer, sampling, TokenSampler.pieceSeed(runSeed, index), maxTokens, null);
    }

    /** The same request carrying {@code tag}. */
    public RowRequest withTag(Object newTag) {
        return new RowRequest(index, primer, sampling, seed, maxTokens, newTag);
    }
}
