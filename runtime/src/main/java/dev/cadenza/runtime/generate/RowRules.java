package dev.cadenza.runtime.generate;

import java.util.BitSet;

import dev.cadenza.runtime.codec.SpecialTokens;

/**
 * The rules one growing row follows, whatever the decoder: its token bans (the no-repeat n-gram rule) and weights
 * (key strength), {@code <end>} not taken before its {@link TimeLimit#earliestEndQuarters}, and its stops (END, its
 * time limit in music, its token limit). {@link DecodeBatch} rows, {@link BeamSearchDecoder} branches and
 * {@link WindowedDecoder} rows each hold one, so a rule written once holds on every path.
 *
 * <p>Holds the row's time in music and scratch sets; one per row (a beam branch forks its own with {@link #fork}).
 */
final class RowRules {
    private final RowRequest request;
    private final BitSet banned; // the no-repeat rule's ids for this step; null when the rule is off
    private BitSet endBan; // scratch for the redraw without <end>, made on first use
    private double quarters; // how far the stream has got in music, primer included (counted only with a time limit)

    RowRules(RowRequest request, int vocabulary) {
        this.request = request;
        this.banned = request.noRepeatNgram() > 0 ? new BitSet(vocabulary) : null;
        if (request.until() != null) quarters = request.until().clock().quarters(request.primer());
    }

    private RowRules(RowRules from) {
        this.request = from.request;
        this.banned = from.banned == null ? null : new BitSet(from.banned.size());
        this.quarters = from.quarters;
    }

    /** The same rules at the same point in music, with scratch of its own (a beam branch's fork). */
    RowRules fork() {
        return new RowRules(this);
    }

    RowRequest request() {
        return request;
    }

    /**
     * Draws the row's next token from {@code probs[offset ..]} with its sampler, its bans and weights. A drawn
     * {@code <end>} that comes too early is drawn again without it (the same as sampling without it, and no change at
     * all to rows that do not draw it early). The stream so far is {@code head} followed by the first
     * {@code tailLength} ids of {@code tail}.
     */
    int draw(TokenSampler sampler, float[] probs, int offset, int[] head, int[] tail, int tailLength) {
        BitSet now = banned(head, tail, tailLength);
        int id = sampler.sample(probs, offset, now, request.tokenWeights());
        if (id == SpecialTokens.END_ID && tooEarlyToEnd()) {
            if (endBan == null) endBan = new BitSet();
            endBan.clear();
            if (now != null) endBan.or(now);
            endBan.set(SpecialTokens.END_ID);
            id = sampler.sample(probs, offset, endBan, request.tokenWeights());
        }
        return id;
    }

    /** Why the row stops after its newest token {@code id}, its {@code produced}-th, or null when it goes on. */
    GenerationListener.Finish stopAfter(int id, int produced) {
        if (id == SpecialTokens.END_ID) return GenerationListener.Finish.END;
        TimeLimit until = request.until();
        if (until != null) {
            quarters += until.clock().advance(id);
            if (until.reached(quarters)) return GenerationListener.Finish.TIME;
        }
        return produced >= request.maxTokens() ? GenerationListener.Finish.LIMIT : null;
    }

    private BitSet banned(int[] head, int[] tail, int tailLength) {
        if (banned == null) return null;
        return RepeatedNgrams.ban(head, tail, tailLength, request.noRepeatNgram(), banned) ? banned : null;
    }

    private boolean tooEarlyToEnd() {
        return request.until() != null && request.until().tooEarlyToEnd(quarters);
    }
}
