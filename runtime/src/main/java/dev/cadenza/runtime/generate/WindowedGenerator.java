package dev.cadenza.runtime.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.cadenza.runtime.codec.SpecialTokens;

/**
 * The tutorial's generation loop: for every new token, run the last {@code window} tokens through the network from a
 * zero state and take the prediction after the last of them, then slide the window by one. A network trained the
 * tutorial's way (windows of exactly that length, each from a zero state) sees at generation what it saw in training;
 * {@link BatchGenerator} instead carries the state along, which is about {@code window} times cheaper per token.
 * All pieces run together, one batched call per step.
 */
public final class WindowedGenerator {
    private final StepModel model;
    private final int window;

    public WindowedGenerator(StepModel model, int window) {
        if (window < 1) throw new IllegalArgumentException("window must be at least 1, got " + window);
        this.model = model;
        this.window = window;
    }

    /**
     * @param primers one primer per piece, at least one token each; shorter than {@code window} is allowed (the
     *                window then grows until it is full, as the history does)
     * @param length  most ids to add to each piece; a piece stops early when the model writes END
     */
    public List<GeneratedPiece> generate(List<int[]> primers, int length, SamplingSettings sampling, long seed) {
        if (primers.isEmpty()) throw new IllegalArgumentException("nothing to generate: no primers");
        if (length < 1) throw new IllegalArgumentException("length must be at least 1, got " + length);
        int n = primers.size();
        int v = model.vocabularySize();
        List<int[]> history = new ArrayList<>();
        for (int[] p : primers) {
            if (p.length == 0) throw new IllegalArgumentException("a primer must hold at least one token");
            for (int id : p) {
                if (id < 0 || id >= v) throw new IllegalArgumentException("primer id " + id + " is outside the vocabulary");
            }
            int[] h = Arrays.copyOf(p, p.length + length);
            history.add(h);
        }
        TokenSampler[] samplers = new TokenSampler[n];
        for (int i = 0; i < n; i++) samplers[i] = new TokenSampler(sampling, v, TokenSampler.pieceSeed(seed, i));
        int[] size = new int[n];
        int[] produced = new int[n];
        boolean[] done = new boolean[n];
        for (int i = 0; i < n; i++) size[i] = primers.get(i).length;
        int growing = n;
        while (growing > 0) {
            // Pieces whose windows have the same length run as one batch (all of them once windows are full).
            int[] rows = new int[growing];
            int steps = 0;
            int count = 0;
            for (int i = 0; i < n; i++) {
                if (done[i]) continue;
                int w = Math.min(window, size[i]);
                if (count == 0) steps = w;
                if (w == steps) rows[count++] = i;
            }
            long[] tokens = new long[count * steps];
            for (int r = 0; r < count; r++) {
                int[] h = history.get(rows[r]);
                int from = size[rows[r]] - steps;
                for (int t = 0; t < steps; t++) tokens[r * steps + t] = h[from + t];
            }
            float[] probs = new float[count * steps * v];
            model.run(tokens, steps, model.newState(count), probs);
            float[] last = new float[count * v];
            for (int r = 0; r < count; r++) System.arraycopy(probs, (r * steps + steps - 1) * v, last, r * v, v);
            for (int r = 0; r < count; r++) {
                int piece = rows[r];
                int id = samplers[piece].sample(last, r * v);
                history.get(piece)[size[piece]++] = id;
                produced[piece]++;
                if (id == SpecialTokens.END_ID || produced[piece] >= length) {
                    done[piece] = true;
                    growing--;
                }
            }
        }
        List<GeneratedPiece> pieces = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int[] primer = primers.get(i).clone();
            int[] continuation = Arrays.copyOfRange(history.get(i), primer.length, size[i]);
            boolean ended = continuation.length > 0 && continuation[continuation.length - 1] == SpecialTokens.END_ID;
            pieces.add(new GeneratedPiece(i, primer, continuation, ended));
        }
        return pieces;
    }
}
