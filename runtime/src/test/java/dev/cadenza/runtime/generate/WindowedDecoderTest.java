package dev.cadenza.runtime.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.cadenza.runtime.codec.SpecialTokens;
import dev.cadenza.runtime.onnx.OnnxStepModel;

/** The tutorial's windowed loop on the shipped model, against the stateful loop it replaces. */
class WindowedDecoderTest {
    private static List<RowRequest> rows(int count, int[] primer, int maxTokens) {
        List<RowRequest> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) rows.add(RowRequest.of(i, primer, Sampling.GREEDY, 3, maxTokens));
        return rows;
    }

    private static int[] primer() {
        int[] p = new int[12];
        p[0] = SpecialTokens.START_ID;
        for (int i = 1; i < p.length; i++) p[i] = 4 + (i * 7) % 20;
        return p;
    }

    @Test
    void aWindowLongerThanThePieceIsTheStatefulLoop() throws Exception {
        try (OnnxStepModel model = ShippedModel.open()) {
            // Re-running everything from a zero state every step computes what carrying the state computes.
            List<GeneratedPiece> windowed = new WindowedDecoder(1000).decode(model, rows(2, primer(), 25), GenerationListener.NONE);
            List<GeneratedPiece> stateful = new SamplingDecoder().decode(model, rows(2, primer(), 25), GenerationListener.NONE);
            for (int i = 0; i < 2; i++) assertArrayEquals(stateful.get(i).continuation(), windowed.get(i).continuation());
        }
    }

    @Test
    void theTimeLimitAndTheNoRepeatRuleActAsInTheStatefulLoop() throws Exception {
        try (OnnxStepModel model = ShippedModel.open()) {
            MusicClock clock = MusicClock.of(new dev.cadenza.runtime.codec.Tokenizer(model.modelMetadata().orElseThrow().vocabulary()));
            List<RowRequest> rows = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                rows.add(RowRequest.of(i, Primers.start().ids(), Sampling.GREEDY, 3, 400)
                        .withUntil(MusicLength.seconds(3).limit(clock, 0, 120)).withNoRepeatNgram(6));
            }
            List<GeneratedPiece> windowed = new WindowedDecoder(1000).decode(model, rows, GenerationListener.NONE);
            List<GeneratedPiece> stateful = new SamplingDecoder().decode(model, rows, GenerationListener.NONE);
            for (int i = 0; i < 2; i++) {
                assertArrayEquals(stateful.get(i).continuation(), windowed.get(i).continuation());
                assertEquals(6.0, clock.quarters(windowed.get(i).allIds()), 4.0, "3 s at 120 BPM: 6 quarters, one wait over at most");
            }
        }
    }

    @Test
    void aShortWindowForgetsWhatLiesBeforeIt() throws Exception {
        try (OnnxStepModel model = ShippedModel.open()) {
            int[] a = primer();
            int[] b = a.clone();
            b[1] = b[1] == 5 ? 6 : 5; // differs only outside the last 8 tokens
            List<RowRequest> rows = new ArrayList<>(rows(1, a, 30));
            rows.add(RowRequest.of(1, b, Sampling.GREEDY, 3, 30));
            List<GeneratedPiece> windowed = new WindowedDecoder(8).decode(model, rows, GenerationListener.NONE);
            assertArrayEquals(windowed.get(0).continuation(), windowed.get(1).continuation());
            int n = windowed.get(0).continuation().length;
            assertEquals(windowed.get(0).ended() ? n : 30, n); // 30 tokens unless the model ended the piece
            List<GeneratedPiece> stateful = new SamplingDecoder().decode(model, rows, GenerationListener.NONE);
            assertFalse(java.util.Arrays.equals(stateful.get(0).continuation(), windowed.get(0).continuation()),
                    "carrying the whole history should differ from an 8-token window somewhere in 30 tokens");
        }
    }
}
