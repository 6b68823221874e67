package dev.cadenza.runtime.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.cadenza.runtime.codec.SpecialTokens;
import dev.cadenza.runtime.onnx.OnnxStepModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BatchGeneratorTest {
    private static OnnxStepModel model;

    @BeforeAll
    static void open() throws Exception {
        model = ShippedModel.open();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static List<int[]> starts(int n) {
        return Collections.nCopies(n, Primers.start().ids());
    }

    @Test
    void sameSeedSamePiecesAndOtherSeedsDiffer() {
        BatchGenerator g = new BatchGenerator(model);
        List<GeneratedPiece> a = g.generate(starts(4), 120, SamplingSettings.DEFAULT, 5, null);
        List<GeneratedPiece> b = g.generate(starts(4), 120, SamplingSettings.DEFAULT, 5, null);
        List<GeneratedPiece> c = g.generate(starts(4), 120, SamplingSettings.DEFAULT, 6, null);
        boolean anyDifferent = false;
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(a.get(i).continuation(), b.get(i).continuation());
            anyDifferent |= !java.util.Arrays.equals(a.get(i).continuation(), c.get(i).continuation());
        }
        assertTrue(anyDifferent, "another seed should change at least one of 4 pieces");
    }

    @Test
    void aBatchOfNGivesTheSamePiecesAsNRunsOfOne() {
        BatchGenerator g = new BatchGenerator(model);
        SamplingSettings sampling = new SamplingSettings(false, 1.0, 20, 0.95);
        List<GeneratedPiece> batch = g.generate(starts(6), 150, sampling, 42, null);
        for (int i = 0; i < 6; i++) {
            // Piece i of a batch draws from stream i; alone, it is piece 0 of a batch of one with the same stream.
            List<GeneratedPiece> alone = new BatchGenerator(model).generate(starts(i + 1), 150, sampling, 42, null);
            assertArrayEquals(batch.get(i).continuation(), alone.get(i).continuation(), "piece " + i);
        }
    }

    @Test
    void maskingFinishedPiecesGivesTheSamePiecesAsCompacting() {
        List<GeneratedPiece> masked = new BatchGenerator(model, BatchGenerator.Shrink.NEVER).generate(starts(8), 100, SamplingSettings.DEFAULT, 8, null);
        for (BatchGenerator.Shrink policy : List.of(BatchGenerator.Shrink.EAGER, BatchGenerator.Shrink.LAZY)) {
            List<GeneratedPiece> compacted = new BatchGenerator(model, policy).generate(starts(8), 100, SamplingSettings.DEFAULT, 8, null);
            for (int i = 0; i < 8; i++) {
                assertArrayEquals(masked.get(i).continuation(), compacted.get(i).continuation(), policy + " piece " + i);
                assertEquals(masked.get(i).ended(), compacted.get(i).ended());
            }
        }
    }

    @Test
    void endStopsAPieceAndLengthCutsTheRest() {
        List<GeneratedPiece> pieces = new BatchGenerator(model).generate(starts(16), 60, SamplingSettings.DEFAULT, 1, null);
        for (GeneratedPiece p : pieces) {
            int[] ids = p.continuation();
            assertTrue(ids.length <= 60);
            for (int k = 0; k < ids.length - 1; k++) assertFalse(ids[k] == SpecialTokens.END_ID, "END inside a piece");
            if (p.ended()) {
                assertEquals(SpecialTokens.END_ID, ids[ids.length - 1]);
            } else {
                assertEquals(60, ids.length);
            }
        }
    }

    @Test
    void greedyTakesTheArgmaxOfTheModelsProbabilities() {
        List<GeneratedPiece> pieces = new BatchGenerator(model).generate(starts(2), 80, SamplingSettings.GREEDY, 0, null);
        for (GeneratedPiece p : pieces) {
            int[] all = p.allIds();
            // Re-run the whole stream in one call; each chosen id must be the most likely pickable one.
            int steps = all.length - 1;
            long[] tokens = new long[steps];
            for (int s = 0; s < steps; s++) tokens[s] = all[s];
            int v = model.vocabularySize();
            float[] probs = new float[steps * v];
            model.run(tokens, steps, model.newState(1), probs);
            for (int s = p.primer().length - 1; s < steps; s++) {
                int best = -1;
                for (int id = 0; id < v; id++) {
                    if (TokenSampler.pickable(id) && (best < 0 || probs[s * v + id] > probs[s * v + best])) best = id;
                }
                assertEquals(best, all[s + 1], "step " + s);
            }
        }
    }

    @Test
    void primersOfDifferentLengthsPrimeEachRowLikeAlone() {
        List<int[]> primers = new ArrayList<>();
        primers.add(new int[] {SpecialTokens.START_ID});
        primers.add(new int[] {SpecialTokens.START_ID, 5, 6, 7});
        List<GeneratedPiece> mixed = new BatchGenerator(model).generate(primers, 40, SamplingSettings.GREEDY, 0, null);
        List<GeneratedPiece> alone = new BatchGenerator(model).generate(List.of(primers.get(1)), 40, SamplingSettings.GREEDY, 0, null);
        assertArrayEquals(alone.get(0).continuation(), mixed.get(1).continuation());
    }
}
