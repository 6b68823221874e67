package dev.cadenza.runtime.generate;

import dev.cadenza.runtime.spi.StepModel;

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

/** The sampling decoder on the shipped model (the fake-model tests are in DecodeBatchTest). */
class SamplingDecoderTest {
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

    static List<GeneratedPiece> generate(SamplingDecoder decoder, StepModel model, List<int[]> primers, int length,
                                         Sampling sampling, long seed) {
        List<RowRequest> rows = new ArrayList<>();
        for (int i = 0; i < primers.size(); i++) rows.add(RowRequest.of(i, primers.get(i), sampling, seed, length));
        return decoder.decode(model, rows, GenerationListener.NONE);
    }

    private static List<GeneratedPiece> generate(List<int[]> primers, int length, Sampling sampling, long seed) {
        return generate(new SamplingDecoder(), model, primers, length, sampling, seed);
    }

    @Test
    void sameSeedSamePiecesAndOtherSeedsDiffer() {
        List<GeneratedPiece> a = generate(starts(4), 120, Sampling.DEFAULT, 5);
        List<GeneratedPiece> b = generate(starts(4), 120, Sampling.DEFAULT, 5);
        List<GeneratedPiece> c = generate(starts(4), 120, Sampling.DEFAULT, 6);
        boolean anyDifferent = false;
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(a.get(i).continuation(), b.get(i).continuation());
            anyDifferent |= !java.util.Arrays.equals(a.get(i).continuation(), c.get(i).continuation());
        }
        assertTrue(anyDifferent, "another seed should change at least one of 4 pieces");
    }

    @Test
    void aBatchOfNGivesTheSamePiecesAsNRunsOfOne() {
        Sampling sampling = new Sampling.Sampled(1.0, 20, 0.95);
        List<GeneratedPiece> batch = generate(starts(6), 150, sampling, 42);
        for (int i = 0; i < 6; i++) {
            // Piece i of a batch draws from stream i; alone, it is the only row, with the same stream.
            RowRequest row = RowRequest.of(i, Primers.start().ids(), sampling, 42, 150);
            List<GeneratedPiece> alone = new SamplingDecoder().decode(model, List.of(row), GenerationListener.NONE);
            assertArrayEquals(batch.get(i).continuation(), alone.get(0).continuation(), "piece " + i);
        }
    }

    @Test
    void maskingFinishedPiecesGivesTheSamePiecesAsCompacting() {
        List<GeneratedPiece> masked = generate(new SamplingDecoder(DecodeBatch.Shrink.NEVER), model, starts(8), 100, Sampling.DEFAULT, 8);
        for (DecodeBatch.Shrink policy : List.of(DecodeBatch.Shrink.EAGER, DecodeBatch.Shrink.LAZY)) {
            List<GeneratedPiece> compacted = generate(new SamplingDecoder(policy), model, starts(8), 100, Sampling.DEFAULT, 8);
            for (int i = 0; i < 8; i++) {
                assertArrayEquals(masked.get(i).continuation(), compacted.get(i).continuation(), policy + " piece " + i);
                assertEquals(masked.get(i).ended(), compacted.get(i).ended());
            }
        }
    }

    @Test
    void endStopsAPieceAndLengthCutsTheRest() {
        List<GeneratedPiece> pieces = generate(starts(16), 60, Sampling.DEFAULT, 1);
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
        List<GeneratedPiece> pieces = generate(starts(2), 80, Sampling.GREEDY, 0);
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
        List<GeneratedPiece> mixed = generate(primers, 40, Sampling.GREEDY, 0);
        List<GeneratedPiece> alone = generate(List.of(primers.get(1)), 40, Sampling.GREEDY, 0);
        assertArrayEquals(alone.get(0).continuation(), mixed.get(1).continuation());
    }
}
