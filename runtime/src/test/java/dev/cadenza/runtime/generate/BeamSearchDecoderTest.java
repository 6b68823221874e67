package dev.cadenza.runtime.generate;

import dev.cadenza.runtime.spi.StepModel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.cadenza.runtime.onnx.OnnxStepModel;
import org.junit.jupiter.api.Test;

/** Stochastic beam search on the shipped model: its relation to sampling, its likelihood, and batching. */
class BeamSearchDecoderTest {
    private static List<RowRequest> rows(OnnxStepModel model, int count, long seed, int max, Sampling sampling) {
        List<RowRequest> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) rows.add(RowRequest.of(i, ShippedModel.primer(model), sampling, seed, max));
        return rows;
    }

    /** Total log-likelihood of a piece's generated tokens under the model, fed from a zero state. */
    static double logLikelihood(StepModel model, GeneratedPiece piece) {
        int[] ids = piece.allIds();
        int v = model.vocabularySize();
        long[] tokens = new long[ids.length];
        for (int i = 0; i < ids.length; i++) tokens[i] = ids[i];
        float[] probs = new float[ids.length * v];
        model.run(tokens, ids.length, model.newState(1), probs);
        double sum = 0;
        for (int t = piece.primer().length; t < ids.length; t++) sum += Math.log(Math.max(1e-30, probs[(t - 1) * v + ids[t]]));
        return sum;
    }

    @Test
    void oneBeamOfOneBranchIsExactlyPlainSamplingWithTheSameSeed() throws Exception {
        try (OnnxStepModel model = ShippedModel.open()) {
            for (int steps : new int[] {1, 7}) {
                List<GeneratedPiece> sampled = new SamplingDecoder().decode(model, rows(model, 3, 21, 150, Sampling.DEFAULT),
                        GenerationListener.NONE);
                List<GeneratedPiece> beam = new BeamSearchDecoder(new BeamSearch(1, 1, steps))
                        .decode(model, rows(model, 3, 21, 150, Sampling.DEFAULT), GenerationListener.NONE);
                for (int i = 0; i < 3; i++) {
                    assertArrayEquals(sampled.get(i).continuation(), beam.get(i).continuation(), "piece " + i + ", K " + steps);
                    assertEquals(sampled.get(i).ended(), beam.get(i).ended());
                }
            }
        }
    }

    @Test
    void beamsAreMoreLikelyThanTheMedianIndependentSample() throws Exception {
        try (OnnxStepModel model = ShippedModel.open()) {
            int length = 200;
            List<GeneratedPiece> samples = new SamplingDecoder().decode(model, rows(model, 9, 4, length, Sampling.DEFAULT),
                    GenerationListener.NONE);
            double[] perToken = samples.stream().mapToDouble(p -> logLikelihood(model, p) / p.continuation().length)
                    .sorted().toArray();
            double median = perToken[perToken.length / 2];
            List<GeneratedPiece> beams = new BeamSearchDecoder(new BeamSearch(4, 4, 8))
                    .decode(model, rows(model, 3, 4, length, Sampling.DEFAULT), GenerationListener.NONE);
            for (GeneratedPiece b : beams) {
                double ll = logLikelihood(model, b) / b.continuation().length;
                assertTrue(ll >= median, "beam " + ll + " per token vs the samples' median " + median);
            }
        }
    }

    @Test
    void piecesInOneBatchAreTheSameAsAloneAndTheSameEveryRun() throws Exception {
        try (OnnxStepModel model = ShippedModel.open()) {
            BeamSearchDecoder decoder = new BeamSearchDecoder(new BeamSearch(3, 2, 5));
            Sampling[] settings = {Sampling.DEFAULT, new Sampling.Sampled(0.9, 20, 1)};
            List<RowRequest> batch = new ArrayList<>();
            batch.add(RowRequest.of(0, Primers.start().ids(), settings[0], 8, 120));
            batch.add(RowRequest.of(1, new int[] {1, 40, 50}, settings[1], 8, 90).withNoRepeatNgram(6));
            batch.add(RowRequest.of(2, Primers.start().ids(), settings[1], 8, 60));
            List<GeneratedPiece> together = decoder.decode(model, batch, GenerationListener.NONE);
            List<GeneratedPiece> again = decoder.decode(model, batch.stream().map(r -> r.withTag(null)).toList(),
                    GenerationListener.NONE);
            for (int i = 0; i < batch.size(); i++) {
                GeneratedPiece alone = decoder.decode(model, List.of(batch.get(i).withTag(null)), GenerationListener.NONE).get(0);
                assertArrayEquals(alone.continuation(), together.get(i).continuation(), "piece " + i);
                assertArrayEquals(together.get(i).continuation(), again.get(i).continuation());
                assertEquals(i, together.get(i).index());
                assertTrue(together.get(i).continuation().length <= batch.get(i).maxTokens());
            }
            assertArrayEquals(new int[] {1, 40, 50}, together.get(1).primer());
        }
    }

    @Test
    void theListenerHearsEachChosenTokenOnceAndEachPieceFinishOnce() throws Exception {
        try (OnnxStepModel model = ShippedModel.open()) {
            List<RowRequest> rows = rows(model, 2, 5, 40, Sampling.DEFAULT);
            DecodeBatchTest.Recorder seen = new DecodeBatchTest.Recorder();
            List<GeneratedPiece> pieces = new BeamSearchDecoder(new BeamSearch(2, 3, 4)).decode(model, rows, seen);
            for (int i = 0; i < 2; i++) {
                int[] heard = seen.tokens.get(rows.get(i)).stream().mapToInt(Integer::intValue).toArray();
                assertArrayEquals(pieces.get(i).continuation(), heard);
                assertEquals(pieces.get(i), seen.pieces.get(rows.get(i)));
            }
            assertTrue(seen.steps > 0 && seen.primings == 1);
        }
    }

    @Test
    void settingsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new BeamSearch(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new BeamSearch(1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new BeamSearch(64, 64, 1));
        assertThrows(IllegalArgumentException.class, () -> new BeamSearch(2, 2, 0));
        assertEquals(new Decoding(Sampling.DEFAULT, new BeamSearch(4, 4, 8), 8),
                Decoding.parse("top-p=0.95,beam=4,branch=4,steps=8,no-repeat=8"));
        Decoding d = Decoding.parse("greedy,no-repeat=6");
        assertEquals(Sampling.GREEDY, d.sampling());
        assertEquals(d, Decoding.parse(d.describe()));
        assertEquals(new Decoding(new Sampling.Sampled(1, 0, 1), BeamSearch.NONE, 4), Decoding.parse("no-repeat=4"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Decoding.parse("beam=x"));
        assertTrue(e.getMessage().contains("'x' is not a whole number"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Decoding.parse("no-repeat=1"));
        assertTrue(Arrays.asList(BeamSearchDecoder.class.getInterfaces()).contains(Decoder.class));
    }
}
