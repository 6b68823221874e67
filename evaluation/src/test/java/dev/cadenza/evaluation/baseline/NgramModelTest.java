package dev.cadenza.evaluation.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class NgramModelTest {
    private static int[] scale(int repeats) {
        int[] s = new int[repeats * 8];
        for (int i = 0; i < s.length; i++) s[i] = 4 + i % 8;
        return s;
    }

    @Test
    void probabilitiesOfEveryContextSumToOne() {
        NgramModel model = NgramModel.fit(List.of(new int[]{1, 5, 6, 5, 7, 5, 6, 2}, new int[]{1, 6, 6, 7, 2}), 9);
        int[] context = {1, 5, 6, 0};
        for (int pos = 0; pos < context.length; pos++) {
            double sum = 0;
            for (int t = 0; t < 9; t++) {
                double p = model.prob(context, pos, t);
                assertTrue(p > 0, "no zero probabilities");
                sum += p;
            }
            assertEquals(1.0, sum, 1e-9, "position " + pos);
        }
    }

    @Test
    void aRepeatingScaleIsPredictedAlmostPerfectly() {
        NgramModel model = NgramModel.fit(List.of(scale(50)), 12);
        List<int[]> heldOut = List.of(scale(5));
        assertTrue(model.crossEntropy(heldOut) < 0.15, "loss " + model.crossEntropy(heldOut));
        assertEquals(1.0, model.accuracy(heldOut), 0.05);
    }

    @Test
    void unseenDataCostsAboutTheUniformLoss() {
        NgramModel model = NgramModel.fit(List.of(scale(10)), 40);
        double loss = model.crossEntropy(List.of(new int[]{30, 31, 32, 33, 34, 35}));
        assertTrue(loss > Math.log(40) - 0.5, "loss " + loss);
    }

    @Test
    void higherOrdersHelpOnStructuredData() {
        int[] text = new int[600];
        for (int i = 0; i < text.length; i++) text[i] = 4 + (i % 3 == 2 ? (text[i - 1] + text[i - 2]) % 5 : (i * 7 + i / 3) % 5);
        List<int[]> train = List.of(java.util.Arrays.copyOfRange(text, 0, 500));
        List<int[]> test = List.of(java.util.Arrays.copyOfRange(text, 500, 600));
        assertTrue(NgramModel.fit(train, 9, 3).crossEntropy(test) < NgramModel.fit(train, 9, 1).crossEntropy(test));
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> NgramModel.fit(List.of(new int[]{1, 9}), 5));
        assertThrows(IllegalArgumentException.class, () -> NgramModel.fit(List.of(new int[]{1}), 1));
        assertThrows(IllegalArgumentException.class, () -> NgramModel.fit(List.of(new int[]{1}), 5, 0));
    }
}
