package dev.cadenza.trainer;

import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Validation as generation uses the model: every held-out piece scored whole, from its start, the LSTM state carried
 * from token to token. The figure is {@code evaluate}'s held-out NLL ({@code HeldOutScore} on a {@link Dl4jStepModel},
 * which a test checks it equals), computed with all pieces side by side as rows of one batch: DL4J's step-by-step
 * inference path costs about the same per call at batch 26 as at batch 1, so scoring the pieces one by one took
 * minutes per epoch on {@code midi_songs/}.
 */
final class WholePieceLoss {
    /** Tokens per call into the network; the state is carried across calls, so this sets only the speed. */
    static final int CHUNK = 256;
    /** As {@code HeldOutScore}: a probability of 0 costs a large finite amount, not infinity. */
    private static final double MIN_PROBABILITY = 1e-9;

    private WholePieceLoss() {
    }

    /** Mean cross-entropy per predicted token, in nats, over every token after the first of each piece. */
    static double of(MultiLayerNetwork network, NetworkShape shape, List<int[]> pieces) {
        int n = pieces.size();
        int vocabulary = shape.vocabulary();
        int longest = pieces.stream().mapToInt(p -> p.length).max().orElse(0);
        double nll = 0;
        long tokens = 0;
        network.rnnClearPreviousState();
        try {
            for (int from = 0; from + 1 < longest; from += CHUNK) {
                int steps = Math.min(CHUNK, longest - 1 - from);
                float[] in = new float[n * steps]; // a piece that has ended reads padding (id 0), never scored
                for (int i = 0; i < n; i++) {
                    int[] ids = pieces.get(i);
                    for (int t = 0; t < steps && from + t < ids.length; t++) in[i * steps + t] = ids[from + t];
                }
                INDArray out = network.rnnTimeStep(Nd4j.create(in, new long[]{n, 1, steps}, 'c'));
                if (out.rank() == 2) out = out.reshape(n, vocabulary, 1); // DL4J drops the time axis of one step
                float[] probs = out.dup('c').data().asFloat();
                for (int i = 0; i < n; i++) {
                    int[] ids = pieces.get(i);
                    for (int t = 0; t < steps && from + t + 1 < ids.length; t++) {
                        nll -= Math.log(Math.max(MIN_PROBABILITY, probs[(i * vocabulary + ids[from + t + 1]) * steps + t]));
                        tokens++;
                    }
                }
            }
        } finally {
            network.rnnClearPreviousState();
        }
        return tokens == 0 ? Double.NaN : nll / tokens;
    }
}
