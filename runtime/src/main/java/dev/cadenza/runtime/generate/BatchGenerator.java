package dev.cadenza.runtime.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

import dev.cadenza.runtime.codec.SpecialTokens;

/**
 * Generates many pieces in lockstep through any {@link StepModel}: one model call per step for the whole batch,
 * with the LSTM state carried from step to step (never the tutorial's re-run of a 100-token window).
 *
 * <p>A piece that emits END stops growing. Its row can ride along (masked: computed, ignored) or leave the batch
 * (the state is compacted to the rows still growing). Compacting saves arithmetic but costs a new set of tensors for
 * the new batch shape, so {@link Shrink#LAZY}, the default, compacts only once a quarter of the batch is finished;
 * the benchmark measures all three policies.
 */
public final class BatchGenerator {
    /** When finished pieces leave the batch. */
    public enum Shrink {
        /** As soon as one piece finishes. */
        EAGER,
        /** Once a quarter of the rows are finished: few re-shapes, little wasted arithmetic. */
        LAZY,
        /** Never: finished rows are computed to the end and ignored (masking). */
        NEVER
    }

    private final StepModel model;
    private final Shrink shrink;

    public BatchGenerator(StepModel model) {
        this(model, Shrink.LAZY);
    }

    public BatchGenerator(StepModel model, Shrink shrink) {
        this.model = model;
        this.shrink = shrink;
    }

    private int shrinkAt(int rows) {
        return switch (shrink) {
            case EAGER -> 1;
            case LAZY -> Math.max(1, rows / 4);
            case NEVER -> Integer.MAX_VALUE;
        };
    }

    /**
     * @param primers  one primer per piece (each non-empty; {@code [START]} for a piece from its beginning)
     * @param length   most ids to add to each piece (END included)
     * @param progress told the number of pieces still growing after each step (may be null)
     */
    public List<GeneratedPiece> generate(List<int[]> primers, int length, SamplingSettings sampling, long seed,
                                         IntConsumer progress) {
        if (primers.isEmpty()) throw new IllegalArgumentException("nothing to generate: no primers");
        if (length < 1) throw new IllegalArgumentException("length must be at least 1, got " + length);
        int n = primers.size();
        int v = model.vocabularySize();
        for (int[] p : primers) {
            if (p.length == 0) throw new IllegalArgumentException("a primer must hold at least one token");
            for (int id : p) {
                if (id < 0 || id >= v) throw new IllegalArgumentException("primer id " + id + " is outside the vocabulary");
            }
        }
        LstmState state = model.newState(n);
        float[] probs = new float[n * v];
        prime(primers, state, probs);

        TokenSampler[] samplers = new TokenSampler[n];
        for (int i = 0; i < n; i++) samplers[i] = new TokenSampler(sampling, v, TokenSampler.pieceSeed(seed, i));
        int[][] out = new int[n][length];
        int[] produced = new int[n];
        boolean[] ended = new boolean[n];
        int[] rows = new int[n]; // rows[r] = the piece in state row r
        for (int i = 0; i < n; i++) rows[i] = i;
        int active = n; // rows in the batch
        int growing = n; // pieces not finished
        int riding = 0; // finished pieces still in the batch
        boolean[] done = new boolean[n];
        long[] tokens = new long[n];
        while (true) {
            for (int r = 0; r < active; r++) {
                int piece = rows[r];
                if (done[piece]) continue;
                int id = samplers[piece].sample(probs, r * v);
                out[piece][produced[piece]++] = id;
                if (id == SpecialTokens.END_ID) ended[piece] = true;
                if (ended[piece] || produced[piece] >= length) {
                    done[piece] = true;
                    growing--;
                    riding++;
                }
            }
            if (growing == 0) break;
            if (riding >= shrinkAt(active)) {
                int[] keepRows = new int[growing];
                int[] nextRows = new int[growing];
                int k = 0;
                for (int r = 0; r < active; r++) {
                    if (!done[rows[r]]) {
                        keepRows[k] = r;
                        nextRows[k++] = rows[r];
                    }
                }
                state = state.select(keepRows);
                rows = nextRows;
                active = growing;
                riding = 0;
            }
            for (int r = 0; r < active; r++) {
                tokens[r] = done[rows[r]] ? SpecialTokens.END_ID : out[rows[r]][produced[rows[r]] - 1];
            }
            model.run(tokens, 1, state, probs);
            if (progress != null) progress.accept(growing);
        }
        List<GeneratedPiece> pieces = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            pieces.add(new GeneratedPiece(i, primers.get(i).clone(), Arrays.copyOf(out[i], produced[i]), ended[i]));
        }
        return pieces;
    }

    /** Feeds every primer and leaves, in {@code next}, each piece's probabilities for its first new token. */
    private void prime(List<int[]> primers, LstmState state, float[] next) {
        int n = primers.size();
        int v = model.vocabularySize();
        int steps = primers.get(0).length;
        boolean sameLength = primers.stream().allMatch(p -> p.length == steps);
        if (sameLength) {
            long[] tokens = new long[n * steps];
            for (int i = 0; i < n; i++) {
                for (int s = 0; s < steps; s++) tokens[i * steps + s] = primers.get(i)[s];
            }
            float[] all = new float[n * steps * v];
            model.run(tokens, steps, state, all);
            for (int i = 0; i < n; i++) System.arraycopy(all, (i * steps + steps - 1) * v, next, i * v, v);
            return;
        }
        // Primers of different lengths cannot share calls; each is fed alone and its state copied into its row.
        for (int i = 0; i < n; i++) {
            int[] p = primers.get(i);
            LstmState one = model.newState(1);
            long[] tokens = new long[p.length];
            for (int s = 0; s < p.length; s++) tokens[s] = p[s];
            float[] all = new float[p.length * v];
            model.run(tokens, p.length, one, all);
            System.arraycopy(all, (p.length - 1) * v, next, i * v, v);
            state.setRow(i, one, 0);
        }
    }
}
