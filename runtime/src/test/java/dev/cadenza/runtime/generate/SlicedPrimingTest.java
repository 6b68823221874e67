package dev.cadenza.runtime.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;

import dev.cadenza.runtime.onnx.OnnxStepModel;
import dev.cadenza.runtime.spi.ModelState;
import dev.cadenza.runtime.spi.StepModel;
import org.junit.jupiter.api.Test;

/**
 * Feeding a primer in slices leaves exactly the state feeding it whole does, on the real shipped model through ONNX
 * Runtime: the slice sizes a busy server picks cannot change a piece.
 */
class SlicedPrimingTest {
    @Test
    void slicesOfAnySizeGiveTheSameDistributionBitForBit() throws Exception {
        try (OnnxStepModel model = ShippedModel.open()) {
            int v = model.vocabularySize();
            int n = 700;
            long[] primer = new long[n];
            primer[0] = dev.cadenza.runtime.codec.SpecialTokens.START_ID;
            for (int i = 1; i < n; i++) primer[i] = 4 + (i * 37) % (v - 4);
            float[] whole = last(model, primer, new int[] {n}, v);
            for (int[] slices : new int[][] {{128, 128, 128, 128, 128, 60}, {1, 2, 697}, {350, 350}, {7, 93, 600}}) {
                assertArrayEquals(whole, last(model, primer, slices, v), Arrays.toString(slices));
            }
        }
    }

    private static float[] last(StepModel model, long[] primer, int[] slices, int v) {
        ModelState state = model.newState(1);
        float[] probs = null;
        int at = 0;
        for (int k : slices) {
            probs = new float[k * v];
            model.run(Arrays.copyOfRange(primer, at, at + k), k, state, probs);
            at += k;
        }
        return Arrays.copyOfRange(probs, probs.length - v, probs.length);
    }
}
