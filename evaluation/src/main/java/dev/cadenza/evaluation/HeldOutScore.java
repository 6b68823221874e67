package dev.cadenza.evaluation;

import java.util.List;

/**
 * How well a model predicts pieces it was not trained on, token by token (every token after the first of each piece
 * is predicted from the ones before it).
 *
 * @param source      which model
 * @param pieces      pieces scored
 * @param tokens      tokens predicted
 * @param nllPerToken mean negative log-likelihood of the true next token, in nats
 * @param perplexity  exp(nllPerToken): the number of equally likely choices the model is as unsure as
 * @param top1        share of tokens where the model's most likely token was the true one
 */
public record HeldOutScore(String source, int pieces, long tokens, double nllPerToken, double perplexity, double top1) {
    /** Probabilities below this are clamped, so that one impossible token costs a large finite amount, not infinity. */
    static final double MIN_PROBABILITY = 1e-9;

    public static HeldOutScore score(NextTokenSource model, List<int[]> pieces) {
        int vocabulary = model.vocabularySize();
        double nll = 0;
        long tokens = 0;
        long correct = 0;
        int scored = 0;
        for (int[] ids : pieces) {
            if (ids.length < 2) continue;
            for (int id : ids) {
                if (id < 0 || id >= vocabulary) {
                    throw new IllegalArgumentException("token id " + id + " outside the model's vocabulary of " + vocabulary);
                }
            }
            float[] probs = new float[ids.length * vocabulary];
            model.probabilities(ids, probs);
            for (int t = 0; t + 1 < ids.length; t++) {
                int row = t * vocabulary;
                int truth = ids[t + 1];
                nll -= Math.log(Math.max(MIN_PROBABILITY, probs[row + truth]));
                int argmax = 0;
                for (int v = 1; v < vocabulary; v++) if (probs[row + v] > probs[row + argmax]) argmax = v;
                if (argmax == truth) correct++;
                tokens++;
            }
            scored++;
        }
        if (tokens == 0) throw new IllegalArgumentException("no piece with at least two tokens to score");
        double mean = nll / tokens;
        return new HeldOutScore(model.name(), scored, tokens, mean, Math.exp(mean), (double) correct / tokens);
    }
}
