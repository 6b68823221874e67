package dev.cadenza.trainer;

import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import dev.cadenza.evaluation.HeldOutScore;
import dev.cadenza.evaluation.NextTokenSource;

/**
 * Validation as generation uses the model: every held-out piece scored whole, from its start, the LSTM state carried
 * from token to token. It is {@code evaluate}'s held-out scorer ({@link HeldOutScore}) run on the DL4J network
 * ({@link Dl4jStepModel}), so the trainer's figure and {@code evaluate}'s agree for the same weights.
 */
final class WholePieceLoss {
    /** Tokens per call into the network; the state is carried across calls, so this sets only the speed. */
    static final int CHUNK = 256;

    private WholePieceLoss() {
    }

    /** Mean cross-entropy per predicted token, in nats, over every token after the first of each piece. */
    static double of(MultiLayerNetwork network, NetworkShape shape, List<int[]> pieces) {
        try (Dl4jStepModel model = new Dl4jStepModel(network, shape)) {
            return HeldOutScore.score(NextTokenSource.of(model, CHUNK), pieces).nllPerToken();
        }
    }
}
