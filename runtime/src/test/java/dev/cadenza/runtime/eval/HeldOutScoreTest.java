package dev.cadenza.runtime.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class HeldOutScoreTest {
    /** Every token equally likely: perplexity must be the vocabulary size. */
    private static NextTokenSource uniform(int vocabulary) {
        return new NextTokenSource() {
            public int vocabularySize() {
                return vocabulary;
            }

            public void probabilities(int[] ids, float[] out) {
                Arrays.fill(out, 0, ids.length * vocabulary, 1f / vocabulary);
            }

            public String name() {
                return "uniform";
            }
        };
    }

    /** Knows the sequence counts up by one (mod V), but gives the right token only probability 0.5. */
    private static NextTokenSource counter(int vocabulary) {
        return new NextTokenSource() {
            public int vocabularySize() {
                return vocabulary;
            }

            public void probabilities(int[] ids, float[] out) {
                for (int t = 0; t < ids.length; t++) {
                    Arrays.fill(out, t * vocabulary, (t + 1) * vocabulary, 0.5f / (vocabulary - 1));
                    out[t * vocabulary + (ids[t] + 1) % vocabulary] = 0.5f;
                }
            }

            public String name() {
                return "counter";
            }
        };
    }

    @Test
    void uniformModelHasPerplexityOfItsVocabulary() {
        HeldOutScore s = HeldOutScore.score(uniform(10), List.of(new int[] {1, 5, 6, 7}, new int[] {1, 2}));
        assertEquals(4, s.tokens()); // 3 + 1 predictions
        assertEquals(2, s.pieces());
        assertEquals(Math.log(10), s.nllPerToken(), 1e-6);
        assertEquals(10, s.perplexity(), 1e-4);
    }

    @Test
    void accuracyAndLikelihoodOfAHalfSureModel() {
        int[] counting = {4, 5, 6, 7, 0, 1};
        int[] jumping = {4, 6, 3};
        HeldOutScore s = HeldOutScore.score(counter(8), List.of(counting, jumping));
        assertEquals(7, s.tokens());
        assertEquals(5 / 7.0, s.top1(), 1e-12);
        double expected = (5 * -Math.log(0.5) + 2 * -Math.log(0.5 / 7)) / 7;
        assertEquals(expected, s.nllPerToken(), 1e-6);
        assertEquals(Math.exp(expected), s.perplexity(), 1e-4);
    }

    @Test
    void idsOutsideTheVocabularyAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> HeldOutScore.score(uniform(4), List.<int[]>of(new int[] {1, 9})));
        assertThrows(IllegalArgumentException.class, () -> HeldOutScore.score(uniform(4), List.<int[]>of(new int[] {1})));
    }
}
