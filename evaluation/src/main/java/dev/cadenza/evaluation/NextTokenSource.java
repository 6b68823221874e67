package dev.cadenza.evaluation;

import dev.cadenza.evaluation.baseline.NgramModel;
import dev.cadenza.runtime.spi.ModelState;
import dev.cadenza.runtime.spi.StepModel;

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
                ModelState state = model.newState(1);
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

    /** An n-gram model asked for the whole next-token distribution after every prefix. */
    static NextTokenSource of(NgramModel model) {
        return new NextTokenSource() {
            @Override
            public int vocabularySize() {
                return model.vocabSize();
            }

            @Override
            public void probabilities(int[] ids, float[] out) {
                int v = model.vocabSize();
                for (int t = 0; t < ids.length; t++) {
                    // prob() reads only the tokens before position t + 1, so the last row needs no token after it.
                    for (int token = 0; token < v; token++) out[t * v + token] = (float) model.prob(ids, t + 1, token);
                }
            }

            @Override
            public String name() {
                return model.order() + "-gram baseline";
            }
        };
    }
}
