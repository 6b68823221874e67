package dev.cadenza.runtime.generate;

import dev.cadenza.runtime.spi.ModelState;
import dev.cadenza.runtime.spi.StepModel;

import java.util.ArrayList;
import java.util.List;

import dev.cadenza.runtime.codec.SpecialTokens;

/**
 * A small deterministic step model for unit tests: a row's next-token distribution is a fixed function of its last
 * token and how many tokens it has been fed, so every row is independent of its batch, END becomes likelier as a row
 * grows, and a test can compute the exact distribution itself ({@link #distribution}). It counts its calls. Its state
 * is not an LSTM's, which also shows that the loop treats {@link ModelState} as opaque.
 */
public final class FakeStepModel implements StepModel {
    private final int vocabulary;
    private final List<Integer> callRows = new ArrayList<>();
    private boolean closed;

    /** @param vocabulary at least 6: the four special tokens and some music */
    public FakeStepModel(int vocabulary) {
        if (vocabulary < 6) throw new IllegalArgumentException("vocabulary too small");
        this.vocabulary = vocabulary;
    }

    /** A row's memory: the last token it was fed and how many it has been fed. */
    static final class State implements ModelState {
        final int[] last;
        final int[] fed;

        State(int rows) {
            last = new int[rows];
            fed = new int[rows];
        }

        @Override
        public int rows() {
            return last.length;
        }

        @Override
        public State select(int[] rows) {
            State out = new State(rows.length);
            for (int r = 0; r < rows.length; r++) out.setRow(r, this, rows[r]);
            return out;
        }

        @Override
        public void setRow(int row, ModelState from, int fromRow) {
            State f = (State) from;
            last[row] = f.last[fromRow];
            fed[row] = f.fed[fromRow];
        }
    }

    @Override
    public int vocabularySize() {
        return vocabulary;
    }

    @Override
    public ModelState newState(int rows) {
        return new State(rows);
    }

    @Override
    public void run(long[] tokens, int steps, ModelState modelState, float[] probs) {
        if (closed) throw new IllegalStateException("closed");
        State state = (State) modelState;
        int rows = state.rows();
        if (tokens.length < rows * steps || probs.length < rows * steps * vocabulary) {
            throw new IllegalArgumentException("arrays too small");
        }
        callRows.add(rows);
        for (int r = 0; r < rows; r++) {
            for (int s = 0; s < steps; s++) {
                int token = (int) tokens[r * steps + s];
                if (token < 0 || token >= vocabulary) throw new IllegalArgumentException("token out of range: " + token);
                state.last[r] = token;
                state.fed[r]++;
                distribution(token, state.fed[r], probs, (r * steps + s) * vocabulary);
            }
        }
    }

    /** The distribution after a row was fed {@code fed} tokens, the last being {@code last}. */
    public void distribution(int last, int fed, float[] out, int offset) {
        float total = 0;
        for (int id = 0; id < vocabulary; id++) {
            float w;
            if (id == SpecialTokens.END_ID) {
                w = fed < 4 ? 0 : 0.4f * fed; // a piece can end once it has a few tokens, likelier as it grows
            } else if (id == SpecialTokens.PAD_ID || id == SpecialTokens.START_ID || id == SpecialTokens.UNKNOWN_ID) {
                w = 0.01f;
            } else {
                w = 1 + (last * 7 + fed * 3 + id * 5) % 11;
            }
            out[offset + id] = w;
            total += w;
        }
        for (int id = 0; id < vocabulary; id++) out[offset + id] /= total;
    }

    /** Rows of each call so far, in order. */
    public List<Integer> callRows() {
        return callRows;
    }

    @Override
    public String backendName() {
        return "fake";
    }

    @Override
    public void close() {
        closed = true;
    }
}
