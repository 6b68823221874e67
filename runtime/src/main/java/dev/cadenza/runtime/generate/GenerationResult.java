package dev.cadenza.runtime.generate;

import java.util.List;

import dev.cadenza.runtime.midi.Piece;

/**
 * What a {@link Generator} made for a {@link GenerationRequest}: one entry per piece, in request order.
 *
 * @param pieces        the pieces
 * @param backend       the backend that ran, e.g. {@code ort-cpu}
 * @param tempoBpm      tempo of the decoded pieces
 * @param generateNanos wall time of priming and decoding (not model loading nor primer reading)
 */
public record GenerationResult(List<Generated> pieces, String backend, double tempoBpm, long generateNanos) {
    public GenerationResult {
        pieces = List.copyOf(pieces);
    }

    /**
     * One piece.
     *
     * @param title  its title, {@code TITLE-NN}
     * @param ids    its token ids (primer and continuation) and whether the model ended it
     * @param primer what it started from, with any tokens that were mapped to known ones
     * @param music  the ids decoded by the model's tokenizer
     */
    public record Generated(String title, GeneratedPiece ids, Primer primer, Piece music) {
        /** True when the model closed the piece itself (END); false when it was cut at the limit. */
        public boolean ended() {
            return ids.ended();
        }
    }

    /** New tokens over all pieces (END included). */
    public long tokens() {
        long n = 0;
        for (Generated g : pieces) n += g.ids().continuation().length;
        return n;
    }

    /** New tokens per second of {@link #generateNanos}. */
    public double tokensPerSecond() {
        return tokens() / Math.max(generateNanos / 1e9, 1e-9);
    }
}
