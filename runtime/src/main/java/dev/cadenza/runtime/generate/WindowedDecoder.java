package dev.cadenza.runtime.generate;

import dev.cadenza.runtime.spi.StepModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tutorial's generation loop as a {@link Decoder}: for every new token, run the last {@code window} tokens of
 * each row through the network from a zero state and take the prediction after the last of them, then slide the
 * window by one. A network trained the tutorial's way (windows of exactly that length, each from a zero state) sees
 * at generation what it saw in training; {@link SamplingDecoder} instead carries the state along, about
 * {@code window} times cheaper per token. All rows run together, one batched model call per step.
 */
final class WindowedDecoder implements Decoder {
    private static final int[] NOTHING = new int[0];
    private final int window;

    public WindowedDecoder(int window) {
        if (window < 1) throw new IllegalArgumentException("window must be at least 1, got " + window);
        this.window = window;
    }

    @Override
    public List<GeneratedPiece> decode(StepModel model, List<RowRequest> rows, GenerationListener listener) {
        if (rows.isEmpty()) throw new IllegalArgumentException("nothing to generate: no rows");
        int n = rows.size();
        int v = model.vocabularySize();
        int[][] history = new int[n][];
        int[] size = new int[n];
        TokenSampler[] samplers = new TokenSampler[n];
        RowRules[] rules = new RowRules[n];
        for (int i = 0; i < n; i++) {
            RowRequest row = rows.get(i);
            for (int id : row.primer()) {
                if (id < 0 || id >= v) throw new IllegalArgumentException("primer id " + id + " is outside the vocabulary");
            }
            history[i] = Arrays.copyOf(row.primer(), row.primer().length + row.maxTokens());
            size[i] = row.primer().length;
            samplers[i] = new TokenSampler(row.sampling(), v, row.seed());
            rules[i] = new RowRules(row, v);
        }
        GeneratedPiece[] out = new GeneratedPiece[n];
        boolean[] done = new boolean[n];
        int growing = n;
        while (growing > 0) {
            // Rows whose windows have the same length run as one batch (all of them once the windows are full).
            int[] batch = new int[growing];
            int steps = 0;
            int count = 0;
            for (int i = 0; i < n; i++) {
                if (done[i]) continue;
                int w = Math.min(window, size[i]);
                if (count == 0) steps = w;
                if (w == steps) batch[count++] = i;
            }
            long[] tokens = new long[count * steps];
            for (int r = 0; r < count; r++) {
                int from = size[batch[r]] - steps;
                for (int t = 0; t < steps; t++) tokens[r * steps + t] = history[batch[r]][from + t];
            }
            float[] probs = new float[count * steps * v];
            long t0 = System.nanoTime();
            model.run(tokens, steps, model.newState(count), probs);
            listener.stepped(count, System.nanoTime() - t0);
            for (int r = 0; r < count; r++) {
                int i = batch[r];
                RowRequest row = rows.get(i);
                // history holds the primer and what followed: the whole stream as one array
                int id = rules[i].draw(samplers[i], probs, (r * steps + steps - 1) * v, NOTHING, history[i], size[i]);
                int position = size[i] - row.primer().length;
                history[i][size[i]++] = id;
                listener.token(row, id, position);
                GenerationListener.Finish stop = rules[i].stopAfter(id, position + 1);
                if (stop != null) {
                    done[i] = true;
                    growing--;
                    out[i] = new GeneratedPiece(row.index(), row.primer(),
                            Arrays.copyOfRange(history[i], row.primer().length, size[i]), stop == GenerationListener.Finish.END);
                    listener.finished(row, out[i], stop);
                }
            }
        }
        return new ArrayList<>(Arrays.asList(out));
    }
}
