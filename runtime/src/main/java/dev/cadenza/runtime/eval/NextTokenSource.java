package dev.cadenza.runtime.eval;

import dev.cadenza.runtime.generate.LstmState;
import dev.cadenza.runtime.generate.StepModel;

/**
 * Anything that gives, for every prefix of a token sequence, probabilities for the next token: a recurrent
 * {@link StepModel}, an n-gram baseline, or a fixed distribution. The held-out scorer needs nothing more.
 */
public interface NextTokenSource {
    int vocabularySize();

    /**
     * @param ids a whole piece's token ids
     * @param out receives row-major {@code [ids.length, vocabularySize()]}: row t is P(next | ids[0..t])
     */
    void probabilities(int[] ids, float[] out);

    /** A short name for reports. */
    String name();

    /** Feeds a step model the piece in chunks from a zero state, carrying the state across chunks. */
    static NextTokenSource of(StepModel model, int chunk) {
        if (chunk < 1) throw new IllegalArgumentException("chunk must be positive: " + chunk);
        return new NextTokenSource() {
            @Override
            public int vocabularySize() {
                return model.vocabularySize();
            }

            @Override
            public void probabilities(int[] ids, float[] out) {
                int vocabulary = model.vocabularySize();
                LstmState state = model.newState(1);
                float[] probs = new float[chunk * vocabulary];
                for (int from = 0; from < ids.length; from += chunk) {
                    int steps = Math.min(chunk, ids.length - from);
                    long[] tokens = new long[steps];
                    for (int i = 0; i < steps; i++) tokens[i] = ids[from + i];
                    model.run(tokens, steps, state, probs);
                    System.arraycopy(probs, 0, out, from * vocabulary, steps * vocabulary);
                }
            }

            @Override
            public String name() {
                return model.backendName();
            }
        };
    }
}
