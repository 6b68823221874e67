package dev.cadenza.runtime.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.cadenza.runtime.codec.TimedEncoding;
import dev.cadenza.runtime.codec.Vocabulary;
import dev.cadenza.runtime.music.Key;

/** {@code --key-strength}: out-of-key notes made less likely at each draw, and nothing changed when it is off. */
class KeyBiasTest {
    /** The four specials, one octave of notes (ids 4..15), a duration and two keys. */
    private static final Vocabulary VOCABULARY;

    static {
        List<String> tokens = new ArrayList<>(List.of("<pad>", "<start>", "<end>", "<unk>"));
        for (int p = 60; p < 72; p++) tokens.add("n:" + p);
        tokens.add("d:12");
        tokens.add("k:C");
        tokens.add("k:Am");
        VOCABULARY = Vocabulary.of(new TimedEncoding(new TimedEncoding.Options(0, true, true)), tokens);
    }

    private static int[] start(String key) {
        return new int[] {1, VOCABULARY.id("k:" + key)};
    }

    @Test
    void outOfScaleNotesGetTheBiasAndEverythingElseKeepsItsWeight() {
        float[] w = KeyBias.weights(VOCABULARY, start("C"), 2);
        for (int id = 0; id < VOCABULARY.size(); id++) {
            String token = VOCABULARY.token(id);
            boolean outOfKey = token.startsWith("n:") && !Key.parse("C").inScale(Integer.parseInt(token.substring(2)));
            assertEquals(outOfKey ? Math.exp(-2) : 1.0, w[id], 1e-6, token);
        }
        float[] minor = KeyBias.weights(VOCABULARY, start("Am"), 2);
        assertEquals(1f, minor[VOCABULARY.id("n:68")], "G# is in A harmonic minor");
        assertEquals((float) Math.exp(-2), minor[VOCABULARY.id("n:67")], 1e-6, "G is not");
        assertNull(KeyBias.weights(VOCABULARY, start("C"), 0), "off: no weights at all");
        assertNull(KeyBias.weights(VOCABULARY, new int[] {1}, 3), "no key to steer toward");
        assertThrows(IllegalArgumentException.class, () -> KeyBias.weights(VOCABULARY, start("C"), -1));
        assertThrows(IllegalArgumentException.class, () -> KeyBias.check(Double.NaN));
    }

    private static List<GeneratedPiece> decode(float[] weights) {
        List<RowRequest> rows = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            rows.add(RowRequest.of(i, start("C"), Sampling.DEFAULT, 11, 300).withTokenWeights(weights));
        }
        return new SamplingDecoder().decode(new FakeStepModel(VOCABULARY.size()), rows, GenerationListener.NONE);
    }

    private static double inKeyShare(List<GeneratedPiece> pieces) {
        int notes = 0;
        int inKey = 0;
        for (GeneratedPiece p : pieces) {
            for (int id : p.continuation()) {
                String token = VOCABULARY.token(id);
                if (!token.startsWith("n:")) continue;
                notes++;
                if (Key.parse("C").inScale(Integer.parseInt(token.substring(2)))) inKey++;
            }
        }
        assertTrue(notes > 50, "enough notes to judge: " + notes);
        return inKey / (double) notes;
    }

    @Test
    void steeringRaisesTheShareOfNotesInTheKeyAndOffChangesNoDraw() {
        List<GeneratedPiece> plain = new SamplingDecoder().decode(new FakeStepModel(VOCABULARY.size()),
                List.of(RowRequest.of(0, start("C"), Sampling.DEFAULT, 11, 300)), GenerationListener.NONE);
        List<GeneratedPiece> off = decode(KeyBias.weights(VOCABULARY, start("C"), 0));
        assertArrayEquals(plain.get(0).continuation(), off.get(0).continuation(), "strength 0 draws exactly as before");

        double none = inKeyShare(off);
        double some = inKeyShare(decode(KeyBias.weights(VOCABULARY, start("C"), 1.5)));
        double strong = inKeyShare(decode(KeyBias.weights(VOCABULARY, start("C"), KeyBias.MAX_STRENGTH)));
        assertTrue(none < 0.75, "the fake model knows no key: " + none);
        assertTrue(some > none + 0.1, none + " -> " + some);
        assertEquals(1.0, strong, "at full strength every note is in the key");
    }

    @Test
    void theSettingReadsAndPrintsAsAnEvaluateCompareKey() {
        Decoding d = Decoding.parse("top-p=0.95,key-strength=2.5");
        assertEquals(2.5, d.keyStrength());
        assertEquals(d, Decoding.parse(d.describe()));
        assertEquals(0, Decoding.parse("top-p=0.95").keyStrength());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Decoding.parse("key-strength=x"));
        assertTrue(e.getMessage().contains("'x' is not a number"), e.getMessage());
    }
}
