package dev.cadenza.runtime.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.cadenza.runtime.codec.SpecialTokens;
import dev.cadenza.runtime.codec.Tokenizer;
import dev.cadenza.runtime.onnx.OnnxStepModel;

/**
 * Every per-row rule ({@link RowRules}) through every decoder, on the shipped model: token weights, the no-repeat
 * n-gram rule, {@code <end>} not taken before the earliest end, and the stops in music and in tokens. The decoders
 * once each wrote these rules themselves and drifted apart; here one table of decoders meets one test per rule.
 */
class RowRulesTest {
    private static Map<String, Decoder> decoders() {
        return Map.of("sampling", new SamplingDecoder(),
                "beam search", new BeamSearchDecoder(new BeamSearch(2, 2, 4)),
                "windowed", new WindowedDecoder(16));
    }

    private static List<RowRequest> rows(int[] primer, Sampling sampling, int maxTokens,
                                         java.util.function.UnaryOperator<RowRequest> rule) {
        List<RowRequest> rows = new ArrayList<>();
        for (int i = 0; i < 2; i++) rows.add(rule.apply(RowRequest.of(i, primer, sampling, 11, maxTokens)));
        return rows;
    }

    @Test
    void aTokenOfWeightZeroIsNeverDrawn() throws Exception {
        try (OnnxStepModel model = ShippedModel.open()) {
            float[] weights = new float[model.vocabularySize()];
            Arrays.fill(weights, 1f);
            for (int id = 4; id < weights.length; id += 2) weights[id] = 0f; // every other music token is out
            for (Map.Entry<String, Decoder> d : decoders().entrySet()) {
                for (GeneratedPiece p : d.getValue().decode(model, rows(ShippedModel.primer(model), Sampling.DEFAULT, 80,
                        r -> r.withTokenWeights(weights)), GenerationListener.NONE)) {
                    for (int id : p.continuation()) assertTrue(weights[id] > 0, d.getKey() + " drew id " + id + " of weight 0");
                }
            }
        }
    }

    @Test
    void noNgramRepeatsUnderTheNoRepeatRule() throws Exception {
        try (OnnxStepModel model = ShippedModel.open()) {
            for (Map.Entry<String, Decoder> d : decoders().entrySet()) {
                // Greedy decoding loops at once without the rule, so every repeat it would make is one the rule stops.
                List<GeneratedPiece> free = d.getValue().decode(model, rows(ShippedModel.primer(model), Sampling.GREEDY, 120,
                        r -> r), GenerationListener.NONE);
                assertTrue(repeats(free.get(0).allIds(), 4), d.getKey() + ": greedy repeats itself without the rule");
                for (GeneratedPiece p : d.getValue().decode(model, rows(ShippedModel.primer(model), Sampling.GREEDY, 120,
                        r -> r.withNoRepeatNgram(4)), GenerationListener.NONE)) {
                    assertFalse(repeats(p.allIds(), 4), d.getKey() + " repeated a 4-gram under the rule");
                }
            }
        }
    }

    @Test
    void theModelsEndIsNotTakenBeforeTheEarliestEndAndTheRowStopsInMusic() throws Exception {
        try (OnnxStepModel model = ShippedModel.open()) {
            MusicClock clock = MusicClock.of(new Tokenizer(model.metadata().vocabulary()));
            int[] primer = ShippedModel.primer(model);
            TimeLimit limit = MusicLength.seconds(4).limit(clock, clock.quarters(primer), 120, 0.5);
            // <end> made a million times likelier: drawn at every step, yet only taken from the earliest end on.
            float[] endFirst = new float[model.vocabularySize()];
            Arrays.fill(endFirst, 1f);
            endFirst[SpecialTokens.END_ID] = 1e6f;
            for (Map.Entry<String, Decoder> d : decoders().entrySet()) {
                for (GeneratedPiece p : d.getValue().decode(model, rows(primer, Sampling.DEFAULT, 2000,
                        r -> r.withUntil(limit).withTokenWeights(endFirst)), GenerationListener.NONE)) {
                    assertTrue(p.ended(), d.getKey() + ": the model ends the piece once it may");
                    double reached = clock.quarters(p.allIds());
                    assertTrue(reached >= limit.earliestEndQuarters() - 1e-9, d.getKey() + " ended at " + reached
                            + " quarters, before the earliest end " + limit.earliestEndQuarters());
                }
                for (GeneratedPiece p : d.getValue().decode(model, rows(primer, Sampling.DEFAULT, 2000, r -> r.withUntil(limit)),
                        GenerationListener.NONE)) {
                    if (p.ended()) continue; // the model may end a piece on its own after the earliest end
                    int[] ids = p.allIds();
                    assertTrue(clock.quarters(ids) >= limit.stopQuarters() - 1e-9, d.getKey() + " reached its stop");
                    assertTrue(clock.quarters(Arrays.copyOf(ids, ids.length - 1)) < limit.stopQuarters(),
                            d.getKey() + " stopped at once");
                }
            }
        }
    }

    @Test
    void aRowStopsAtItsTokenLimit() throws Exception {
        try (OnnxStepModel model = ShippedModel.open()) {
            for (Map.Entry<String, Decoder> d : decoders().entrySet()) {
                for (GeneratedPiece p : d.getValue().decode(model, rows(ShippedModel.primer(model), Sampling.DEFAULT, 30, r -> r),
                        GenerationListener.NONE)) {
                    assertTrue(p.ended() || p.continuation().length == 30, d.getKey() + ": " + p.continuation().length);
                    assertTrue(p.continuation().length <= 30, d.getKey());
                }
            }
        }
    }

    @Test
    void eachDecoderFollowsTheRulesOfTheDecodingThatChoseIt() {
        assertEquals(BeamSearchDecoder.class, Decoding.parse("beam=2,branch=2").decoder().getClass());
        assertEquals(WindowedDecoder.class, Decoding.parse("greedy,window=100").decoder().getClass());
        assertEquals(SamplingDecoder.class, Decoding.parse("top-p=0.9,no-repeat=4").decoder().getClass());
    }

    /** Whether some n-gram of the stream occurs twice. */
    private static boolean repeats(int[] stream, int n) {
        Set<List<Integer>> seen = new HashSet<>();
        for (int i = 0; i + n <= stream.length; i++) {
            List<Integer> gram = new ArrayList<>(n);
            for (int k = 0; k < n; k++) gram.add(stream[i + k]);
            if (!seen.add(gram)) return true;
        }
        return false;
    }
}
