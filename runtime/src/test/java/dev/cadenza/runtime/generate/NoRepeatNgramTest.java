package dev.cadenza.runtime.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.cadenza.runtime.onnx.OnnxStepModel;
import org.junit.jupiter.api.Test;

/** The no-repeat n-gram rule: which tokens it bans, its fall-back, and what it does to the shipped model's loops. */
class NoRepeatNgramTest {
    @Test
    void bansTheTokensThatFollowedEarlierCopiesOfTheContext() {
        BitSet banned = new BitSet();
        // stream 1 5 6 7 | 5 6: the 3-gram (5 6 7) is there, so after 5 6 the 7 is banned
        assertTrue(RepeatedNgrams.ban(new int[] {1, 5, 6, 7}, new int[] {5, 6}, 2, 3, banned));
        assertEquals(Set.of(7), banned.stream().boxed().collect(java.util.stream.Collectors.toSet()));
        // two earlier copies with different followers ban both; the context itself is not a copy
        assertTrue(RepeatedNgrams.ban(new int[] {5, 6, 8, 5, 6, 9, 5, 6}, 8, 3, banned));
        assertEquals(Set.of(8, 9), banned.stream().boxed().collect(java.util.stream.Collectors.toSet()));
        assertFalse(RepeatedNgrams.ban(new int[] {1, 2, 3, 4}, 4, 3, banned));
        assertTrue(banned.isEmpty());
        assertFalse(RepeatedNgrams.ban(new int[] {5}, 1, 2, banned), "too short for any n-gram");
    }

    @Test
    void whenEveryTokenIsBannedTheDrawIgnoresTheBan() {
        float[] probs = {0, 0, 0.2f, 0, 0.5f, 0.3f};
        BitSet all = new BitSet();
        all.set(0, 6);
        assertEquals(4, new TokenSampler(Sampling.GREEDY, 6, 1).sample(probs, 0, all));
        BitSet some = new BitSet();
        some.set(4);
        assertEquals(5, new TokenSampler(Sampling.GREEDY, 6, 1).sample(probs, 0, some));
        int id = new TokenSampler(Sampling.DEFAULT, 6, 1).sample(probs, 0, all);
        assertTrue(id == 2 || id == 4 || id == 5);
    }

    /** The longest stretch that is one pattern of 1..8 tokens repeated back to back (as evaluate counts it). */
    static int longestRepeat(int[] s) {
        int best = 0;
        for (int period = 1; period <= 8; period++) {
            int run = 0;
            for (int i = period; i < s.length; i++) {
                run = s[i] == s[i - period] ? run + 1 : 0;
                if (run >= period) best = Math.max(best, run + period);
            }
        }
        return best;
    }

    @Test
    void greedyLoopsOfTheShippedModelShrinkAndNoEightGramRepeatsWhileAnotherTokenIsPossible() throws Exception {
        try (OnnxStepModel model = ShippedModel.open()) {
            List<RowRequest> plain = List.of(RowRequest.of(0, Primers.start().ids(), Sampling.GREEDY, 1, 400));
            List<RowRequest> ruled = List.of(plain.get(0).withNoRepeatNgram(8));
            int[] loop = new SamplingDecoder().decode(model, plain, GenerationListener.NONE).get(0).continuation();
            int[] broken = new SamplingDecoder().decode(model, ruled, GenerationListener.NONE).get(0).continuation();
            assertTrue(longestRepeat(loop) > 300, "greedy loops: " + longestRepeat(loop));
            assertTrue(longestRepeat(broken) < 30, "with the rule: " + longestRepeat(broken));
            Set<String> grams = new HashSet<>();
            int[] all = new GeneratedPiece(0, Primers.start().ids(), broken, false).allIds();
            int repeats = 0;
            for (int i = 0; i + 8 <= all.length; i++) {
                if (!grams.add(java.util.Arrays.toString(java.util.Arrays.copyOfRange(all, i, i + 8)))) repeats++;
            }
            assertEquals(0, repeats, "no 8-gram twice");
        }
    }

    @Test
    void sampledPiecesRepeatLessWithTheRule() throws Exception {
        try (OnnxStepModel model = ShippedModel.open()) {
            int count = 8;
            List<RowRequest> plain = new java.util.ArrayList<>();
            List<RowRequest> ruled = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                plain.add(RowRequest.of(i, Primers.start().ids(), Sampling.DEFAULT, 2, 600));
                ruled.add(RowRequest.of(i, Primers.start().ids(), Sampling.DEFAULT, 2, 600).withNoRepeatNgram(4));
            }
            int before = 0;
            int after = 0;
            for (GeneratedPiece p : new SamplingDecoder().decode(model, plain, GenerationListener.NONE)) {
                before += longestRepeat(p.continuation());
            }
            for (GeneratedPiece p : new SamplingDecoder().decode(model, ruled, GenerationListener.NONE)) {
                after += longestRepeat(p.continuation());
            }
            assertTrue(after < before, "longest repeats summed: " + after + " with the rule vs " + before);
        }
    }
}
