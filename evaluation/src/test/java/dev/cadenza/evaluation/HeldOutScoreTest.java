package dev.cadenza.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.cadenza.evaluation.baseline.NgramModel;
import dev.cadenza.runtime.codec.TimedEncoding;
import dev.cadenza.runtime.codec.Vocabulary;
import dev.cadenza.runtime.midi.MidiReader;
import dev.cadenza.runtime.midi.Piece;

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

    @Test
    void ngramBaselineScoresAgreeWithTheModelsOwnArithmetic() throws Exception {
        TimedEncoding encoding = new TimedEncoding();
        Piece train = new MidiReader().read(java.nio.file.Path.of("..", "midi_songs", "satie-gymnopedie-no1.mid"));
        Piece held = new MidiReader().read(java.nio.file.Path.of("..", "midi_songs", "bach-prelude-c-major-bwv846.mid"));
        Vocabulary vocabulary = Vocabulary.build(encoding, List.of(encoding.encode(train)));
        int[] trainIds = vocabulary.ids(encoding.encode(train));
        int[] heldIds = vocabulary.ids(encoding.encode(held)); // unseen tokens become <unk>
        NgramModel ngram = NgramModel.fit(List.of(trainIds), vocabulary.size());
        HeldOutScore s = HeldOutScore.score(NextTokenSource.of(ngram), List.of(heldIds));
        assertEquals(heldIds.length - 1, s.tokens());
        assertEquals(ngram.crossEntropy(List.of(heldIds)), s.nllPerToken(), 1e-5);
        assertEquals(ngram.accuracy(List.of(heldIds)), s.top1(), 0.01);
        assertEquals("3-gram baseline", s.source());
    }
}
