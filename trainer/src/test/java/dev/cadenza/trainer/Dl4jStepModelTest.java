package dev.cadenza.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import dev.cadenza.runtime.spi.LstmState;

class Dl4jStepModelTest {
    private static final int VOCAB = 13;
    private static final int STEPS = 7;
    private static final int BATCH = 2;

    // Two LSTM layers and a dense layer, so state handling of every layer and the preprocessors are exercised.
    private final NetworkShape shape = new NetworkShape(VOCAB, 5, 2, 6, 4, 0.0);
    private final MultiLayerNetwork network = NetworkFactory.build(shape, 11, new Adam(1e-3), 0);
    private final long[] tokens = {1, 4, 9, 12, 5, 5, 7, /* row 2 */ 1, 2, 3, 8, 10, 11, 6};

    @Test
    void aWholeWindowEqualsTheNetworksOutput() {
        float[] probs = new float[BATCH * STEPS * VOCAB];
        try (Dl4jStepModel model = new Dl4jStepModel(network, shape)) {
            model.run(tokens, STEPS, model.newState(BATCH), probs);
        }
        float[] ids = new float[tokens.length];
        for (int i = 0; i < ids.length; i++) ids[i] = tokens[i];
        INDArray expected = network.output(Nd4j.create(ids, new long[]{BATCH, 1, STEPS}, 'c')); // [batch, vocab, steps]
        for (int b = 0; b < BATCH; b++) {
            for (int t = 0; t < STEPS; t++) {
                for (int v = 0; v < VOCAB; v++) {
                    assertEquals(expected.getFloat(b, v, t), probs[(b * STEPS + t) * VOCAB + v], 1e-6, b + "," + t + "," + v);
                }
            }
        }
    }

    @Test
    void oneTokenAtATimeWithCarriedStateEqualsTheWholeWindow() {
        float[] whole = new float[BATCH * STEPS * VOCAB];
        float[] stepwise = new float[BATCH * STEPS * VOCAB];
        try (Dl4jStepModel model = new Dl4jStepModel(network, shape)) {
            LstmState wholeState = model.newState(BATCH);
            model.run(tokens, STEPS, wholeState, whole);
            LstmState state = model.newState(BATCH);
            float[] one = new float[BATCH * VOCAB];
            for (int t = 0; t < STEPS; t++) {
                long[] column = {tokens[t], tokens[STEPS + t]};
                // A second, unrelated batch in between must not disturb the carried state.
                model.run(new long[]{3, 3, 3}, 3, model.newState(1), new float[3 * VOCAB]);
                model.run(column, 1, state, one);
                for (int b = 0; b < BATCH; b++) System.arraycopy(one, b * VOCAB, stepwise, (b * STEPS + t) * VOCAB, VOCAB);
            }
            for (int i = 0; i < whole.length; i++) assertEquals(whole[i], stepwise[i], 1e-6, "index " + i);
            for (int i = 0; i < state.size(); i++) {
                assertEquals(wholeState.h().get(i), state.h().get(i), 1e-6);
                assertEquals(wholeState.c().get(i), state.c().get(i), 1e-6);
            }
            assertEquals("dl4j", model.backendName());
        }
    }
}
